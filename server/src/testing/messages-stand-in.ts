/**
 * A local HTTP stand-in for the Anthropic Messages API (tests and benches only; never the real API). Each request
 * pops the next scripted behaviour: text, tool use, an error status with retry headers, a hang, a malformed
 * body, or a stream that stalls / errors midway. Streams are SSE in the API's event order.
 *
 * With `countTokens`, input usage is counted from the request (about 4 characters a token) and prompt caching is
 * played as the API documents it: the prompt is tools → system → messages; a `cache_control` block ends a cacheable
 * prefix (at most 4); the longest earlier-written prefix is read (`cache_read_input_tokens`), the prefix up to the
 * last breakpoint is written when it is at least `minCacheTokens` long (`cache_creation_input_tokens`), and
 * `input_tokens` counts only the rest. The cache lives as long as the stand-in (no 5-minute expiry).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface StandInOptions {
  /** Count input tokens from the request and play the prompt cache (else input is the scripted `usage.input`). */
  countTokens?: boolean;
  /** The shortest prefix the API caches (1024 tokens for Sonnet models). */
  minCacheTokens?: number;
}

export interface InputUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/** ~4 characters a token (the API's own tokenizer is not public; the bench reports ratios, not absolute counts). */
export const approxTokens = (s: string) => Math.ceil(s.length / 4);

type Block = { type?: string; text?: string; cache_control?: unknown } & Record<string, unknown>;

/** The prompt in cache order as (hashable text, tokens, is-breakpoint) pieces. */
function promptPieces(body: Record<string, unknown>): { text: string; tokens: number; breakpoint: boolean }[] {
  const out: { text: string; tokens: number; breakpoint: boolean }[] = [];
  const add = (b: Block | string, role = '') => {
    const text = typeof b === 'string' ? b : typeof b.text === 'string' ? b.text : JSON.stringify({ ...b, cache_control: undefined });
    out.push({ text: role + text, tokens: approxTokens(text) + (role ? 3 : 0), breakpoint: typeof b !== 'string' && b.cache_control !== undefined });
  };
  for (const t of (body.tools as Block[] | undefined) ?? []) add(t);
  const system = body.system as string | Block[] | undefined;
  if (typeof system === 'string') add(system);
  else for (const b of system ?? []) add(b);
  for (const m of (body.messages as { role: string; content: string | Block[] }[] | undefined) ?? []) {
    if (typeof m.content === 'string') add(m.content, `${m.role}:`);
    else m.content.forEach((b, i) => add(b, i === 0 ? `${m.role}:` : ''));
  }
  // A top-level cache_control marks the last block.
  if (body.cache_control && out.length) out.at(-1)!.breakpoint = true;
  return out;
}

export type Behaviour =
  | { kind: 'text'; text: string; chunkDelayMs?: number; delayMs?: number; usage?: { input: number; output: number } }
  | { kind: 'tool'; name: string; input: unknown; usage?: { input: number; output: number } }
  | { kind: 'status'; status: number; headers?: Record<string, string> }
  | { kind: 'hang' }
  | { kind: 'malformed' }
  | { kind: 'stall'; afterText: string }
  | { kind: 'midStreamError'; afterText: string };

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

const errType: Record<number, string> = { 400: 'invalid_request_error', 401: 'authentication_error', 429: 'rate_limit_error', 529: 'overloaded_error' };

export class MessagesStandIn {
  readonly requests: RecordedRequest[] = [];
  /** Prefix hash → tokens, for the prompt cache (countTokens). */
  private readonly cache = new Map<string, number>();

  constructor(private readonly opts: StandInOptions = {}) {}

