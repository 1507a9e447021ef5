import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MessageChannel } from 'node:worker_threads';
import { Server } from 'socket.io';
import { describe, expect, it, vi } from 'vitest';
import { LANDMARK_COUNT, PerceptionFrame, WorkerStats, parsePerceptionFrame, type Ack } from '@gym/shared';
import { PerceptionSender } from '../net/perception-sender.ts';
import { toWireFrame } from '../net/packing.ts';
import { IdentityCounter } from '../tracking/track-metrics.ts';
import { simulateScene } from '../tracking/synthetic-scene.ts';
import { CameraPipeline } from './camera-pipeline.ts';
import { fakeModels, type FakeImage } from './fake-models.ts';
import { InferenceClient } from './inference-client.ts';
import { serveInference } from './inference-host.ts';
import type { PortLike } from './inference-protocol.ts';
import { PerceptionRunner } from './perception-runner.ts';
import { RemoteDetector, serveDetection } from './remote-detector.ts';
import type { BoxXYWH } from '../tracking/box.ts';

const W = 768;
const H = 576;
/** Two people crossing (the one behind gets weak detections), as the fake detector's view of each frame. */
function crossing(frames = 60, fps = 10) {
  const scene = simulateScene({
    frames,
    fps,
    walkers: [
      { x: 60, y: 200, vx: 10, vy: 0, w: 110, h: 300 },
      { x: 600, y: 190, vx: -10, vy: 0, w: 105, h: 290 },
    ],
    occlusion: 'weak',
    seed: 11,
  });
  return scene.map((f) => {
    // Identity of each detection = the ground-truth walker it came from (nearest truth box).
    const identities = f.detections.map((d) => {
      let best = 0;
      let bd = Infinity;
      for (const t of f.truth) {
        const dd = Math.abs(t.box.x - d.box.x) + Math.abs(t.box.y - d.box.y);
        if (dd < bd) ((bd = dd), (best = t.id));
      }
      return best;
    });
    const image: FakeImage = { width: W, height: H, detections: f.detections, identities };
    return { image, ts: 1_764_000_000_000 + f.ts, truth: f.truth };
  });
}

