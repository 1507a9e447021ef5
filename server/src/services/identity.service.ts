/**
 * Global people: which tracklets belong to one human, and which member (if any) that human is. Holds the recent
 * people in memory (the spatio-temporal window in which links are possible), decides with the pure rules in
 * domain/identity, and records everything through the ordered DbWriter. Face identification uses pgvector over
 * consented enrolments only; body ReID across cameras uses pgvector only for learned models.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Logger } from '@gym/shared/logger.ts';
import type { Db } from '../db/client.ts';
import type { DbWriter } from '../db/writer.ts';
import { embeddings, people, tracklets } from '../db/schema/index.ts';
import {
  DEFAULT_REID,
  decideIdentity,
  matchFace,
  compatible,
  type BodySignature,
  type FloorSample,
  type KnownPerson,
  type KnownTracklet,
  type ReidOptions,
  type Span,
  type Topology,
} from '../domain/identity/index.ts';
import { EmbeddingsRepository } from '../repositories/embeddings.repository.ts';
import { MembersRepository } from '../repositories/members.repository.ts';
import type { EventBus } from './event-bus.ts';
import type { Metrics } from '../metrics.ts';

/** A tracklet as the identity layer follows it (mutated in place by the ingest while live). */
export interface TrackletState extends KnownTracklet {
  trackletId: string;
  trackId: number;
  span: Span;
  personId: string | null;
  live: boolean;
  body: BodySignature | null;
  floor: FloorSample[];
  lastFoot: [number, number] | null;
  firstFoot: [number, number] | null;
  attempts: number;
  bodyLookup: 'none' | 'running' | 'done';
}

export interface PersonState {
  personId: string;
  memberId: string | null;
  tracklets: TrackletState[];
  lastSeenMs: number;
}

export interface IdentityOptions {
  gymId: string;
  faceMatchThreshold: number;
  faceMargin?: number;
  reid?: Partial<ReidOptions>;
  /** Frames a new track waits for evidence before becoming a new anonymous person. */
  decideAfterFrames?: number;
  /** People unseen for longer are dropped from memory (they stay in the database). */
  memoryHorizonMs?: number;
}

export class IdentityService {
  readonly people = new Map<string, PersonState>();
  private readonly byTracklet = new Map<string, TrackletState>();
  private readonly reid: ReidOptions;
  private readonly members: MembersRepository;
  private readonly embeddingsRepo: EmbeddingsRepository;
  private readonly decideAfter: number;
  private readonly horizonMs: number;

  constructor(
    db: Db,
    private readonly writer: DbWriter,
    private readonly topo: Topology,
    private readonly bus: EventBus,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    private readonly opts: IdentityOptions,
  ) {
    this.reid = { ...DEFAULT_REID, ...opts.reid };
    this.members = new MembersRepository(db);
    this.embeddingsRepo = new EmbeddingsRepository(db);
    this.decideAfter = opts.decideAfterFrames ?? 3;
    this.horizonMs = opts.memoryHorizonMs ?? 15 * 60_000;
  }

  get threshold(): number {
    return this.opts.faceMatchThreshold;
  }
  set threshold(t: number) {
    this.opts.faceMatchThreshold = t;
  }

  newTracklet(cameraId: string, trackId: number, atMs: number): TrackletState {
    const t: TrackletState = {
      trackletId: randomUUID(),
      trackId,
      span: { cameraId, startMs: atMs, endMs: atMs },
      personId: null,
      live: true,
      body: null,
      floor: [],
      lastFoot: null,
      firstFoot: null,
      attempts: 0,
      bodyLookup: 'none',
    };
    this.byTracklet.set(t.trackletId, t);
    const startedAt = new Date(atMs);
    this.writer.insert(tracklets, { id: t.trackletId, cameraId, trackId, startedAt, endedAt: startedAt });
    return t;
  }

