#!/usr/bin/env node
/**
 * gym-footage: render scenes to MP4 + truth.
 *   npx tsx footage/src/cli.ts list
 *   npx tsx footage/src/cli.ts render <name|scene.json>... [--out DIR]     (default DIR: ~/.cache/smart-gym/footage/rendered)
 * Exit 1 with the field named when a scene is invalid; 2 on usage errors.
 */
import { existsSync, readFileSync } from 'node:fs';
import { ZodError } from 'zod';
import { footageCacheDir, renderScene } from './render.ts';
import { builtinScenes } from './scenes/index.ts';
import type { SceneInput } from './scene.schema.ts';

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  const scenes = builtinScenes();
  if (cmd === 'list') {
    for (const [name, s] of scenes) console.log(`${name.padEnd(22)} ${s.durationS} s, ${s.people.length} people`);
    return 0;
  }
  if (cmd !== 'render' || !rest.length) {
    console.error('usage: gym-footage list | render <name|scene.json>... [--out DIR]');
    return 2;
  }
  const outAt = rest.indexOf('--out');
  const out = outAt >= 0 ? rest[outAt + 1] : footageCacheDir();
  if (!out) return (console.error('--out needs a directory'), 2);
  const names = rest.filter((_, i) => i !== outAt && i !== outAt + 1);
  for (const n of names) {
    let scene: SceneInput | undefined = scenes.get(n);
    if (!scene) {
      if (!existsSync(n)) return (console.error(`no built-in scene or file named ${n} (see: list)`), 2);
      scene = JSON.parse(readFileSync(n, 'utf8')) as SceneInput;
    }
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
  return 0;
}

main(process.argv.slice(2)).then((c) => process.exit(c), (e: Error) => (console.error(e.message), process.exit(1)));
