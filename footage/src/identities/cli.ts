#!/usr/bin/env node
/**
 * Renders a re-identification set of rendered people (render-identities.ts):
 *   npx tsx footage/src/identities/cli.ts --count 300 --views 4 --seed 1 [--first 0] [--out DIR]
 * Default DIR: $GYM_CACHE/ml/reid-v1 (else ~/.cache/smart-gym/ml/reid-v1). Exit 2 on usage errors.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { renderIdentities } from './render-identities.ts';

const USAGE = 'usage: identities --count N --views V --seed S [--first K] [--out DIR]';

async function main(): Promise<number> {
  let v;
  try {
    v = parseArgs({ options: { count: { type: 'string' }, views: { type: 'string', default: '4' }, seed: { type: 'string', default: '1' }, first: { type: 'string', default: '0' }, out: { type: 'string' } } }).values;
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const n = (name: string, s: string | undefined, min: number) => {
    const x = Number(s);
    if (!Number.isInteger(x) || x < min) throw new Error(`--${name} must be an integer ≥ ${min} (got ${s ?? 'nothing'})`);
    return x;
  };
  let opts;
  try {
    opts = { count: n('count', v.count, 1), views: n('views', v.views, 2), seed: n('seed', v.seed, 0), first: n('first', v.first, 0) };
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const cache = process.env['GYM_CACHE'] ?? join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'smart-gym');
  const out = v.out ?? join(cache, 'ml', 'reid-v1');
  const r = await renderIdentities({ ...opts, out }, (l) => console.log(l));
  console.log(r.cached ? `${r.labels}: up to date (${r.crops} crops)` : `wrote ${r.crops} crops and ${r.labels} in ${r.seconds.toFixed(0)} s`);
  return 0;
}

main().then((c) => process.exit(c), (e) => (console.error(e), process.exit(1)));
