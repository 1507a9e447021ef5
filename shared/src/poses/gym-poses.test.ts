import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PoseFileError } from '../errors.ts';
import type { Skeleton } from '../landmarks.ts';
import { formatPoseFrame, PosesWriter, readPoses, type PosesRecord } from './gym-poses.ts';
import { loadPosesFile, readPosesFile, writePosesFile } from './gym-poses-file.ts';

const skel = (k = 0): Skeleton => Array.from({ length: 33 }, (_, i) => [i / 33, 0.5 + k / 100, -0.1, 0.9]);
const header = '{"format":"gym.poses/1","fps":30,"skeleton":"mediapipe-33"}';

async function collect(text: string | string[]): Promise<PosesRecord[]> {
  const out: PosesRecord[] = [];
  for await (const r of readPoses(Readable.from(Array.isArray(text) ? text : [text]))) out.push(r);
  return out;
}

async function errorOf(text: string): Promise<PoseFileError> {
  try {
    await collect(text);
  } catch (e) {
    expect(e).toBeInstanceOf(PoseFileError);
    return e as PoseFileError;
  }
  throw new Error('expected a PoseFileError');
}

describe('gym.poses/1', () => {
  it('round-trips header, frames and null frames through the writer and reader', async () => {
    const lines: string[] = [];
    const w = new PosesWriter((l) => lines.push(l), 30, { source: 'test' });
    w.frame({ t: 0, kp: skel(0) });
    w.frame({ t: 33.3333, kp: null });
    w.frame({ t: 66.7, kp: skel(1) });
    const recs = await collect(lines.join(''));
    expect(recs[0]).toMatchObject({ kind: 'header', header: { format: 'gym.poses/1', fps: 30, skeleton: 'mediapipe-33', source: 'test' } });
    const frames = recs.flatMap((r) => (r.kind === 'frame' ? [r.frame] : []));
    expect(frames.map((f) => f.t)).toEqual([0, 33.333, 66.7]);
    expect(frames[1]!.kp).toBeNull();
    expect(frames[2]!.kp![5]).toEqual([0.15152, 0.51, -0.1, 0.9]);
  });

  it('accepts extra fields, CRLF line ends, blank lines and chunks split mid-line and mid-character', async () => {
    const text = `{"format":"gym.poses/1","fps":25,"skeleton":"mediapipe-33","note":"Ünïcode"}\r\n\r\n${JSON.stringify({ t: 40, kp: skel(), person: 2 })}\r\n`;
    const bytes = new TextEncoder().encode(text);
    const chunks = [bytes.slice(0, 70), bytes.slice(70, 75), bytes.slice(75)];
    const recs: PosesRecord[] = [];
    for await (const r of readPoses(Readable.from(chunks))) recs.push(r);
    expect(recs).toHaveLength(2);
    expect(recs[0]!.kind === 'header' && recs[0]!.header.note).toBe('Ünïcode');
    expect(recs[1]).toMatchObject({ kind: 'frame', line: 3, frame: { t: 40 } });
  });

  it.each([
    ['not JSON', `${header}\n{"t":1,"kp":null}\n{oops\n`, 3, /not valid JSON/],
    ['wrong format', '{"format":"gym.poses/2","fps":30,"skeleton":"mediapipe-33"}\n', 1, /format must be "gym.poses\/1"/],
    ['bad fps', '{"format":"gym.poses/1","fps":0,"skeleton":"mediapipe-33"}\n', 1, /fps/],
    ['wrong skeleton', '{"format":"gym.poses/1","fps":30,"skeleton":"coco-17"}\n', 1, /skeleton/],
    ['missing t', `${header}\n{"kp":null}\n`, 2, /"t" must be/],
    ['too few landmarks', `${header}\n${JSON.stringify({ t: 0, kp: skel().slice(0, 17) })}\n`, 2, /33 landmarks, got 17/],
    ['landmark of 3 values', `${header}\n${JSON.stringify({ t: 0, kp: skel().map((p, i) => (i === 4 ? p.slice(0, 3) : p)) })}\n`, 2, /kp\[4\]/],
    ['string coordinate', `${header}\n${JSON.stringify({ t: 0, kp: skel().map((p, i) => (i === 7 ? [p[0], 'x', p[2], p[3]] : p)) })}\n`, 2, /kp\[7\]\[1\]/],
    ['array instead of object', `${header}\n[1,2]\n`, 2, /JSON object/],
    ['empty file', '', 1, /empty file/],
  ])('rejects %s with the line number', async (_name, text, line, msg) => {
    const e = await errorOf(text);
    expect(e.line).toBe(line);
    expect(e.message).toMatch(msg);
    expect(e.message).toMatch(new RegExp(`^line ${line}:`));
  });

  it('streams a large file from disk without reading it whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'poses-'));
    const path = join(dir, 'big.jsonl');
    const n = 20_000;
    await writePosesFile(path, 60, (function* () {
      for (let i = 0; i < n; i++) yield { t: i * 16.667, kp: i % 50 === 0 ? null : skel(i % 7) };
    })());
    let frames = 0;
    for await (const r of readPosesFile(path)) if (r.kind === 'frame') frames++;
    expect(frames).toBe(n);
    const { header: h, frames: all } = await loadPosesFile(path);
    expect(h.fps).toBe(60);
    expect(all.filter((f) => f.kp === null)).toHaveLength(n / 50);
  });

  it('reports a malformed line deep in a file on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'poses-'));
    const path = join(dir, 'bad.jsonl');
    const good = formatPoseFrame({ t: 0, kp: skel() });
    writeFileSync(path, [header, ...Array(500).fill(good), '{"t":"soon","kp":null}', good].join('\n'));
    await expect(loadPosesFile(path)).rejects.toThrow(/^line 502: "t" must be a finite number/);
  });
});
