/**
 * No-code exercises: extra catalogue entries written as YAML (one exercise, or a list), referenced from the gym
 * config (`exercises: [path, ...]`). Parsed and validated here (pure: the caller reads the files); a bad entry is
 * refused with the file and the field named, e.g. `exercises/leg-raise.yaml: signal.feature: Invalid option ...`.
 */
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '@gym/shared/errors.ts';
import { Catalogue, Exercise } from './catalogue.schema.ts';
import { CATALOGUE } from './catalogue.ts';

export interface ExerciseSource {
  /** Name shown in errors (the file's path). */
  source: string;
  text: string;
}

/** The exercises of one YAML text, validated (throws ConfigError naming the file and every bad field). */
export function parseExerciseYaml({ source, text }: ExerciseSource): Exercise[] {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new ConfigError(source, [{ field: '(syntax)', message: (e as Error).message.split('\n')[0]! }]);
  }
  const list = Array.isArray(raw) ? raw : [raw];
  const out: Exercise[] = [];
  const issues: { field: string; message: string }[] = [];
  list.forEach((item, i) => {
    const r = Exercise.safeParse(item);
    if (r.success) out.push(r.data);
    else for (const is of r.error.issues) issues.push({ field: [...(list.length > 1 ? [i] : []), ...is.path].join('.') || '(root)', message: is.message });
  });
  if (issues.length) throw new ConfigError(source, issues);
  return out;
}

/** The built-in catalogue plus the exercises of the given YAML files (a name may not repeat a built-in one). */
export function catalogueWithYaml(files: readonly ExerciseSource[], base: Catalogue = CATALOGUE): Catalogue {
  const extra = files.flatMap((f) => parseExerciseYaml(f).map((ex) => ({ ex, source: f.source })));
  const names = new Set(base.map((e) => e.name));
  for (const { ex, source } of extra) {
    if (names.has(ex.name)) throw new ConfigError(source, [{ field: 'name', message: `exercise "${ex.name}" is already defined` }]);
    names.add(ex.name);
  }
  return Catalogue.parse([...base, ...extra.map((x) => x.ex)]);
}
