/** Built-in scenes (JSON files beside this one), by name. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SceneInput } from '../scene.schema.ts';

const DIR = import.meta.dirname;

export function builtinScenes(): Map<string, SceneInput> {
  const m = new Map<string, SceneInput>();
  for (const f of readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()) {
    const s = JSON.parse(readFileSync(join(DIR, f), 'utf8')) as SceneInput;
    m.set(s.name, s);
  }
  return m;
}