describe('CameraPipeline', () => {
  it('tracks, poses and embeds two crossing people with stable ids; frames validate with the shared schema', async () => {
    const { models, calls } = fakeModels({ withFace: true });
    // People ~300 px tall have ~25 px faces by their eye distance: allow small faces here.
    const p = new CameraPipeline(models, { cameraId: 'cam-1', gate: { bodyEveryMs: 1000, minFacePx: 20 } });
    const ids = new IdentityCounter(0.3);
    const bodyByTrack = new Map<number, Set<string>>();
    let tracksOut = 0;
    let withSkeleton = 0;
    let bodies = 0;
    let faces = 0;
    for (const f of crossing()) {
      const r = await p.process({ image: f.image, ts: f.ts, width: W, height: H });
      ids.add(f.truth, r.tracks.map((t) => ({ id: t.trackId, box: t.box })));
      const wire = toWireFrame(r.draft);
      const parsed = PerceptionFrame.safeParse(wire);
      expect(parsed.success).toBe(true);
      for (const t of r.tracks) {
        tracksOut++;
        if (t.skeleton?.length === LANDMARK_COUNT) withSkeleton++;
        if (t.body) {
          bodies++;
          // Which fake identity the embedding came from: its first component identifies it.
          if (!bodyByTrack.has(t.trackId)) bodyByTrack.set(t.trackId, new Set());
          bodyByTrack.get(t.trackId)!.add(t.body[0]!.toFixed(4));
        }
        if (t.face?.embedding) faces++;
      }
      expect(Object.keys(r.stageMs)).toEqual(expect.arrayContaining(['detect', 'track', 'pose', 'total']));
    }
    expect(ids.counts.idSwitches).toBe(0);
    expect(p.tracker.idsIssued).toBe(2);
    expect(withSkeleton).toBe(tracksOut);
    // Embeddings are not computed every frame: ~1 per second per person over 6 s, plus a few better views.
    expect(bodies).toBeGreaterThanOrEqual(6);
    expect(bodies).toBeLessThan(tracksOut / 4);
    expect(calls.bodyBoxes).toBe(bodies);
    // Each track's body embeddings all come from the same person (no identity mixing through the crossing).
    for (const s of bodyByTrack.values()) expect(s.size).toBe(1);
    expect(faces).toBeGreaterThan(0);
    expect(faces).toBeLessThan(tracksOut / 4);
    expect(p.timer.averages().total).toBeGreaterThanOrEqual(0);
  });

  it('with detectEvery 3 runs the detector on a third of the frames and keeps ids through pose tracking', async () => {
    const { models, calls } = fakeModels();
    const p = new CameraPipeline(models, { cameraId: 'cam-3', detectEvery: 3 });
    const ids = new IdentityCounter(0.3);
    let tracksOut = 0;
    let withSkeleton = 0;
    const frames = crossing();
    for (const f of frames) {
      const r = await p.process({ image: f.image, ts: f.ts, width: W, height: H });
      ids.add(f.truth, r.tracks.map((t) => ({ id: t.trackId, box: t.box })));
      tracksOut += r.tracks.length;
      withSkeleton += r.tracks.filter((t) => t.skeleton).length;
    }
    expect(calls.detect).toBe(Math.ceil(frames.length / 3));
    expect(ids.counts.idSwitches).toBe(0);
    expect(p.tracker.idsIssued).toBe(2);
    expect(ids.counts.matched / ids.counts.objects).toBeGreaterThan(0.9);
    expect(withSkeleton).toBe(tracksOut);
  });

  it('with fullFramePose finds a person the detector misses (pose on the whole frame), and not without it', async () => {
    const { models, calls } = fakeModels();
    const blind = { ...models, detector: { name: 'blind', detect: async () => [] } };
    const image: FakeImage = { width: W, height: H, detections: [] };
    const on = new CameraPipeline(blind, { cameraId: 'c', fullFramePose: true });
    const off = new CameraPipeline(blind, { cameraId: 'c' });
    let r = null;
    for (let i = 0; i < 5; i++) r = await on.process({ image, ts: i * 100, width: W, height: H });
    expect(r!.tracks).toHaveLength(1);
    expect(r!.tracks[0]!.skeleton).toHaveLength(LANDMARK_COUNT);
    expect(r!.tracks[0]!.trackId).toBe(1);
    // Once followed, later frames pose the person around their box, not the whole frame again.
    expect(calls.poseBoxes).toBe(5);
    for (let i = 0; i < 3; i++) r = await off.process({ image, ts: i * 100, width: W, height: H });
    expect(r!.tracks).toHaveLength(0);
  });

  it('works with a detector only (no pose, no embedders), sending tracks without skeletons', async () => {
    const { models } = fakeModels();
    const p = new CameraPipeline({ detector: models.detector }, { cameraId: 'cam-2' });
    const frames = crossing(10);
    let last = null;
    for (const f of frames) last = await p.process({ image: f.image, ts: f.ts, width: W, height: H });
    expect(last!.tracks.length).toBe(2);
    expect(last!.tracks.every((t) => t.skeleton === null && !t.body)).toBe(true);
    expect(PerceptionFrame.safeParse(toWireFrame(last!.draft)).success).toBe(true);
  });
});

