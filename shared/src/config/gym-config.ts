/**
 * The one configuration file of a gym (YAML or JSON): cameras, zones, camera topology, analysis rate, models.
 * Secrets never live here; they come from environment variables read by each deployable's config.ts.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../errors.ts';
import { Id } from '../messages/primitives.ts';
import { issuesOf } from '../validation.ts';

const Point = z.tuple([z.number().finite(), z.number().finite()]);
const Matrix3 = z.array(z.number().finite()).length(9);

export const CameraConfig = z
  .object({
    id: Id,
    name: z.string().min(1).max(80),
    /** rtsp:// (or rtsps://) URL; may carry credentials, so it is never logged. */
    rtspUrl: z
      .string()
      .url()
      .refine((u) => /^rtsps?:\/\//.test(u), 'must start with rtsp:// or rtsps://'),
    enabled: z.boolean().default(true),
    /** passthrough keeps H.264 when the camera's profile allows; otherwise re-encode with a short GOP. */
    transcode: z.enum(['auto', 'passthrough', 'vp8', 'h264']).default('auto'),
    /**
     * A lower-resolution stream for the perception workers, made by capture-node from the main stream (one decode
     * and a small H.264 encode in the camera's ffmpeg); the console keeps the full resolution. Off when absent, and
     * when the camera is not wider than `width`.
     */
    analysisStream: z
      .object({
        /** Width of the analysis stream in pixels (height keeps the aspect ratio). */
        width: z.number().int().min(160).max(1920).default(640),
        /** Frame rate cap of the analysis stream; absent keeps the camera's rate. */
        fps: z.number().positive().max(30).optional(),
      })
      .strict()
      .optional(),
    /** The capture node (`nodes[].id`) that ingests this camera; absent: every node ingests it (one-box set-ups). */
    node: Id.optional(),
    /** The capture node whose browser workers analyse it (default: `node`); another node pipes the stream over. */
    analysedOn: Id.optional(),
    /** Overrides analysis.fps for this camera. */
    analysisFps: z.number().positive().max(30).optional(),
    /** Overrides analysis.newTrackScore for this camera (a worker page analysing several cameras uses the lowest). */
    newTrackScore: z.number().min(0.2).max(0.95).optional(),
    /**
     * false: everyone on this camera gets a pose on every analysed frame, whatever `analysis.attention` says (a
     * worker page analysing several cameras turns attention off for all of them when one says false).
     */
    attention: z.boolean().optional(),
    /** Image → floor-plane (metres) homography, row-major 3×3; set from four marked floor points. */
    homography: Matrix3.optional(),
  })
  .strict();
export type CameraConfig = z.infer<typeof CameraConfig>;

export const ZoneConfig = z
  .object({
    id: Id,
    name: z.string().min(1).max(80),
    cameraId: Id,
    kind: z.enum(['floor', 'members-only', 'checkin', 'exit']).default('floor'),
    /** Polygon in normalised image coordinates (0..1), at least three points. */
    polygon: z.array(Point).min(3),
  })
  .strict();

export const TopologyLink = z
  .object({
    from: Id,
    to: Id,
    /** Plausible walking time between the two views, seconds. */
    minTransitS: z.number().nonnegative().default(0),
    maxTransitS: z.number().positive().default(60),
    /** Views overlap: the same person may be in both at the same time. */
    overlap: z.boolean().default(false),
  })
  .strict()
  .refine((l) => l.maxTransitS >= l.minTransitS, { message: 'maxTransitS must be >= minTransitS', path: ['maxTransitS'] });

export const ModelsConfig = z
  .object({
    backend: z.enum(['auto', 'webgpu', 'webgl', 'wasm']).default('auto'),
    detector: z.string().min(1).default('nanodet-m'),
    pose: z.enum(['lite', 'full', 'heavy']).default('full'),
    body: z.string().min(1).default('appearance-stripes-v1'),
    faceDetector: z.string().min(1).default('blazeface'),
    face: z.string().min(1).default('faceres'),
    /**
     * Pose Web Workers beside the inference worker (web-perception/src/models/pose-pool.ts): a frame's people are
     * posed in parallel, the inference worker taking a share itself. `auto`: cores − 1 on the wasm backend (at
     * most 3, one fewer when the detector has a worker of its own), none on a GPU backend. Absent or 0: every pose
     * in the inference worker (the default: on the shared 2-core dev machine the pool measured no faster,
     * docs/perception-worker.md; set `auto` on a dedicated box and measure with bench/pose-pool.bench.ts).
     */
    poseWorkers: z.union([z.literal('auto'), z.number().int().min(0).max(8)]).optional(),
  })
  .strict();

