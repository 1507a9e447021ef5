/**
 * Perception frames → per-camera track state → tracklets, quality-gated embeddings, people, floor positions,
 * zones and alerts. Synchronous on the hot path (memory only); database writes go through the ordered DbWriter,
 * face identification runs in the background, at most once a second per track.
 */
import type { Logger } from '@gym/shared/logger.ts';
import type { GymConfig } from '@gym/shared/config/gym-config.ts';
import type { PerceptionFrame, PerceivedTrack } from '@gym/shared';
import { applyHomography, footPoint, pointInPolygon, type Point2 } from '@gym/shared/geometry/index.ts';
import { alerts, embeddings } from '../db/schema/index.ts';
import { embeddingRow } from '../repositories/embeddings.repository.ts';
import type { DbWriter } from '../db/writer.ts';
import { RollingMean } from '../domain/identity/index.ts';
import type { IdentityService, TrackletState } from '../services/identity.service.ts';
import type { EventBus } from '../services/event-bus.ts';
import type { Metrics } from '../metrics.ts';
import { ApiError } from '../errors.ts';
import { overlaySkeleton } from './overlay-skeleton.ts';

export interface QualityGate {
  minScore: number;
  minHeightPx: number;
  maxOcclusion: number;
  minFaceScore: number;
}

export interface IngestOptions {
  /** A track not updated for this long (camera time) is over. */
  trackTimeoutMs?: number;
  /** Keep a body embedding of a track at most this often. */
  bodyStoreEveryMs?: number;
  maxBodyPerTracklet?: number;
  faceQueryEveryMs?: number;
  /** An unknown person must stay this long in a members-only zone before an alert. */
  alertGraceMs?: number;
  /** With exit zones configured: a person unseen this long whose last sighting was not in an exit zone → alert. */
  notSeenLeavingMs?: number;
  gate?: Partial<QualityGate>;
}

/** Receives every identified skeleton (the exercise engine). */
export interface SkeletonSink {
  onSkeleton(s: { personId: string; memberId: string | null; cameraId: string; ts: number; skeleton: Float32Array | number[][] }): void;
  onPersonGone?(personId: string, ts: number): void;
}

interface LiveTrack {
  state: TrackletState;
  frames: number;
  qualitySum: number;
  /** Unit mean of the track's last 8 body embeddings. */
  bodies: RollingMean;
  bodyModel: string | null;
  storedBodies: number;
  lastBodyStoreMs: number;
  lastFaceQueryMs: number;
  faceInFlight: boolean;
  inZoneSince: Map<string, number>;
  alerted: Set<string>;
}

interface CameraState {
  tracks: Map<number, LiveTrack>;
  lastFrameMs: number;
  homography: number[] | undefined;
}

type Zone = GymConfig['zones'][number];

export class IngestService {
  private readonly cams = new Map<string, CameraState>();
  private readonly zonesByCamera = new Map<string, Zone[]>();
  private readonly gate: QualityGate;
  private readonly o: Required<Omit<IngestOptions, 'gate'>>;
  private sink: SkeletonSink | null = null;

  constructor(
    private readonly gym: GymConfig,
    private readonly identity: IdentityService,
    private readonly writer: DbWriter,
    private readonly bus: EventBus,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    opts: IngestOptions = {},
  ) {
    this.reload();
    this.gate = { minScore: 0.5, minHeightPx: 64, maxOcclusion: 0.35, minFaceScore: 0.6, ...opts.gate };
    this.o = {
      trackTimeoutMs: opts.trackTimeoutMs ?? 2000,
      bodyStoreEveryMs: opts.bodyStoreEveryMs ?? 5000,
      maxBodyPerTracklet: opts.maxBodyPerTracklet ?? 12,
      faceQueryEveryMs: opts.faceQueryEveryMs ?? 1000,
      alertGraceMs: opts.alertGraceMs ?? 2000,
      notSeenLeavingMs: opts.notSeenLeavingMs ?? 5 * 60_000,
    };
  }