  /** What the API would report for this request's input (countTokens), writing the cache as it does. */
  inputUsage(body: Record<string, unknown>): InputUsage {
    const pieces = promptPieces(body);
    const total = pieces.reduce((n, p) => n + p.tokens, 0);
    const h = createHash('sha256');
    let upTo = 0;
    const prefixes: { key: string; tokens: number }[] = [];
    for (const p of pieces) {
      h.update(p.text).update('\u0000');
      upTo += p.tokens;
      if (p.breakpoint) prefixes.push({ key: h.copy().digest('hex'), tokens: upTo });
    }
    const read = prefixes.filter((p) => this.cache.has(p.key)).at(-1)?.tokens ?? 0;
    const min = this.opts.minCacheTokens ?? 1024;
    const last = prefixes.at(-1);
    let created = 0;
    if (last && last.tokens >= min && last.tokens > read) {
      created = last.tokens - read;
      for (const p of prefixes) if (p.tokens >= min) this.cache.set(p.key, p.tokens);
    }
    return { input_tokens: total - read - created, cache_creation_input_tokens: created, cache_read_input_tokens: read };
  }

  private script: Behaviour[] = [];
  private sockets = new Set<Socket>();
  private server = createServer((req, res) => void this.handle(req, res));
  url = '';

  async start(): Promise<this> {
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Queue behaviours; when the queue is empty the stand-in answers `text: "ok"`. */
  push(...b: Behaviour[]) {
    this.script.push(...b);
  }

  /** Forget what was recorded and queued (between tests). */
  reset() {
    this.requests.length = 0;
    this.script = [];
    this.cache.clear();
  }

  async close() {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    let raw = '';
    for await (const c of req) raw += c;
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    this.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    const b = this.script.shift() ?? { kind: 'text', text: 'ok' };
    const model = String(body.model ?? 'unknown');
    if (b.kind === 'hang') return;
    if (b.kind === 'text' && b.delayMs) await new Promise((r) => setTimeout(r, b.delayMs));
    if (b.kind === 'status') {
      res.writeHead(b.status, { 'content-type': 'application/json', 'request-id': 'req_standin', ...b.headers });
      res.end(JSON.stringify({ type: 'error', error: { type: errType[b.status] ?? 'api_error', message: `stand-in ${b.status}` }, request_id: 'req_standin' }));
      return;
    }
    if (b.kind === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"msg_1","type":"message","content":[{"type":"te');
      return;
    }
    const usage = (b.kind === 'text' || b.kind === 'tool') && b.usage ? b.usage : { input: 10, output: 5 };
    const input: InputUsage = this.opts.countTokens ? this.inputUsage(body) : { input_tokens: usage.input, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
    const message = { id: 'msg_standin', type: 'message', role: 'assistant', model, stop_reason: null, stop_sequence: null, content: [] as unknown[], usage: { ...input, output_tokens: 0 } };
    if (!body.stream) {
      const content = b.kind === 'tool' ? [{ type: 'tool_use', id: 'toolu_1', name: b.name, input: b.input }] : [{ type: 'text', text: 'text' in b ? b.text : b.afterText }];
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ...message, content, stop_reason: b.kind === 'tool' ? 'tool_use' : 'end_turn', usage: { ...input, output_tokens: usage.output } }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (type: string, data: Record<string, unknown>) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
    send('message_start', { message });
    send('ping', {});
    if (b.kind === 'tool') {
      send('content_block_start', { index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: b.name, input: {} } });
      const json = JSON.stringify(b.input);
      for (let i = 0; i < json.length; i += 8) send('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: json.slice(i, i + 8) } });
    } else {
      const text = b.kind === 'text' ? b.text : b.afterText;
      send('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
      for (const piece of text.match(/.{1,6}/gs) ?? []) {
        send('content_block_delta', { index: 0, delta: { type: 'text_delta', text: piece } });
        if (b.kind === 'text' && b.chunkDelayMs) await new Promise((r) => setTimeout(r, b.chunkDelayMs));
      }
      if (b.kind === 'stall') return; // never finishes
      if (b.kind === 'midStreamError') {
        send('error', { error: { type: 'overloaded_error', message: 'Overloaded' } });
        res.end();
        return;
      }
    }
    send('content_block_stop', { index: 0 });
    send('message_delta', { delta: { stop_reason: b.kind === 'tool' ? 'tool_use' : 'end_turn', stop_sequence: null }, usage: { output_tokens: usage.output } });
    send('message_stop', {});
    res.end();
  }
}
