#!/usr/bin/env node
/**
 * gym-footage: render scenes to MP4 + truth.
 *   npx tsx footage/src/cli.ts list [--coverage]
 *   npx tsx footage/src/cli.ts render <name|glob|scene.json>... [--out DIR]   (default DIR: $GYM_CACHE/footage/rendered)
 *   npx tsx footage/src/cli.ts coverage [--out DIR]                            (the whole coverage set and negatives, cached)
 *   npx tsx footage/src/cli.ts lineup [--seed S] [--count N] [--out DIR]      (N seeded looks side by side: a still, lineup-<S>-<N>.mp4)
 * Names are the built-in scenes and the coverage set (`cov-<exercise>-<view>-<tempo>`); `cov-squat-*` is a glob.
 * Exit 1 with the field named when a scene is invalid; 2 on usage errors.
 */
import { existsSync, readFileSync } from 'node:fs';
import { ZodError } from 'zod';
import { footageCacheDir, renderScene } from './render.ts';
import { allScenes } from './scenes/index.ts';
import type { SceneInput } from './scene.schema.ts';
import { lineupScene } from './variety/lineup.ts';

const USAGE = 'usage: gym-footage list [--coverage] | render <name|glob|scene.json>... [--out DIR] | coverage [--out DIR] | lineup [--seed S] [--count N] [--out DIR]';


async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  const scenes = allScenes();
  if (cmd === 'list') {
    const cov = rest.includes('--coverage');
    let frames = 0;
    for (const [name, s] of scenes) {
      if (name.startsWith('cov-') !== cov) continue;
      frames += s.durationS * (s.fps ?? 10);
      console.log(`${name.padEnd(30)} ${s.durationS} s, ${s.people.length} people`);
    }
    if (cov) console.log(`${Math.round(frames)} frames in all`);
    return 0;
  }
  const outAt = rest.indexOf('--out');
  const out = outAt >= 0 ? rest[outAt + 1] : footageCacheDir();
  if (!out) return (console.error('--out needs a directory'), 2);
  let names = rest.filter((_, i) => outAt < 0 || (i !== outAt && i !== outAt + 1));
  const todo: [string, SceneInput][] = [];
  if (cmd === 'lineup') {
    const num = (flag: string, d: number) => (names.includes(flag) ? Number(names[names.indexOf(flag) + 1]) : d);
    const seed = num('--seed', 1), count = num('--count', 8);
    if (!Number.isInteger(seed) || seed < 0 || !Number.isInteger(count) || count < 1 || count > 12) return (console.error('lineup: --seed a whole number ≥ 0, --count 1…12'), 2);
    todo.push([`lineup-${seed}-${count}`, lineupScene(seed, count)]);
    names = [];
  } else if (cmd === 'coverage') names = ['cov-*'];
  else if (cmd !== 'render' || !names.length) return (console.error(USAGE), 2);
  for (const n of names) {
    if (n.endsWith('*')) {
      const hits = [...scenes].filter(([k]) => k.startsWith(n.slice(0, -1)));
      if (!hits.length) return (console.error(`no scene matches ${n} (see: list, list --coverage)`), 2);
      todo.push(...hits);
      continue;
    }
    const scene = scenes.get(n);
    if (scene) todo.push([n, scene]);
    else if (existsSync(n)) todo.push([n, JSON.parse(readFileSync(n, 'utf8')) as SceneInput]);
    else return (console.error(`no built-in scene or file named ${n} (see: list, list --coverage)`), 2);
  }
  const t0 = Date.now();
  for (const [n, scene] of todo) {
    try {
      const r = await renderScene(scene, out, (l) => console.log(l));
      console.log(r.cached ? `${r.video}: up to date` : `${r.video}: rendered in ${r.seconds.toFixed(0)} s (${r.fps.toFixed(1)} frames/s)`);
    } catch (e) {
      if (e instanceof ZodError) {
        console.error(`scene ${n} is invalid:\n${e.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
        return 1;
      }
      throw e;
    }
  }
  if (todo.length > 1) console.log(`${todo.length} scenes in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return 0;
}

main(process.argv.slice(2)).then((c) => process.exit(c), (e: Error) => (console.error(e.message), process.exit(1)));
