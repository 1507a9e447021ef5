import { describe, expect, it } from 'vitest';
import { parseRoute } from './use-route.ts';

describe('parseRoute', () => {
  it('reads the page and its argument, and falls back to Now for anything unknown', () => {
    expect(parseRoute('#/join/abc%2Fdef')).toEqual({ page: 'join', arg: 'abc/def' });
    expect(parseRoute('#/history')).toEqual({ page: 'history', arg: null });
    expect(parseRoute('')).toEqual({ page: 'now', arg: null });
    expect(parseRoute('#/nonsense/x')).toEqual({ page: 'now', arg: null });
    expect(parseRoute('#/me?x=1')).toEqual({ page: 'me', arg: null });
  });
});
