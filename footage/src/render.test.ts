import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FootageTruth } from '@gym/shared';
import { renderScene } from './render.ts';

const dir = mkdtempSync(join(tmpdir(), 'gym-footage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('renderScene (headless Chromium, SwiftShader, ffmpeg)', () => {
  it('renders an MP4 with its truth and per-frame landmarks, and skips a second identical render', async () => {
    const scene = {
      name: 'tiny-curl',
      durationS: 3,
      fps: 5,
      width: 320,
      height: 240,
      camera: { position: [0, 1.1, 2.8] as [number, number, number], target: [0, 0.9, 0] as [number, number, number] },
      people: [{ role: 'exercising' as const, id: 'p1', at: { x: 0, z: 0 }, startS: 0.2, sets: [{ exercise: 'biceps_curl' as const, reps: 1 }] }],
    };
    const r = await renderScene(scene, dir);
    expect(r.cached).toBe(false);
    const frames = Number(execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames,width,height', '-of', 'csv=p=0', r.video]).toString().trim().split(',')[2]);
    expect(frames).toBe(15);
    const truth = FootageTruth.parse(JSON.parse(readFileSync(r.truth, 'utf8')));
    expect(truth.people[0]!.sets[0]!.reps).toHaveLength(1);
    expect(truth.people[0]!.visible.length).toBeGreaterThan(0);
    const lines = readFileSync(r.landmarks, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(16);
    const f = JSON.parse(lines[1]!) as { people: Record<string, [number, number, number][]> };
    const nose = f.people['p1']![0]!;
    expect(nose[0]).toBeGreaterThan(100);
    expect(nose[0]).toBeLessThan(220);
    expect((await renderScene(scene, dir)).cached).toBe(true);
  }, 120_000);
});