  /** Tries to attach a person to a live tracklet; returns the person id once decided. Synchronous (memory only). */
  assign(t: TrackletState): string | null {
    if (t.personId) return t.personId;
    t.attempts++;
    const known: KnownPerson[] = [...this.people.values()];
    const d = decideIdentity({ span: t.span, body: t.body, floor: t.floor, firstFoot: t.firstFoot }, known, this.topo, this.reid);
    if (d.kind === 'existing') {
      this.metrics.identityDecisions.inc({ via: d.via });
      this.attach(t, this.people.get(d.personId)!);
      return d.personId;
    }
    if (t.attempts < this.decideAfter) return null;
    // A learned body model may know this person from further back: ask pgvector once, then decide.
    if (d.kind === 'new' && t.body && this.reid.crossCameraModels.includes(t.body.model) && t.bodyLookup === 'none') {
      t.bodyLookup = 'running';
      void this.bodyLookup(t);
      return null;
    }
    if (t.bodyLookup === 'running') return null;
    if (d.kind === 'wait' && t.attempts < this.decideAfter * 3) return null;
    this.metrics.identityDecisions.inc({ via: 'new' });
    return this.createPerson(t).personId;
  }

  private async bodyLookup(t: TrackletState) {
    try {
      const near = await this.embeddingsRepo.nearest('body', t.body!.model, t.body!.vector, 20, 'tracklet');
      const ids = new Set<string>();
      for (const n of near) {
        const k = n.trackletId ? this.byTracklet.get(n.trackletId) : undefined;
        if (k?.personId) ids.add(k.personId);
      }
      if (!t.personId && ids.size) {
        const cands = [...ids].map((id) => this.people.get(id)).filter((p): p is PersonState => !!p);
        const d = decideIdentity({ span: t.span, body: t.body }, cands, this.topo, this.reid);
        if (d.kind === 'existing') {
          this.metrics.identityDecisions.inc({ via: d.via });
          this.attach(t, this.people.get(d.personId)!);
        }
      }
    } catch (err) {
      this.metrics.errors.inc({ area: 'reid' });
      this.log.error({ err }, 'body ReID lookup failed');
    } finally {
      t.bodyLookup = 'done';
    }
  }

  private createPerson(t: TrackletState): PersonState {
    const p: PersonState = { personId: randomUUID(), memberId: null, tracklets: [], lastSeenMs: t.span.endMs };
    this.people.set(p.personId, p);
    const at = new Date(t.span.startMs);
    // Durable (writer.ts): the sets and sessions of this person point at the row.
    this.writer.insert(people, { id: p.personId, gymId: this.opts.gymId, firstSeenAt: at, lastSeenAt: at });
    this.attach(t, p);
    return p;
  }

  private attach(t: TrackletState, p: PersonState) {
    t.personId = p.personId;
    p.tracklets.push(t);
    p.lastSeenMs = Math.max(p.lastSeenMs, t.span.endMs);
    const { trackletId } = t;
    const pid = p.personId;
    this.writer.run('link tracklet', (db) => db.update(tracklets).set({ personId: pid }).where(eq(tracklets.id, trackletId)), { droppable: true });
  }

  /** A tracklet's track was lost: record its extent. */
  endTracklet(t: TrackletState, frames: number, quality: number) {
    t.live = false;
    const p = t.personId ? this.people.get(t.personId) : undefined;
    if (p) {
      p.lastSeenMs = Math.max(p.lastSeenMs, t.span.endMs);
      const { lastSeenMs, personId } = p;
      this.writer.run('person last seen', (db) => db.update(people).set({ lastSeenAt: new Date(lastSeenMs) }).where(eq(people.id, personId)), { droppable: true });
    }
    const { trackletId } = t;
    const endedAt = new Date(t.span.endMs);
    this.writer.run('end tracklet', (db) => db.update(tracklets).set({ endedAt, frames, quality }).where(eq(tracklets.id, trackletId)), { droppable: true });
  }