  /**
   * Takes the gym's cameras, homographies and zones again (after the console changed them): new cameras are
   * accepted, removed ones refused from now on, live tracks of kept cameras stay.
   */
  reload() {
    const ids = new Set(this.gym.cameras.map((c) => c.id));
    for (const id of [...this.cams.keys()]) if (!ids.has(id)) this.cams.delete(id);
    for (const c of this.gym.cameras) {
      const cam = this.cams.get(c.id);
      if (cam) cam.homography = c.homography;
      else this.cams.set(c.id, { tracks: new Map(), lastFrameMs: 0, homography: c.homography });
    }
    this.zonesByCamera.clear();
    for (const z of this.gym.zones) this.zonesByCamera.set(z.cameraId, [...(this.zonesByCamera.get(z.cameraId) ?? []), z]);
  }

  setSkeletonSink(sink: SkeletonSink | null) {
    this.sink = sink;
  }

  hasCamera(id: string) {
    return this.cams.has(id);
  }

  /** The capture time of the latest frame of a camera this process handled (0: none). */
  lastFrameOf(id: string): number {
    return this.cams.get(id)?.lastFrameMs ?? 0;
  }

  /** Processes one validated frame. Returns how many tracks were taken. */
  handleFrame(f: PerceptionFrame): number {
    const cam = this.cams.get(f.cameraId);
    if (!cam) throw new ApiError(400, 'UNKNOWN_CAMERA', `camera "${f.cameraId}" is not in the gym config`);
    cam.lastFrameMs = Math.max(cam.lastFrameMs, f.frameTs);
    const seen = new Set<number>();
    for (const tr of f.tracks) {
      seen.add(tr.trackId);
      this.updateTrack(f, cam, tr);
    }
    for (const [id, lt] of cam.tracks) if (!seen.has(id) && f.frameTs - lt.state.span.endMs > this.o.trackTimeoutMs) this.endTrack(cam, id, lt);
    this.metrics.liveTracks.set(this.liveCount());
    return f.tracks.length;
  }

  /** Ends tracks of cameras that stopped sending (wall clock), raises "not seen leaving", prunes old people. */
  sweep(nowMs: number) {
    for (const cam of this.cams.values())
      for (const [id, lt] of cam.tracks) if (nowMs - lt.state.span.endMs > this.o.trackTimeoutMs * 5) this.endTrack(cam, id, lt);
    this.notSeenLeaving(nowMs);
    this.identity.prune(nowMs);
    this.metrics.liveTracks.set(this.liveCount());
  }

  private liveCount() {
    let n = 0;
    for (const c of this.cams.values()) n += c.tracks.size;
    return n;
  }

  private updateTrack(f: PerceptionFrame, cam: CameraState, tr: PerceivedTrack) {
    let lt = cam.tracks.get(tr.trackId);
    if (!lt) {
      lt = {
        state: this.identity.newTracklet(f.cameraId, tr.trackId, f.frameTs),
        frames: 0,
        qualitySum: 0,
        bodies: new RollingMean(8),
        bodyModel: null,
        storedBodies: 0,
        lastBodyStoreMs: -Infinity,
        lastFaceQueryMs: -Infinity,
        faceInFlight: false,
        inZoneSince: new Map(),
        alerted: new Set(),
      };
      cam.tracks.set(tr.trackId, lt);
    }
    const s = lt.state;
    s.span.endMs = Math.max(s.span.endMs, f.frameTs);
    lt.frames++;
    lt.qualitySum += tr.quality.score;
    const foot = footPoint(tr.box);
    s.lastFoot = foot;
    s.firstFoot ??= foot;
    let floor: [number, number] | null = null;
    if (cam.homography) {
      floor = applyHomography(cam.homography, foot);
      if (floor) {
        s.floor.push({ t: f.frameTs, x: floor[0], y: floor[1] });
        if (s.floor.length > 30) s.floor.shift();
      }
    }

    const good = tr.quality.score >= this.gate.minScore && (tr.quality.heightPx ?? Infinity) >= this.gate.minHeightPx && (tr.quality.occlusion ?? 0) <= this.gate.maxOcclusion;
    if (good && tr.bodyEmbedding) this.takeBody(f, lt, tr.bodyEmbedding.model, tr.bodyEmbedding.vector);

    const personId = this.identity.assign(s);
    if (good && tr.face?.embedding && tr.face.score >= this.gate.minFaceScore) this.maybeIdentifyFace(f, lt, tr.face.embedding.model, tr.face.embedding.vector);
    if (!personId) return;

    this.bus.emit({ type: 'person.seen', at: f.frameTs, personId, cameraId: f.cameraId, trackId: tr.trackId, box: tr.box, floor: floor ? { x: floor[0], y: floor[1] } : null, ...(tr.attention ? { attention: tr.attention } : {}), ...skeletonField(tr) });
    this.checkZones(f, lt, personId, foot);
    if (tr.skeleton && this.sink) {
      try {
        this.sink.onSkeleton({ personId, memberId: this.identity.memberOf(personId), cameraId: f.cameraId, ts: f.frameTs, skeleton: tr.skeleton as Float32Array | number[][] });
      } catch (err) {
        this.metrics.errors.inc({ area: 'exercise' });
        this.log.error({ err }, 'exercise engine failed on a skeleton');
      }
    }
  }

