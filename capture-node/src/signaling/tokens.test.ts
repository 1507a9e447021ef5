import { describe, expect, it } from 'vitest';
import { parseTokens } from '../config.ts';
import { allows, TokenStore } from './tokens.ts';

describe('signaling tokens', () => {
  it('parses all-camera and scoped tokens', () => {
    expect(parseTokens('a, b:cam-1+cam-2,')).toEqual([
      { token: 'a', cameras: '*' },
      { token: 'b', cameras: ['cam-1', 'cam-2'] },
    ]);
  });
  it('accepts known tokens only and scopes them', () => {
    const store = new TokenStore(parseTokens('dev,scoped:cam-1'));
    expect(store.check('nope')).toBeNull();
    expect(store.check(undefined)).toBeNull();
    expect(store.check({ token: 'dev' })).toBeNull();
    expect(allows(store.check('scoped')!, 'cam-1')).toBe(true);
    expect(allows(store.check('scoped')!, 'cam-2')).toBe(false);
    const minted = store.mint(['cam-2']);
    expect(allows(store.check(minted)!, 'cam-2')).toBe(true);
    store.revoke(minted);
    expect(store.check(minted)).toBeNull();
  });
});