  /**
   * Open-set face identification of a live tracklet's person (async: pgvector over consented enrolments).
   * Returns the member id when identified.
   */
  async identifyFace(t: TrackletState, model: string, vector: Float32Array, atMs: number): Promise<string | null> {
    const cands = await this.members.faceCandidates(model, vector, 10);
    const d = matchFace(cands, { threshold: this.opts.faceMatchThreshold, margin: this.opts.faceMargin ?? 0.05 });
    this.metrics.faceMatches.inc({ outcome: d.kind === 'member' ? 'member' : d.reason });
    if (d.kind !== 'member') return null;
    if (!t.personId) this.createPerson(t);
    return this.bind(t.personId!, d.memberId, 'face', d.confidence, atMs) ? d.memberId : null;
  }

  /**
   * Makes `personId` the given member. If another live-window person already is that member and both can be one
   * human, they are merged; if they cannot (seen in two places at once), nothing changes (unknown rather than wrong).
   */
  bind(personId: string, memberId: string, via: 'face' | 'checkin' | 'manual', confidence: number, atMs: number): boolean {
    let p = this.people.get(personId);
    if (!p) return false;
    if (p.memberId === memberId) return true;
    if (p.memberId && via === 'face') {
      this.log.warn({ personId }, 'face says another member than the bound one; keeping the binding');
      return false;
    }
    const other = [...this.people.values()].find((q) => q.memberId === memberId && q.personId !== personId);
    if (other) {
      if (!compatible(spans(other), spans(p), this.topo)) {
        this.metrics.faceMatches.inc({ outcome: 'conflict' });
        if (via === 'face') return false;
        // An explicit check-in wins: the earlier binding was wrong.
        this.setMember(other, null);
      } else {
        this.merge(p, other);
        p = other;
      }
    }
    this.setMember(p, memberId);
    this.bus.emit({ type: 'identity.resolved', at: atMs, personId: p.personId, memberId, via, confidence });
    return true;
  }

  private setMember(p: PersonState, memberId: string | null) {
    p.memberId = memberId;
    const pid = p.personId;
    // Durable (absolute value, safe to replay): the person row says whose sets these are after a restart.
    this.writer.update('bind member', people, pid, { memberId });
  }

  /** Moves every tracklet of `from` into `into` and deletes `from`. */
  private merge(from: PersonState, into: PersonState) {
    for (const t of from.tracklets) {
      t.personId = into.personId;
      into.tracklets.push(t);
    }
    into.lastSeenMs = Math.max(into.lastSeenMs, from.lastSeenMs);
    this.people.delete(from.personId);
    const a = from.personId, b = into.personId;
    this.writer.run('merge people', async (db) => {
      await db.update(tracklets).set({ personId: b }).where(eq(tracklets.personId, a));
      await db.update(embeddings).set({ personId: b }).where(eq(embeddings.personId, a));
      await db.delete(people).where(eq(people.id, a));
    });
    this.metrics.identityDecisions.inc({ via: 'merge' });
  }

  memberOf(personId: string | null): string | null {
    return personId ? (this.people.get(personId)?.memberId ?? null) : null;
  }

  /** Forgets a member in memory (erasure): their people become unknown and lose their tracklets. */
  forgetMember(memberId: string) {
    for (const p of [...this.people.values()]) {
      if (p.memberId !== memberId) continue;
      for (const t of p.tracklets) {
        this.byTracklet.delete(t.trackletId);
        t.personId = null;
        t.body = null;
        t.floor = [];
      }
      this.people.delete(p.personId);
    }
  }

  /** Drops people and tracklets that left the matching window. */
  prune(nowMs: number) {
    for (const p of [...this.people.values()]) {
      if (p.tracklets.some((t) => t.live) || nowMs - p.lastSeenMs < this.horizonMs) continue;
      for (const t of p.tracklets) this.byTracklet.delete(t.trackletId);
      this.people.delete(p.personId);
    }
    for (const [id, t] of this.byTracklet) if (!t.live && !t.personId && nowMs - t.span.endMs > this.horizonMs) this.byTracklet.delete(id);
  }
}

const spans = (p: PersonState) => p.tracklets.map((t) => t.span);