describe('inference worker boundary + runner + sender', () => {
  it('streams frames through the worker boundary to a real socket.io server, dropping when busy', async () => {
    const { port1, port2 } = new MessageChannel();
    const { models } = fakeModels();
    let release: (() => void) | null = null;
    let gateOpen = true;
    const slowModels = {
      ...models,
      detector: {
        name: models.detector.name,
        async detect(img: FakeImage, o?: { minScore?: number; maxDetections?: number }) {
          if (!gateOpen) await new Promise<void>((r) => (release = r));
          return models.detector.detect(img, o);
        },
      },
    };
    const host = serveInference(port2 as unknown as PortLike, { createModels: async () => slowModels, backend: () => 'wasm' });
    const client = new InferenceClient<FakeImage>(port1 as unknown as PortLike);
    expect((await client.ready).models.detector).toBe('fake-detector');

    const http = createServer();
    const io = new Server(http);
    const got: ReturnType<typeof parsePerceptionFrame>[] = [];
    const stats: unknown[] = [];
    io.of('/worker').on('connection', (s) => {
      s.on('perception:frame', (raw: unknown, ack: (a: Ack<{ accepted: number }>) => void) => {
        got.push(parsePerceptionFrame(raw));
        ack({ ok: true, data: { accepted: 1 } });
      });
      s.on('worker:stats', (x: unknown) => stats.push(x));
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    // Backpressure is not under test here: a wide window so a slow ack on a loaded machine drops nothing.
    const sender = new PerceptionSender({ url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, token: 't', maxInFlight: 64 }).start();
    await vi.waitFor(() => expect(sender.connected).toBe(true), { timeout: 5000, interval: 10 });

    const runner = new PerceptionRunner<FakeImage>({
      workerId: 'worker-1',
      fps: 10,
      analyse: (cam, f) => client.analyse(cam, f),
      sink: sender,
      backend: () => 'wasm',
    });
    try {
      const frames = crossing(30, 30); // a 30 fps source: two of three frames are skipped by the sampler
      const outcomes: string[] = [];
      // Frames arrive no faster than they are analysed (as in real time at 30 fps with a fast model).
      for (const f of frames.slice(0, 15)) {
        const r = runner.offer('cam-1', { image: f.image, ts: f.ts, width: W, height: H });
        outcomes.push(typeof r === 'string' ? r : await r);
      }
      expect(outcomes.filter((o) => o === 'sent')).toHaveLength(5);
      expect(outcomes.filter((o) => o === 'skipped')).toHaveLength(10);

      // A slow model: the next due frame waits in the worker, the one after is dropped as busy (no queue).
      gateOpen = false;
      const first = runner.offer('cam-1', { image: frames[15]!.image, ts: frames[15]!.ts, width: W, height: H });
      expect(typeof first).toBe('object');
      let busy = 0;
      for (const f of frames.slice(16, 30)) if (runner.offer('cam-1', { image: f.image, ts: f.ts, width: W, height: H }) === 'busy') busy++;
      expect(busy).toBe(4);
      expect(client.pending('cam-1')).toBe(1);
      // A lazy image is not even made while the camera is busy.
      const lazyRunner = new PerceptionRunner<FakeImage>({ workerId: 'w', fps: 10, analyse: (cam, f) => client.analyse(cam, f), sink: sender, isBusy: (c) => client.pending(c) > 0 });
      let made = 0;
      const lazy = () => ((made++, frames[0]!.image));
      expect(lazyRunner.offer('cam-1', { image: lazy, ts: 0, width: W, height: H })).toBe('busy');
      expect(lazyRunner.offer('cam-1', { image: lazy, ts: 30, width: W, height: H })).toBe('skipped');
      expect(made).toBe(0);
      // The frame has reached the model inside the worker (which is now stuck on it).
      await vi.waitFor(() => expect(release).not.toBeNull(), { timeout: 5000, interval: 5 });
      gateOpen = true;
      release!();
      expect(await first).toBe('sent');

      await vi.waitFor(() => expect(got).toHaveLength(6), { timeout: 5000, interval: 10 });
      expect(got.every((g) => g.success)).toBe(true);
      const last = got[5]!.data!;
      expect(last.cameraId).toBe('cam-1');
      // seq counts sampled frames: the busy drops leave a gap the server can see.
      expect(got.map((g) => g.data!.seq)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(last.tracks.length).toBeGreaterThan(0);
      expect(last.tracks[0]!.skeleton).toBeInstanceOf(Float32Array);

      const ws = runner.workerStats();
      expect(WorkerStats.safeParse(ws).success).toBe(true);
      expect(ws.cameras[0]).toMatchObject({ cameraId: 'cam-1', decodedFrames: 30, droppedFrames: 4, width: W, height: H });
      expect(Object.keys(ws.cameras[0]!.stageMs!)).toEqual(expect.arrayContaining(['detect', 'pose', 'frameToSend']));
      expect(sender.sendStats(ws)).toBe(true);
      await vi.waitFor(() => expect(stats).toHaveLength(1), { timeout: 5000, interval: 10 });
    } finally {
      sender.close();
      host.close();
      port1.close();
      await new Promise<void>((r) => io.close(() => r()));
    }
  });

  it('reports a model loading failure to the page instead of hanging', async () => {
    const { port1, port2 } = new MessageChannel();
    serveInference(port2 as unknown as PortLike, { createModels: async () => Promise.reject(new Error('models/nanodet.onnx: missing')) });
    const client = new InferenceClient<FakeImage>(port1 as unknown as PortLike);
    await expect(client.ready).rejects.toThrow(/nanodet\.onnx/);
    port1.close();
  });
});

describe('the detector in a worker of its own (remote-detector.ts)', () => {
  it('starts the next frame’s detection while this frame is posed, with the same tracks as the serial pipeline', async () => {
    const { models } = fakeModels();
    // Detector side of the channel: the fake detector, noting which frames it has started.
    const started: number[] = [];
    const ch = new MessageChannel();
    serveDetection(ch.port1 as unknown as PortLike, Promise.resolve({ name: 'fake-detector', detect: async (img: FakeImage, o?: { minScore?: number; maxDetections?: number }) => (started.push(img.width), models.detector.detect(img, o)) }));
    const remote = new RemoteDetector<FakeImage>(ch.port2 as unknown as PortLike);
    expect((await remote.ready).name).toBe('fake-detector');
    // Pose of frame k holds until the detection of frame k + 1 has started (it never would in the serial chain).
    const posedWhileDetecting: boolean[] = [];
    const slowPose = {
      name: 'fake-pose',
      async estimate(img: FakeImage, boxes: readonly BoxXYWH[]) {
        const next = img.width + 1;
        if (next < 12)
          await vi.waitFor(() => expect(started).toContain(next), { timeout: 2000, interval: 2 }).then(
          () => posedWhileDetecting.push(true),
          () => posedWhileDetecting.push(false),
        );
        return models.pose!.estimate(img, boxes);
      },
    };
    const { port1, port2 } = new MessageChannel();
    serveInference(port2 as unknown as PortLike, { createModels: async () => ({ ...models, detector: remote, pose: slowPose }), prefetchDetections: true, pipeline: (cameraId) => ({ cameraId, detectEvery: 1 }) });
    const client = new InferenceClient<FakeImage>(port1 as unknown as PortLike, 2);
    await client.ready;
    const frames = crossing(12);
    // The frame's index rides in its width (fake images are plain objects, copied across the channel).
    const tagged = frames.map((f, i) => ({ ...f, image: { ...f.image, width: i } }));
    const serial = new CameraPipeline(models, { cameraId: 'cam-1' });
    const want: number[][] = [];
    for (const f of frames) want.push((await serial.process({ image: f.image, ts: f.ts, width: W, height: H })).tracks.map((t) => t.trackId));
    const got: number[][] = [];
    let inFlight: Promise<unknown>[] = [];
    for (const [i, f] of tagged.entries()) {
      // Two frames in flight at most, as startPerception allows with a detector worker.
      const p = client.analyse('cam-1', { image: f.image, ts: f.ts, width: W, height: H, seq: i });
      expect(p).not.toBeNull();
      inFlight.push(p!.then((r) => (got[i] = r.tracks.map((t) => t.trackId))));
      if (inFlight.length === 2) {
        // A third frame is dropped as busy.
        expect(client.analyse('cam-1', { image: f.image, ts: f.ts, width: W, height: H, seq: i })).toBeNull();
        await inFlight[0];
        inFlight = inFlight.slice(1);
      }
    }
    await Promise.all(inFlight);
    expect(got).toEqual(want);
    // Every frame but the last was posed while the next one's detection was already under way.
    expect(posedWhileDetecting).toHaveLength(11);
    expect(posedWhileDetecting.every(Boolean)).toBe(true);
  });
});