  private takeBody(f: PerceptionFrame, lt: LiveTrack, model: string, v: Float32Array) {
    if (lt.bodyModel && lt.bodyModel !== model) lt.bodies.clear();
    lt.bodyModel = model;
    lt.bodies.push(v);
    // The mean feeds identity decisions: fresh while the track is undecided, refreshed now and then after.
    if (!lt.state.personId || lt.frames % 10 === 0 || !lt.state.body) {
      const mean = lt.bodies.mean();
      if (mean) lt.state.body = { model, vector: mean };
    }
    if (lt.storedBodies < this.o.maxBodyPerTracklet && f.frameTs - lt.lastBodyStoreMs >= this.o.bodyStoreEveryMs) {
      lt.storedBodies++;
      lt.lastBodyStoreMs = f.frameTs;
      this.writer.insert(embeddings, embeddingRow({ kind: 'body', model, vector: v, trackletId: lt.state.trackletId }));
    }
  }

  /** Passers-by's faces are matched and dropped: only enrolled, consented faces are ever stored. */
  private maybeIdentifyFace(f: PerceptionFrame, lt: LiveTrack, model: string, v: Float32Array) {
    if (lt.faceInFlight || f.frameTs - lt.lastFaceQueryMs < this.o.faceQueryEveryMs) return;
    if (this.identity.memberOf(lt.state.personId)) return;
    lt.faceInFlight = true;
    lt.lastFaceQueryMs = f.frameTs;
    this.identity
      .identifyFace(lt.state, model, v, f.frameTs)
      .catch((err) => {
        this.metrics.errors.inc({ area: 'face' });
        this.log.error({ err }, 'face identification failed');
      })
      .finally(() => {
        lt.faceInFlight = false;
      });
  }

  private checkZones(f: PerceptionFrame, lt: LiveTrack, personId: string, foot: Point2) {
    const zones = this.zonesByCamera.get(f.cameraId);
    if (!zones) return;
    for (const z of zones) {
      if (z.kind !== 'members-only') continue;
      if (!pointInPolygon(foot, z.polygon as Point2[])) {
        lt.inZoneSince.delete(z.id);
        continue;
      }
      const since = lt.inZoneSince.get(z.id) ?? f.frameTs;
      lt.inZoneSince.set(z.id, since);
      if (lt.alerted.has(z.id) || f.frameTs - since < this.o.alertGraceMs || this.identity.memberOf(personId)) continue;
      lt.alerted.add(z.id);
      const at = f.frameTs;
      const message = `Unknown person in members-only zone "${z.name}"`;
      this.writer.run('insert alert', (db) =>
        db.insert(alerts).values({ at: new Date(at), kind: 'unknown_in_members_zone', severity: 'warn', cameraId: f.cameraId, personId, message, details: { zoneId: z.id } }),
      );
      this.bus.emit({ type: 'alert', at, alertId: `${personId}:${z.id}`, kind: 'unknown_in_members_zone', severity: 'warn', cameraId: f.cameraId, personId, message });
    }
  }

