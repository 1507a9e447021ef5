import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeVideo, outputSize, probeVideo } from './video-decoder.ts';
import { VideoDecodeError } from './errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'gym-decode-'));
const clip = join(dir, 'clip.mp4');
// 2 s of a 25 fps test pattern, 320×240.
execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-t', '2', '-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-preset', 'ultrafast', clip]);

async function all(file: string, fps: number, maxWidth?: number) {
  const info = await probeVideo(file);
  const out = [];
  for await (const f of decodeVideo(file, info, { fps, ...(maxWidth ? { maxWidth } : {}) })) out.push({ t: f.t, w: f.width, h: f.height, bytes: f.data.length, px: [...f.data.subarray(0, 4)] });
  return { info, out };
}

describe('video decoder', () => {
  it('probes size, rate and duration', async () => {
    const info = await probeVideo(clip);
    expect(info).toMatchObject({ width: 320, height: 240, fps: 25, codec: 'h264' });
    expect(info.duration).toBeCloseTo(2, 1);
  });

  it('samples frames at the analysis rate on the file timeline, never above the file rate', async () => {
    const { out } = await all(clip, 10);
    expect(out).toHaveLength(20);
    expect(out.slice(0, 3).map((f) => f.t)).toEqual([0, 100, 200]);
    expect(out[0]).toMatchObject({ w: 320, h: 240, bytes: 320 * 240 * 4 });
    expect(out[0]!.px[3]).toBe(255); // RGBA, opaque
    const fast = await all(clip, 60);
    expect(fast.out).toHaveLength(50);
    expect(fast.out[1]!.t).toBe(40);
  });

  it('scales wide videos down to maxWidth, keeping the aspect ratio', async () => {
    const { out } = await all(clip, 5, 160);
    expect(out[0]).toMatchObject({ w: 160, h: 120, bytes: 160 * 120 * 4 });
    expect(outputSize(1920, 1080, 1280)).toEqual({ width: 1280, height: 720 });
  });

  it('names the file when it cannot be read', async () => {
    const bad = join(dir, 'not-a-video.mp4');
    writeFileSync(bad, 'hello');
    await expect(probeVideo(bad)).rejects.toBeInstanceOf(VideoDecodeError);
    await expect(probeVideo(bad)).rejects.toThrow(/not-a-video\.mp4/);
    await expect(probeVideo(join(dir, 'missing.mp4'))).rejects.toThrow(/missing\.mp4/);
  });
});
