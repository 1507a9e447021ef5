/** Built-in scenes (JSON files beside this one) and the generated coverage set, by name. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SceneInput } from '../scene.schema.ts';
import { coverageScenes, negativeScenes } from '../coverage/coverage-scenes.ts';

const DIR = import.meta.dirname;

export function builtinScenes(): Map<string, SceneInput> {
  const m = new Map<string, SceneInput>();
  for (const f of readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()) {
    const s = JSON.parse(readFileSync(join(DIR, f), 'utf8')) as SceneInput;
    m.set(s.name, s);
  }
  return m;
}

/** Built-in scenes, then the coverage set (`cov-…`, the negatives `cov-neg-…`). */
export function allScenes(): Map<string, SceneInput> {
  const m = builtinScenes();
  for (const c of coverageScenes()) m.set(c.scene.name, c.scene);
  for (const c of negativeScenes()) m.set(c.scene.name, c.scene);
  return m;
}