  private readonly leftAlerted = new Set<string>();

  private notSeenLeaving(nowMs: number) {
    if (!this.gym.zones.some((z) => z.kind === 'exit')) return;
    for (const p of this.identity.people.values()) {
      if (this.leftAlerted.has(p.personId) || nowMs - p.lastSeenMs < this.o.notSeenLeavingMs || p.tracklets.some((t) => t.live)) continue;
      const last = p.tracklets.reduce<TrackletState | null>((a, t) => (!a || t.span.endMs > a.span.endMs ? t : a), null);
      if (!last) continue;
      this.leftAlerted.add(p.personId);
      const exits = (this.zonesByCamera.get(last.span.cameraId) ?? []).filter((z) => z.kind === 'exit');
      if (last.lastFoot && exits.some((z) => pointInPolygon(last.lastFoot!, z.polygon as Point2[]))) continue;
      const at = nowMs;
      const cameraId = last.span.cameraId;
      const personId = p.personId;
      const message = 'Person not seen leaving: last seen away from any exit';
      this.writer.run('insert alert', (db) =>
        db.insert(alerts).values({ at: new Date(at), kind: 'not_seen_leaving', severity: 'info', cameraId, personId, message, details: { lastSeenMs: p.lastSeenMs } }),
      );
      this.bus.emit({ type: 'alert', at, alertId: `${personId}:left`, kind: 'not_seen_leaving', severity: 'info', cameraId, personId, message });
    }
  }

  private endTrack(cam: CameraState, id: number, lt: LiveTrack) {
    cam.tracks.delete(id);
    const mean = lt.bodies.mean();
    if (mean && lt.bodyModel) lt.state.body = { model: lt.bodyModel, vector: mean };
    if (!lt.state.personId && lt.frames > 0) this.identity.assign(lt.state);
    this.identity.endTracklet(lt.state, lt.frames, lt.frames ? lt.qualitySum / lt.frames : 0);
    if (lt.state.personId) this.sink?.onPersonGone?.(lt.state.personId, lt.state.span.endMs);
  }

  /**
   * Check-in binding: the one person standing in the check-in zone right now becomes the member. Refuses when
   * nobody or more than one person stands there (the member is asked to step onto the spot and scan again).
   */
  checkin(memberId: string, zoneId: string, atMs?: number): { personId: string } {
    const zone = this.gym.zones.find((z) => z.id === zoneId);
    if (!zone || zone.kind !== 'checkin') throw new ApiError(404, 'NOT_FOUND', `check-in zone "${zoneId}" not found`);
    const cam = this.cams.get(zone.cameraId)!;
    const now = atMs ?? cam.lastFrameMs;
    const here = [...cam.tracks.values()].filter(
      (lt) => now - lt.state.span.endMs <= 1500 && lt.state.lastFoot && pointInPolygon(lt.state.lastFoot, zone.polygon as Point2[]),
    );
    if (here.length === 0) throw new ApiError(409, 'NOBODY_AT_CHECKIN', 'nobody is standing on the check-in spot');
    if (here.length > 1) throw new ApiError(409, 'CHECKIN_AMBIGUOUS', `${here.length} people are on the check-in spot; one at a time`);
    const s = here[0]!.state;
    let personId = this.identity.assign(s);
    if (!personId) {
      s.attempts = Number.MAX_SAFE_INTEGER / 2;
      s.bodyLookup = 'done';
      personId = this.identity.assign(s)!;
    }
    this.identity.bind(personId, memberId, 'checkin', 1, now);
    return { personId: s.personId! };
  }
}

/** The overlay skeleton for `person.seen`, as a spreadable field (absent when the track has none). */
function skeletonField(tr: PerceivedTrack): { skeleton?: [number, number, number][] } {
  const s = overlaySkeleton(tr.skeleton as ArrayLike<number> | number[][] | null);
  return s ? { skeleton: s } : {};
}
