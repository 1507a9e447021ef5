/**
 * The rendered clip through the whole analysis pipeline a user runs (`npx gym analyse-video`: decode → NanoDet →
 * tracker → MediaPipe pose in headless Chromium → exercise engine), checked against the clip's own truth file.
 * The clip is the set-up's cached render (rendered here if missing).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FootageTruth } from '@gym/shared';
import { footageCacheDir, renderScene } from './render.ts';
import { builtinScenes } from './scenes/index.ts';

const ROOT = join(import.meta.dirname, '../..');

describe('rendered footage through gym analyse-video', () => {
  it('counts and names the rendered squats as the truth file says', async () => {
    const r = await renderScene(builtinScenes().get('squat-front')!, footageCacheDir());
    const truth = FootageTruth.parse(JSON.parse(readFileSync(r.truth, 'utf8')));
    const expected = truth.people[0]!.sets.flatMap((s) => s.reps).filter((x) => x.counted).length;
    const out = execFileSync('npx', ['gym', 'analyse-video', r.video], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 240_000 });
    const people = out.split('\n').filter((l) => l.includes('"person"')).map((l) => JSON.parse(l) as { exercise: string | null; reps: number });
    const best = people.sort((a, b) => b.reps - a.reps)[0];
    expect(best, `analyse-video found nobody: ${out.slice(0, 500)}`).toBeDefined();
    expect(best!.exercise).toBe('squat');
    expect(Math.abs(best!.reps - expected)).toBeLessThanOrEqual(1);
  }, 300_000);
});
