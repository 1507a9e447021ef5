import { describe, expect, it } from 'vitest';
import { sseParser } from './sse.ts';

describe('sseParser', () => {
  it('joins records split across chunks and keeps an incomplete tail for the next chunk', () => {
    const parse = sseParser();
    expect(parse('event: start\ndata: {"a":')).toEqual([]);
    expect(parse('1}\n\nevent: delta\r\ndata: {"t":"x"}\r\n\r\nevent: do')).toEqual([
      { event: 'start', data: '{"a":1}' },
      { event: 'delta', data: '{"t":"x"}' },
    ]);
    expect(parse('ne\ndata: {}\n\n')).toEqual([{ event: 'done', data: '{}' }]);
  });

  it('skips comments, joins multi-line data and ignores records without data', () => {
    const parse = sseParser();
    expect(parse(': keep-alive\n\nevent: x\n\ndata: a\ndata: b\n\n')).toEqual([{ event: 'message', data: 'a\nb' }]);
  });
});
