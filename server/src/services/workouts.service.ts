/**
 * Exercise engine wiring: each identified person's skeletons → the engine (@gym/exercise) → sets, reps and
 * form findings stored as a time series and pushed live (`set`, `rep`, `form.cue` GymEvents). A set the rules
 * counted but could not name (or named unsure) is named at its end by the exercise TCN (docs/models.md). Anonymous people's
 * sets are kept under their person id and move to the member when the person is identified later.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '@gym/shared/logger.ts';
import { createExerciseEngine, type ExerciseEngine, type ExerciseEngineOptions, type ExerciseEvent } from '@gym/exercise';
import { withLearnedNamer, type SetNamer } from '@gym/exercise/learned-namer.ts';
import { defaultTcnNamer } from '../../../ml/exercise/tcn-namer.ts';
import type { DbWriter } from '../db/writer.ts';
import { reps, sets, workoutSessions } from '../db/schema/index.ts';
import type { SkeletonSink } from '../ingest/ingest.service.ts';
import type { IdentityService } from './identity.service.ts';
import type { EventBus } from './event-bus.ts';
import type { Metrics } from '../metrics.ts';

interface OpenSet {
  id: string;
  sessionId: string;
  exercise: string;
  reps: number;
}

export class WorkoutsService implements SkeletonSink {
  private readonly engine: ExerciseEngine;
  /** Open session per person (a visit), and open sets per (person, engine set number). */
  private readonly sessions = new Map<string, string>();
  private readonly openSets = new Map<string, OpenSet>();

  constructor(
    private readonly identity: IdentityService,
    private readonly writer: DbWriter,
    private readonly bus: EventBus,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    opts: ExerciseEngineOptions & { /** Names the sets the rules are unsure of (default the exercise TCN; null: rules only). */ namer?: SetNamer | null } = {},
    /** The server instance that owns the sets and sessions opened here (server-instance.ts); null: none. */
    private readonly owner: string | null = null,
  ) {
    const namer = opts.namer === undefined ? defaultTcnNamer() : opts.namer;
    this.engine = namer ? withLearnedNamer(createExerciseEngine(opts), { namer }) : createExerciseEngine(opts);
    bus.on((e) => {
      if (e.type === 'identity.resolved' && e.memberId) this.attribute(e.personId, e.memberId);
    });
  }

  onSkeleton(s: { personId: string; memberId: string | null; cameraId: string; ts: number; skeleton: Float32Array | number[][] }) {
    const out = s.skeleton instanceof Float32Array ? this.engine.pushFlat(s.personId, s.ts, s.skeleton) : this.engine.push(s.personId, s.ts, s.skeleton);
    for (const e of out) this.handle(e, s.memberId, s.cameraId);
  }

  onPersonGone(personId: string) {
    const p = this.identity.people.get(personId);
    if (p && p.tracklets.some((t) => t.live)) return;
    for (const e of this.engine.remove(personId)) this.handle(e, this.identity.memberOf(personId), null);
    const sid = this.sessions.get(personId);
    if (sid) {
      this.sessions.delete(personId);
      const endedAt = new Date();
      this.writer.update('end session', workoutSessions, sid, { endedAt });
      this.bus.emit({ type: 'session', at: endedAt.getTime(), phase: 'ended', personId, memberId: this.identity.memberOf(personId), sessionId: sid });
    }
  }

  private handle(e: ExerciseEvent, memberId: string | null, cameraId: string | null) {
    const key = `${e.personId}#${'setId' in e ? e.setId : ''}`;
    switch (e.type) {
      case 'set.started': {
        let sessionId = this.sessions.get(e.personId);
        if (!sessionId) {
          sessionId = randomUUID();
          this.sessions.set(e.personId, sessionId);
          const sid = sessionId;
          this.writer.insert(workoutSessions, { id: sid, personId: e.personId, memberId, startedAt: new Date(e.startT), owner: this.owner });
        }
        const set: OpenSet = { id: randomUUID(), sessionId, exercise: e.exercise ?? 'unknown', reps: 0 };
        this.openSets.set(key, set);
        this.writer.insert(sets, { id: set.id, sessionId: set.sessionId, personId: e.personId, memberId, exercise: set.exercise, startedAt: new Date(e.startT), owner: this.owner, cameraId });
        this.bus.emit({ type: 'set', at: e.t, phase: 'started', personId: e.personId, memberId, setId: set.id, exercise: set.exercise, reps: 0, ...(e.restMs !== undefined ? { restMs: e.restMs } : {}) });
        return;
      }
      case 'exercise': {
        for (const [k, set] of this.openSets) {
          if (!k.startsWith(`${e.personId}#`) || !e.exercise || set.exercise === e.exercise) continue;
          set.exercise = e.exercise;
          const { id, exercise } = set;
          this.writer.update('set exercise', sets, id, { exercise });
        }
        return;
      }
      case 'rep': {
        const set = this.openSets.get(key);
        if (!set) return;
        set.reps = e.count;
        const row = {
          setId: set.id,
          memberId,
          at: new Date(e.endT),
          index: e.count,
          startedAt: new Date(e.startT),
          rom: e.rom,
          concentricMs: e.concentricMs,
          eccentricMs: e.eccentricMs,
        };
        // Batched with other reps; the set's rep count is written when the set ends.
        this.writer.insert(reps, row);
        this.metrics.repsStored.inc();
        this.bus.emit({
          type: 'rep',
          at: e.t,
          personId: e.personId,
          memberId,
          exercise: e.exercise ?? set.exercise,
          count: e.count,
          startTs: e.startT,
          endTs: e.endT,
          rom: Math.max(0, Math.min(2, e.rom)),
          concentricMs: Math.max(0, e.concentricMs),
          eccentricMs: Math.max(0, e.eccentricMs),
        });
        return;
      }
      case 'form': {
        const set = this.openSets.get(key);
        const finding = { rule: e.rule, severity: e.severity, message: e.message, ...(e.measured ? { measured: e.measured } : {}) };
        if (set) {
          const setId = set.id;
          this.writer.repForm(setId, e.rep, finding);
        }
        this.bus.emit({ type: 'form.cue', at: e.t, personId: e.personId, memberId, exercise: e.exercise, rule: e.rule, severity: e.severity, message: e.message.slice(0, 500), ...(e.measured ? { measured: e.measured } : {}) });
        return;
      }
      case 'set.ended': {
        const set = this.openSets.get(key);
        if (!set) return;
        this.openSets.delete(key);
        const { id } = set;
        const endedAt = new Date(e.endT);
        const exercise = e.exercise ?? set.exercise;
        this.writer.update('end set', sets, id, { endedAt, reps: e.reps, exercise });
        this.bus.emit({ type: 'set', at: e.t, phase: 'ended', personId: e.personId, memberId, setId: id, exercise, reps: e.reps, ...(e.summary ? { summary: e.summary } : {}) });
        return;
      }
    }
  }

  /** A person was identified: their anonymous sets, reps and sessions become the member's. */
  private attribute(personId: string, memberId: string) {
    this.writer.attribute(personId, memberId);
    this.log.debug({ personId }, 'workouts attributed to member');
  }
}