export const GymConfig = z
  .object({
    gym: z.object({ id: Id, name: z.string().min(1).max(120), timezone: z.string().default('UTC') }).strict(),
    /** Capture nodes (mini-PCs) of a multi-host gym: where each one's signaling is reached by the others. */
    nodes: z.array(z.object({ id: Id, url: z.string().url() }).strict()).default([]),
    cameras: z.array(CameraConfig).default([]),
    zones: z.array(ZoneConfig).default([]),
    topology: z.object({ links: z.array(TopologyLink).default([]) }).strict().default({ links: [] }),
    analysis: z
      .object({
        /** Frames per second analysed per camera (the live view keeps the full rate). */
        fps: z.number().positive().max(30).default(5),
        /** Run the person detector on every n-th analysed frame, following people by pose in between (1 = every frame). */
        detectEvery: z.number().int().min(1).max(10).optional(),
        /**
         * Detector score an unmatched person box needs to start a new track (the tracker's default is 0.6). NanoDet
         * scores small or rendered people 0.4-0.6: lower it for such cameras (docs/footage.md measures 0.45).
         */
        newTrackScore: z.number().min(0.2).max(0.95).optional(),
        /**
         * Attention by activity (docs/perception-worker.md): pose on every analysed frame only for people exercising
         * (or new, or lying down); walkers and idlers get one on every `passivePoseEvery`-th frame. Off when absent.
         */
        attention: z
          .object({ passivePoseEvery: z.number().int().min(1).max(30).default(3) })
          .strict()
          .optional(),
      })
      .strict()
      .default({ fps: 5 }),
    models: ModelsConfig.default(ModelsConfig.parse({})),
    /** Extra exercise definitions (YAML files, paths relative to this config file): docs/exercise-engine.md. */
    exercises: z.array(z.string().min(1).max(500)).max(200).default([]),
    workers: z
      .object({
        /** Headless Chromium workers on this mini-PC. */
        count: z.number().int().min(0).max(32).default(1),
        /** Cameras one worker analyses at most. */
        camerasPerWorker: z.number().int().min(1).max(16).default(4),
      })
      .strict()
      .default({ count: 1, camerasPerWorker: 4 }),
    identity: z
      .object({
        /** Cosine similarity a face must reach to be taken as an enrolled member (open set: below → unknown). */
        faceMatchThreshold: z.number().min(0).max(1).default(0.6),
      })
      .strict()
      .default({ faceMatchThreshold: 0.6 }),
  })
  .strict()
  .superRefine((c, ctx) => {
    const ids = new Set<string>();
    c.cameras.forEach((cam, i) => {
      if (ids.has(cam.id)) ctx.addIssue({ code: 'custom', path: ['cameras', i, 'id'], message: `duplicate camera id "${cam.id}"` });
      ids.add(cam.id);
    });
    const nodes = new Set(c.nodes.map((n) => n.id));
    c.cameras.forEach((cam, i) => {
      for (const k of ['node', 'analysedOn'] as const)
        if (cam[k] !== undefined && !nodes.has(cam[k]!)) ctx.addIssue({ code: 'custom', path: ['cameras', i, k], message: `unknown node "${cam[k]}" (add it under nodes:)` });
      if (cam.analysedOn !== undefined && cam.node === undefined) ctx.addIssue({ code: 'custom', path: ['cameras', i, 'analysedOn'], message: 'needs node: (the node that ingests the camera)' });
    });
    c.zones.forEach((z, i) => {
      if (!ids.has(z.cameraId)) ctx.addIssue({ code: 'custom', path: ['zones', i, 'cameraId'], message: `unknown camera "${z.cameraId}"` });
    });
    c.topology.links.forEach((l, i) => {
      for (const end of ['from', 'to'] as const)
        if (!ids.has(l[end])) ctx.addIssue({ code: 'custom', path: ['topology', 'links', i, end], message: `unknown camera "${l[end]}"` });
    });
  });
export type GymConfig = z.infer<typeof GymConfig>;

/** Validates an already-parsed object; throws ConfigError naming every bad field. */
export function parseGymConfig(raw: unknown, source = 'gym config'): GymConfig {
  const r = GymConfig.safeParse(raw);
  if (!r.success) throw new ConfigError(source, issuesOf(r.error));
  return r.data;
}

/** Loads and validates a gym config file (.yaml, .yml or .json). */
export function loadGymConfig(path: string): GymConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(path, [{ field: '(file)', message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }]);
  }
  let raw: unknown;
  try {
    raw = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new ConfigError(path, [{ field: '(syntax)', message: (e as Error).message.split('\n')[0]! }]);
  }
  return parseGymConfig(raw ?? {}, path);
}
