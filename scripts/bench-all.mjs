#!/usr/bin/env node
// Runs every bench/*.ts (or the ones named: `node scripts/bench-all.mjs ingest`), lets each print its own table,
// and ends with ONE table of every bench's headline numbers (bench/lib/report.ts) with the reference measured in
// the same run and the goal beside each. Benchmarks are never pass/fail tests: a missed goal is reported, not failed.
// `--docs` also writes the table, with the machine it ran on, to docs/benchmarks.md.
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { createInterface } from 'node:readline';

const TAG = '@@bench-headline ';
const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const writeDocs = args.includes('--docs');
const only = args.filter((a) => !a.startsWith('--'));
const files = readdirSync(`${root}bench`).filter((f) => f.endsWith('.bench.ts') && (!only.length || only.some((o) => f.includes(o)))).sort();
if (!files.length) console.log('no benchmarks under bench/ yet');

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average at start ${loadavg()[0].toFixed(1)}`;
const started = new Date();
const rows = [];
const failedBenches = [];

function runBench(f) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn('npx', ['tsx', `bench/${f}`], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith(TAG)) return void console.log(line);
      try {
        rows.push(JSON.parse(line.slice(TAG.length)));
      } catch {
        console.log(`(unreadable headline from ${f}: ${line.slice(0, 200)})`);
      }
    });
    child.on('close', (code) => resolve({ code, s: (Date.now() - t0) / 1000 }));
  });
}

for (const f of files) {
  console.log(`\n### ${f}`);
  const { code, s } = await runBench(f);
  console.log(`(${f}: ${s.toFixed(0)} s${code ? `, exited with ${code}` : ''})`);
  if (code) failedBenches.push(f);
}

const num = (x) => (Number.isFinite(x) ? (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2)) : '—');
function verdict(r) {
  if (!r.goal || !Number.isFinite(r.value)) return '';
  return (r.goal.op === '>=' ? r.value >= r.goal.value : r.value <= r.goal.value) ? 'met' : '**not met**';
}
const lines = [
  '| bench | metric | value | reference (same run) | ratio | goal | |',
  '|---|---|---|---|---|---|---|',
  ...rows.map((r) => {
    const ref = r.reference ? `${num(r.reference.value)} ${r.unit} (${r.reference.label})` : '—';
    const ratio = r.reference && r.reference.value ? `${(r.value / r.reference.value).toFixed(2)}×` : '—';
    const goal = r.goal ? `${r.goal.op} ${num(r.goal.value)} ${r.unit}` : '—';
    return `| ${r.bench} | ${r.metric}${r.note ? ` (${r.note})` : ''} | ${num(r.value)} ${r.unit} | ${ref} | ${ratio} | ${goal} | ${verdict(r)} |`;
  }),
];
console.log(`\n## All headline numbers (${machine})\n`);
console.log(lines.join('\n'));
if (failedBenches.length) console.log(`\nbenches that exited non-zero: ${failedBenches.join(', ')}`);

mkdirSync(`${root}.gym/bench`, { recursive: true });
writeFileSync(`${root}.gym/bench/headlines.json`, JSON.stringify({ machine, started, rows }, null, 2));
if (writeDocs) {
  const path = `${root}docs/benchmarks.md`;
  const doc = readFileSync(path, 'utf8');
  const begin = '<!-- bench-table:begin -->', end = '<!-- bench-table:end -->';
  const i = doc.indexOf(begin), j = doc.indexOf(end);
  if (i < 0 || j < i) throw new Error(`${path} lacks the ${begin} … ${end} markers`);
  const body = `${begin}\nRun ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine}; \`node scripts/bench-all.mjs --docs${only.length ? ' ' + only.join(' ') : ''}\`.\n\n${lines.join('\n')}\n${end}`;
  writeFileSync(path, doc.slice(0, i) + body + doc.slice(j + end.length));
  console.log(`\nwrote the table to docs/benchmarks.md`);
}
process.exit(failedBenches.length ? 1 : 0);
