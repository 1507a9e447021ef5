#!/usr/bin/env node
// Runs every bench/*.ts (or the ones named: `node scripts/bench-all.mjs ingest`) and lets each print its table.
// Benchmarks print ratios against a reference measured in the same run; they are never pass/fail tests.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2);
const files = readdirSync(`${root}bench`).filter((f) => f.endsWith('.bench.ts') && (!only.length || only.some((o) => f.includes(o)))).sort();
if (!files.length) console.log('no benchmarks under bench/ yet');
let failed = 0;
for (const f of files) {
  console.log(`\n### ${f}`);
  const r = spawnSync('npx', ['tsx', `bench/${f}`], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) { failed++; console.log(`(${f} exited with ${r.status})`); }
}
process.exit(failed ? 1 : 0);
