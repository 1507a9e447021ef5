/**
 * Camera administration on the wire (issue 16): cameras added from the console, their probe result, zones, the
 * floor homography's four marked points and the camera topology. The server parses every body with these; the
 * console parses every answer; capture-node parses the camera list it fetches from the server.
 */
import { z } from 'zod';
import { Id } from '../messages/primitives.ts';

/** rtsp:// or rtsps://; may carry credentials (`rtsp://user:pass@host/…`), so it is a secret: never logged. */
export const RtspUrl = z
  .string()
  .max(2000)
  .url('must be a URL')
  .refine((u) => /^rtsps?:\/\//i.test(u), 'must start with rtsp:// or rtsps://');

export const Transcode = z.enum(['auto', 'passthrough', 'vp8', 'h264']);

export const NewCamera = z
  .object({
    id: Id,
    name: z.string().trim().min(1, 'must not be empty').max(80),
    rtspUrl: RtspUrl,
    transcode: Transcode.default('auto'),
  })
  .strict();
export type NewCamera = z.infer<typeof NewCamera>;

export const CameraPatch = z
  .object({ name: z.string().trim().min(1).max(80).optional(), enabled: z.boolean().optional(), rtspUrl: RtspUrl.optional(), transcode: Transcode.optional() })
  .strict();
export type CameraPatch = z.infer<typeof CameraPatch>;

export const CameraTestBody = z.object({ rtspUrl: RtspUrl }).strict();

/** What a probe of an RTSP URL found: the stream, and one JPEG frame (data: URL), or why it failed. */
export const CameraProbeResult = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    codec: z.string(),
    width: z.number().int(),
    height: z.number().int(),
    fps: z.number().nullable(),
    /** `data:image/jpeg;base64,…`, or null when the stream answered but no frame could be taken. */
    snapshot: z.string().nullable(),
  }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type CameraProbeResult = z.infer<typeof CameraProbeResult>;

const UnitPoint = z.tuple([z.number().min(0, 'must be in [0, 1]').max(1, 'must be in [0, 1]'), z.number().min(0, 'must be in [0, 1]').max(1, 'must be in [0, 1]')]);

export const ZoneKind = z.enum(['floor', 'members-only', 'checkin', 'exit']);
export const ZoneInput = z
  .object({
    id: Id,
    name: z.string().trim().min(1, 'must not be empty').max(80),
    kind: ZoneKind.default('floor'),
    /** Normalised image coordinates (0..1), at least three points. */
    polygon: z.array(UnitPoint).min(3, 'needs at least 3 points').max(64),
  })
  .strict();
export type ZoneInput = z.infer<typeof ZoneInput>;
export const ZonesBody = z
  .object({ zones: z.array(ZoneInput).max(50) })
  .strict()
  .superRefine((b, ctx) => {
    const seen = new Set<string>();
    b.zones.forEach((z, i) => {
      if (seen.has(z.id)) ctx.addIssue({ code: 'custom', path: ['zones', i, 'id'], message: `duplicate zone id "${z.id}"` });
      seen.add(z.id);
    });
  });
export type ZonesBody = z.infer<typeof ZonesBody>;

const FloorPoint = z.tuple([z.number().finite().min(-1000).max(1000), z.number().finite().min(-1000).max(1000)]);
/** Four image points (normalised) marked on the snapshot and where they lie on the floor (metres). */
export const FloorPoints = z.object({ image: z.array(UnitPoint).length(4, 'needs exactly 4 points'), floor: z.array(FloorPoint).length(4, 'needs exactly 4 points') }).strict();
export type FloorPoints = z.infer<typeof FloorPoints>;
export const HomographyOut = z.object({ homography: z.array(z.number()).length(9).nullable(), points: FloorPoints.nullable() });
export type HomographyOut = z.infer<typeof HomographyOut>;

export const TopologyLinkInput = z
  .object({
    from: Id,
    to: Id,
    minTransitS: z.number().nonnegative().max(3600).default(0),
    maxTransitS: z.number().positive().max(3600).default(60),
    overlap: z.boolean().default(false),
  })
  .strict()
  .refine((l) => l.maxTransitS >= l.minTransitS, { message: 'must be >= minTransitS', path: ['maxTransitS'] })
  .refine((l) => l.from !== l.to, { message: 'a camera does not link to itself', path: ['to'] });
export const TopologyBody = z.object({ links: z.array(TopologyLinkInput).max(500) }).strict();
export type TopologyBody = z.infer<typeof TopologyBody>;
export const TopologyOut = z.object({
  links: z.array(z.object({ from: z.string(), to: z.string(), minTransitS: z.number(), maxTransitS: z.number(), overlap: z.boolean() })),
  /** `config`: the gym config file's links (nothing saved in the console yet); `console`: saved in the console. */
  source: z.enum(['config', 'console']),
});
export type TopologyOut = z.infer<typeof TopologyOut>;

export const CameraAdmin = z.object({
  id: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  /** `config`: from the gym config file (read-only here); `console`: added in the console (editable). */
  source: z.enum(['config', 'console']),
  /** The RTSP URL with any password masked (`rtsp://user:***@host/…`). */
  rtspUrl: z.string(),
  transcode: Transcode,
  zones: z.array(z.object({ id: z.string(), name: z.string(), kind: ZoneKind, polygon: z.array(z.tuple([z.number(), z.number()])) })),
  /** Zones come from the console (`console`) or the config file (`config`). */
  zonesSource: z.enum(['config', 'console']),
  homography: z.array(z.number()).nullable(),
  floorPoints: FloorPoints.nullable(),
});
export type CameraAdmin = z.infer<typeof CameraAdmin>;

/** What capture-node fetches from the server: the console's enabled cameras, full URL (worker-token route). */
export const CaptureCameraList = z.object({
  cameras: z.array(z.object({ id: Id, name: z.string(), rtspUrl: RtspUrl, transcode: Transcode })),
});
export type CaptureCameraList = z.infer<typeof CaptureCameraList>;

/** The URL with its password (and only that) replaced by `***`: what non-secret views show. */
export function maskRtspUrl(url: string): string {
  const m = /^(rtsps?:\/\/)([^/@]*)@(.*)$/i.exec(url);
  if (!m) return url;
  const userinfo = m[2]!;
  const colon = userinfo.indexOf(':');
  const user = colon >= 0 ? userinfo.slice(0, colon) : userinfo;
  return `${m[1]}${user}${colon >= 0 ? ':***' : ''}@${m[3]}`;
}

/**
 * Wall-clock caps on the two ffmpeg runs of a probe. A silent camera is caught by ffmpeg's own socket timeout
 * (`-timeout`, the "timeout after 5 s" answer); these caps are only a safety net for one that trickles data. They
 * must hold a healthy camera's whole answer on a loaded machine: ffprobe's start-up (seconds when the cores are busy),
 * the RTSP handshake (a camera may take up to `timeoutMs` per reply, e.g. a first DESCRIBE while it starts its
 * encoder), waiting for a key frame and the frames ffprobe reads to find the frame rate (about 2 s at 10 fps).
 * (capture-node's camera-probe.ts runs them; the server waits for their sum.) The old fixed `timeoutMs + 3 s` killed healthy probes of the simulated camera that took 8-10 s under load.
 */
export function probeLimits(timeoutMs: number): { ffprobeMs: number; snapshotMs: number; totalMs: number } {
  const ffprobeMs = 2 * timeoutMs + 10_000;
  const snapshotMs = 2 * timeoutMs + 10_000;
  return { ffprobeMs, snapshotMs, totalMs: ffprobeMs + snapshotMs };
}
