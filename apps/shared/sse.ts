/**
 * A reader of `text/event-stream` bodies (`event: <type>\ndata: <json>\n\n`), for streams answered to a POST
 * (EventSource only does GET). Feed it chunks as they arrive; it returns the complete records and keeps the rest.
 */
export interface SseRecord {
  event: string;
  data: string;
}

export function sseParser() {
  let buf = '';
  return (chunk: string): SseRecord[] => {
    buf += chunk.replace(/\r\n?/g, '\n');
    const out: SseRecord[] = [];
    let end: number;
    while ((end = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, end);
      buf = buf.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const i = line.indexOf(':');
        const field = i < 0 ? line : line.slice(0, i);
        const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length) out.push({ event, data: data.join('\n') });
    }
    return out;
  };
}

/** Reads a Response body as SSE records, calling `on` for each, until the stream ends. */
export async function readSse(res: Response, on: (r: SseRecord) => void): Promise<void> {
  if (!res.body) throw new Error('the answer has no body');
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const parse = sseParser();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    for (const r of parse(value)) on(r);
  }
}
