/** Node file helpers for `gym.poses/1` (kept apart so the browser bundle never imports node:fs). */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { PosesWriter, readPoses, type PoseFrame, type PosesHeader, type PosesRecord } from './gym-poses.ts';

export function readPosesFile(path: string): AsyncGenerator<PosesRecord> {
  return readPoses(createReadStream(path, { highWaterMark: 1 << 16 }));
}

/** Reads a whole recording into memory (for tests and small files; use readPosesFile to stream). */
export async function loadPosesFile(path: string): Promise<{ header: PosesHeader; frames: PoseFrame[] }> {
  let header: PosesHeader | undefined;
  const frames: PoseFrame[] = [];
  for await (const r of readPosesFile(path)) {
    if (r.kind === 'header') header = r.header;
    else frames.push(r.frame);
  }
  return { header: header!, frames };
}

export async function writePosesFile(path: string, fps: number, frames: Iterable<PoseFrame>, extra: Record<string, unknown> = {}): Promise<void> {
  const out = createWriteStream(path);
  const w = new PosesWriter((l) => out.write(l), fps, extra);
  for (const f of frames) w.frame(f);
  out.end();
  await once(out, 'finish');
}
