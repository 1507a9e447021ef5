/**
 * The exercise state of one person: smoothing, aspect estimate, features, one rep counter per catalogue exercise
 * and per fallback signal (all running side by side, so reps made before the exercise is recognised are not lost),
 * recognition, set/rest detection and form rules. Plain data in, events out; no I/O.
 */
import { LANDMARK_COUNT } from '@gym/shared';
import type { Catalogue, Exercise } from './catalogue.schema.ts';
import { formRuleFires, meanRepView, recogniseFeatures, scoreExercise, type RepView } from './classifier.ts';
import { computeFeatures, F, FEATURE_COUNT } from './features.ts';
import { explainRule } from './form-explain.ts';
import { HoldDetector } from './hold-detector.ts';
import { GENERIC_SIGNALS } from './generic-signals.ts';
import { AspectEstimator, LandmarkSmoother } from './preprocess.ts';
import { RepCounter, type CountedRep } from './rep-counter.ts';
import { TravelTracker } from './travel.ts';
import type { ExerciseEvent, Landmarks, SetSummary } from './types.ts';

export interface PersonEngineConfig {
  catalogue: Catalogue;
  minVisibility: number;
  smoothingMs: number;
  restMs: number;
  recogniseThreshold: number;
  aspect: number | null;
  fallback: boolean;
}

interface Track {
  counter: RepCounter;
  feature: number;
  exercise: Exercise | null;
  /** Whether going to the far end of this track's signal is the lifting half. */
  concentricToFar: boolean;
  /** Recognition score of the counter's reps, cached by counter version. */
  scoreVersion: number;
  score: number;
  /** The features the exercise's recognition reads (all the score needs of the reps' mean). */
  scoreFeatures: readonly number[];
}

/** After this long unseen, the person's movement state starts over. */
const LOST_MS = 3000;
/** Reps older than this, outside a set, are forgotten (idle fidgeting never joins a later set). */
const STALE_REP_MS = 15_000;
/**
 * Reps a movement needs before it is a set: two knee bends or arm swings happen all the time between sets
 * (sitting down, picking up a bottle, gesturing); three in a rhythm are an exercise.
 */
const MIN_SET_REPS = 3;
/** Longest over shortest rep an unknown movement's set may have (see `bestGeneric`). */
const UNKNOWN_LENGTH_RATIO = 2;
/**
 * A stretch unseen for longer than this may hide a rep (the shortest reps take about half a second): the rhythm
 * checks leave intervals across it out, and reps may be inferred over it. A dropped frame or two at 5 fps (400–600
 * ms) hides nothing, so it must not exempt a background person's pose jitter from the rhythm a set needs.
 */
const HIDDEN_MS = 650;
/** Frames of smoothed points kept for replay. */
const HISTORY = 360;
const PTS = LANDMARK_COUNT * 2;

export class PersonEngine {
  private readonly smoother: LandmarkSmoother;
  private readonly aspect = new AspectEstimator();
  private readonly scaled = new Float64Array(LANDMARK_COUNT * 2);
  private readonly features = new Float64Array(FEATURE_COUNT);
  private readonly repMin = new Float64Array(FEATURE_COUNT).fill(Infinity);
  private readonly repMax = new Float64Array(FEATURE_COUNT).fill(-Infinity);
  private readonly exerciseTracks: Track[];
  /** Timed holds (plank, wall-sit): one detector per hold exercise. */
  private readonly holds: HoldDetector[];
  private holding: HoldDetector | null = null;
  private readonly genericTracks: Track[];
  private scaleRef = NaN;
  private lastSeenT = -Infinity;
  private lastT = -Infinity;
  private frameNo = 0;
  private lastAspectT = -Infinity;
  private scale = 1;
  private readonly histT = new Float64Array(HISTORY);
  private readonly histP = new Float64Array(HISTORY * PTS);
  private histHead = 0;
  private histN = 0;
  /** Stretches of the open set where the person was not seen: [lastSeen, seenAgain]. */
  private gaps: [number, number][] = [];
  private aspectRuns = 0;
  private readonly travel = new TravelTracker();

  // Set state.
  /** When this person's previous set ended (for the rest before the next one). */
  private lastSetEndT = -Infinity;
  private setOpen = false;
  private announced = false;
  private setId = 0;
  private setStartT = 0;
  private lastRepT = -Infinity;
  private chosen: Track | null = null;
  private chosenScore = 0;
  private scoreSum = 0;
  private scoreN = 0;
  private emitted = 0;
  /** The set is ending: no more reps will come to wait for (see `endSet`). */
  private settling = false;

  constructor(readonly personId: string, private readonly cfg: PersonEngineConfig) {
    this.smoother = new LandmarkSmoother({ minVisibility: cfg.minVisibility, tauMs: cfg.smoothingMs, resetAfterMs: 400 });
    this.holds = cfg.catalogue.filter((ex) => ex.hold).map((ex) => new HoldDetector(ex, cfg.recogniseThreshold));
    this.exerciseTracks = cfg.catalogue.flatMap((ex) => (ex.signal ? [ex.signal, ...ex.altSignals].map((signal) => ({ ex, signal })) : [])).map(({ ex, signal }) => ({
      exercise: ex,
      concentricToFar: signal.concentric === 'toFar',
      feature: F[signal.feature],
      counter: new RepCounter(signal, FEATURE_COUNT),
      scoreVersion: -1,
      score: 0,
      scoreFeatures: recogniseFeaturesOf(ex),
    }));
    this.genericTracks = cfg.fallback
      ? GENERIC_SIGNALS.flatMap((g) =>
          (['high', 'low'] as const).map((rest) => ({
            exercise: null,
            feature: F[g.feature],
            // No feature vectors: a fallback signal's reps are counted and timed, never scored nor form-checked.
            counter: new RepCounter({ rest, minRange: g.minRange, fullRange: g.fullRange, minPeriodMs: 400, maxPeriodMs: 15_000 }, 0),
            concentricToFar: true,
            scoreVersion: -1,
            score: 0,
            scoreFeatures: [],
          })),
        )
      : [];
  }

  /** One frame: `kp` = 33 landmarks `[x, y, z, visibility]` (or `flat` = 132 numbers), null when not seen. */
  push(t: number, kp: Landmarks | null, out: ExerciseEvent[] = [], flat: ArrayLike<number> | null = null): ExerciseEvent[] {
    if (!(t >= this.lastT)) t = this.lastT; // timestamps never go back
    this.lastT = t;
    this.checkRest(t, out);
    if (!kp && !flat) return out;
    const gap = t - this.lastSeenT;
    if (gap > LOST_MS) {
      this.smoother.clear();
      for (const tr of this.allTracks()) tr.counter.reset();
      this.histN = 0;
      this.travel.clear();
      this.lastSetEndT = -Infinity;
    }
    if (gap > HIDDEN_MS && this.setOpen) this.gaps.push([this.lastSeenT, t]);
    this.lastSeenT = t;
    this.smoother.push(t, kp, flat);
    const pts = this.smoother.points;

    // History of smoothed points, to replay when the aspect estimate moves before a set is under way.
    const slot = this.histHead;
    this.histT[slot] = t;
    this.histP.set(pts, slot * PTS);
    this.histHead = (slot + 1) % HISTORY;
    if (this.histN < HISTORY) this.histN++;

    if (this.cfg.aspect === null) {
      if ((this.frameNo++ & 1) === 0) this.aspect.add(pts);
      // Often at first, then every few seconds (the distortion of a recording does not change).
      if (t - this.lastAspectT >= (this.aspectRuns < 4 ? 1500 : 6000) && this.aspect.samples >= 10) {
        this.aspectRuns++;
        this.lastAspectT = t;
        const s = this.aspect.estimate();
        if (Math.abs(Math.log(s / this.scale)) > 0.08 && !this.announced) {
          this.scale = s;
          this.replay(out);
          return out;
        }
        this.scale = s;
      }
    }
    this.process(t, pts, out);
    return out;
  }

  /** Starts the movement state over with the current aspect and runs the recent frames through it again. */
  private replay(out: ExerciseEvent[]): void {
    for (const tr of this.allTracks()) { tr.counter.reset(); tr.counter.clearReps(); }
    this.setOpen = false;
    this.gaps = [];
    this.scaleRef = NaN;
    this.travel.clear();
    const n = this.histN, start = (this.histHead - n + HISTORY) % HISTORY;
    const pts = new Float64Array(PTS);
    for (let k = 0; k < n; k++) {
      const i = (start + k) % HISTORY;
      pts.set(this.histP.subarray(i * PTS, (i + 1) * PTS));
      this.process(this.histT[i]!, pts, out);
    }
  }

  private process(t: number, pts: Float64Array, out: ExerciseEvent[]): void {
    const s = this.cfg.aspect ?? this.scale;
    const sc = this.scaled;
    for (let i = 0; i < LANDMARK_COUNT; i++) {
      sc[2 * i] = pts[2 * i]! * s;
      sc[2 * i + 1] = pts[2 * i + 1]!;
    }
    const L = computeFeatures(sc, this.features, this.scaleRef);
    if (L === L) this.scaleRef = this.scaleRef === this.scaleRef ? this.scaleRef + 0.02 * (L - this.scaleRef) : L;
    const fv = this.features;
    for (let i = 0; i < FEATURE_COUNT; i++) {
      const v = fv[i]!;
      if (v < this.repMin[i]!) this.repMin[i] = v;
      if (v > this.repMax[i]!) this.repMax[i] = v;
    }

    this.travel.push(t, midOf(sc, 23, 24, 0), lowerFootY(sc), L, fv[F.torsoIncline]! < 20);
    this.updateHolds(t, out);
    let any = false;
    for (const tr of this.exerciseTracks) if (this.counted(tr, tr.counter.push(t, fv[tr.feature]!, fv))) any = true;
    for (const tr of this.genericTracks) if (this.counted(tr, tr.counter.push(t, fv[tr.feature]!, fv))) any = true;
    if (!any) return;

    if (!this.setOpen) {
      this.setOpen = true;
      this.announced = false;
      this.setStartT = t;
      this.gaps = [];
      for (const tr of this.allTracks()) tr.counter.prune(t - STALE_REP_MS);
    }
    this.lastRepT = t;
    const before = this.chosen;
    this.classify(t, out);
    // A rep of the chosen exercise that was just counted (and not caught up by a recognition change).
    if (this.chosen && this.chosen === before) this.emitReps(t, out, true);
  }

  /**
   * Timed holds: while no rep set is under way, a held posture (plank, wall-sit) that stays still for its
   * minimum time is a set of its own (reps 0, `holdMs`); it ends when the posture is left.
   */
  private updateHolds(t: number, out: ExerciseEvent[]): void {
    for (const h of this.holds) h.push(t, this.features);
    if (this.holding) {
      if (this.holding.on) return;
      const h = this.holding;
      this.holding = null;
      out.push({ type: 'set.ended', personId: this.personId, t, setId: this.setId, exercise: h.exercise.name, reps: 0, startT: h.startT, endT: h.lastT, confidence: round(h.meanScore, 3), holdMs: Math.round(h.lastT - h.startT) });
      this.lastSetEndT = h.lastT;
      return;
    }
    if (this.announced) return;
    for (const h of this.holds) {
      if (!h.on || h.lastT - h.startT < h.minMs) continue;
      this.holding = h;
      this.setId++;
      out.push({ type: 'exercise', personId: this.personId, t, exercise: h.exercise.name, label: h.exercise.label, confidence: round(h.meanScore, 3) });
      const restMs = this.lastSetEndT > -Infinity && h.startT >= this.lastSetEndT ? Math.round(h.startT - this.lastSetEndT) : undefined;
      out.push({ type: 'set.started', personId: this.personId, t, setId: this.setId, exercise: h.exercise.name, startT: h.startT, ...(restMs !== undefined ? { restMs } : {}) });
      return;
    }
  }

  /** A rep just completed on a track, unless the body travelled across the floor during it (walking). */
  private counted(tr: Track, rep: CountedRep | null): boolean {
    if (!rep) return false;
    // Over at least a second: a quick knee swing of a stride is short, but the walker keeps going.
    if (this.travel.travelled(Math.min(rep.startT, rep.endT - 1000), rep.endT)) { tr.counter.reject(rep); return false; }
    // Reps a rest apart are not one set: a track not yet counting the set starts over from this rep.
    const reps = tr.counter.reps;
    if (tr !== this.chosen && reps.length >= 2) {
      const prev = reps[reps.length - 2]!;
      if (rep.startT - prev.endT > Math.max(this.cfg.restMs, 3 * medianDuration(reps))) tr.counter.prune(rep.startT);
    }
    return true;
  }

  private *allTracks(): Iterable<Track> {
    yield* this.exerciseTracks;
    yield* this.genericTracks;
  }

  private classify(t: number, out: ExerciseEvent[]): void {
    let best: Track | null = null, bestScore = 0, maxReps = 0;
    // Among plausible exercises, prefer the one whose counter saw the whole set (noise on an unrelated signal,
    // e.g. folded arms, must not lower the right exercise's score).
    for (const tr of this.exerciseTracks) if (tr.counter.reps.length >= MIN_SET_REPS && matchScore(tr) >= 0.3) maxReps = Math.max(maxReps, tr.counter.reps.length);
    for (const tr of this.exerciseTracks) {
      const n = tr.counter.reps.length;
      if (n < MIN_SET_REPS) continue;
      const score = matchScore(tr) * Math.min(1, n / Math.max(2, 0.75 * maxReps));
      if (score > bestScore) { bestScore = score; best = tr; }
    }
    let pick: Track | null = null, pickScore = 0;
    if (best && bestScore >= this.cfg.recogniseThreshold) {
      pick = best; pickScore = bestScore;
      const cur = this.chosen;
      // Keep the current exercise unless another one is clearly better.
      if (cur && cur !== best && cur.exercise) {
        const curScore = matchScore(cur);
        if (curScore >= this.cfg.recogniseThreshold && curScore + 0.1 > bestScore) { pick = cur; pickScore = curScore; }
      }
    } else if (this.chosen?.exercise && matchScore(this.chosen) >= this.cfg.recogniseThreshold - 0.2) {
      // Hysteresis: a recognised exercise stays until its match clearly fades.
      pick = this.chosen; pickScore = matchScore(this.chosen);
    } else if (this.cfg.fallback && (this.settling || !this.catalogueClose())) {
      // Unknown movement, unless a catalogue exercise is close to being recognised.
      const g = this.bestGeneric();
      if (g) { pick = g; pickScore = 0; }
      else if (this.chosen && !this.chosen.exercise) pick = this.chosen;
    }
    if (!pick) return;
    // A set starts with a rhythm: three reps of wildly different lengths or spacing are gestures (talking with the
    // hands), not a first set of curls. The reps are kept; a steadier rep later can still start the set.
    if (!this.announced && pick.exercise && !startsRhythm(pick.counter.reps, this.gaps)) return;
    if (pick.exercise) { this.scoreSum += pickScore; this.scoreN++; }
    this.chosenScore = pickScore;
    if (pick === this.chosen) return;
    const prevName = this.chosen ? this.chosen.exercise?.name ?? null : undefined;
    this.chosen = pick;
    if (prevName !== (pick.exercise?.name ?? null)) out.push({
      type: 'exercise', personId: this.personId, t,
      exercise: pick.exercise?.name ?? null, label: pick.exercise?.label ?? 'Unknown movement',
      confidence: round(pickScore, 3),
    });
    if (!this.announced) {
      this.announced = true;
      this.setId++;
      this.emitted = 0;
      const first = pick.counter.reps[0];
      const startT = first?.startT ?? this.setStartT;
      const restMs = this.lastSetEndT > -Infinity && startT >= this.lastSetEndT ? Math.round(startT - this.lastSetEndT) : undefined;
      out.push({ type: 'set.started', personId: this.personId, t, setId: this.setId, exercise: pick.exercise?.name ?? null, startT, ...(restMs !== undefined ? { restMs } : {}) });
    }
    this.emitReps(t, out, false);
  }

  /** A catalogue exercise is close to being recognised (the fallback waits for it a rep longer). */
  private catalogueClose(): boolean {
    for (const tr of this.exerciseTracks) {
      const n = tr.counter.reps.length;
      if (n >= 2 && n <= MIN_SET_REPS && matchScore(tr) >= 0.3) return true;
    }
    return false;
  }

  /**
   * Fallback for an unknown movement: per signal, the orientation with more regular reps; across signals, the
   * count most signals agree with (within one rep), weighted by how much each swings relative to its usual range,
   * so one jittery signal (a foreshortened forearm) cannot outvote the joints that really move.
   */
  private bestGeneric(): Track | null {
    const cands: { tr: Track; n: number; amp: number }[] = [];
    const perSignal: (Track | null)[] = [];
    for (let i = 0; i + 1 < this.genericTracks.length; i += 2) {
      const a = this.genericTracks[i]!, b = this.genericTracks[i + 1]!;
      const na = a.counter.reps.length, nb = b.counter.reps.length;
      perSignal.push(na > nb || (na === nb && meanAmp(a) >= meanAmp(b)) ? a : b);
    }
    // Left/right signals that take turns (alternating lunges, marching) are one movement: merge them.
    const merged = new Set<Track>();
    GENERIC_SIGNALS.forEach((g, k) => {
      if (!g.pairWithNext) return;
      const l = perSignal[k], r = perSignal[k + 1];
      if (!l || !r) return;
      const m = this.mergeAlternating(k, l, r);
      if (m) { merged.add(l); merged.add(r); perSignal.push(m); }
    });
    for (const tr of perSignal) {
      if (!tr || merged.has(tr)) continue;
      const reps = tr.counter.reps;
      // Nothing but the rhythm says an unknown movement is an exercise: rep lengths, and the time from one rep to
      // the next, within 2× of each other (a talker's gestures run 1 s, 2 s, 1 s; their beats 2.4 s apart, then 1.1),
      // not the 3× a recognised exercise may vary by.
      if (reps.length < 3 || !regular(reps, this.gaps, UNKNOWN_LENGTH_RATIO, UNKNOWN_LENGTH_RATIO)) continue;
      cands.push({ tr, n: reps.length, amp: Math.min(2, meanAmp(tr) / tr.counter.spec.fullRange) });
    }
    let best: Track | null = null, bestSupport = 0, bestAmp = 0;
    for (const c of cands) {
      let support = 0, agree = 0;
      for (const d of cands) if (Math.abs(d.n - c.n) <= 1) { support += d.amp; agree++; }
      // One signal alone, against a wider and slower swing of another joint, is jitter, not the movement.
      if (agree < 2 && this.slowerSwing(c.tr)) continue;
      if (support > bestSupport + 1e-9 || (Math.abs(support - bestSupport) <= 1e-9 && c.amp > bestAmp)) {
        best = c.tr; bestSupport = support; bestAmp = c.amp;
      }
    }
    return best;
  }

  /**
   * Whether another joint signal than `tr`'s makes a wide swing (≥ half its usual range), slower than tr's reps
   * (1.5× their median length), while they happen: tr's quick cycles then ride on a bigger movement (a lying
   * lifter's hips jitter three times per press, seen from the feet) and are not the movement's count.
   */
  private slowerSwing(tr: Track): boolean {
    const reps = tr.counter.reps;
    if (!reps.length) return false;
    const a = reps[0]!.startT, b = reps[reps.length - 1]!.endT, long = 1.5 * medianDuration(reps);
    for (const g of this.genericTracks) {
      if (g.feature === tr.feature) continue;
      for (const r of g.counter.reps)
        if (r.endT > a && r.startT < b && r.endT - r.startT >= long && r.amplitude >= 0.5 * g.counter.spec.fullRange) return true;
    }
    return false;
  }

  /** Per left/right pair, a track whose reps are both sides' merged in time (kept so its identity is stable). */
  private readonly pairTracks = new Map<number, Track>();

  private mergeAlternating(k: number, l: Track, r: Track): Track | null {
    const a = l.counter.reps, b = r.counter.reps;
    if (a.length < 2 || b.length < 2 || Math.abs(a.length - b.length) > 1) return null;
    const all = [...a.map((x) => ({ x, s: 0 })), ...b.map((x) => ({ x, s: 1 }))].sort((p, q) => p.x.endT - q.x.endT);
    let switches = 0;
    for (let i = 1; i < all.length; i++) if (all[i]!.s !== all[i - 1]!.s) switches++;
    // Both sides together (a squat) give near-simultaneous pairs, not turns: require turns with a gap between them.
    let apart = 0;
    for (let i = 1; i < all.length; i++) if (all[i]!.x.endT - all[i - 1]!.x.endT > 250) apart++;
    if (switches < 0.8 * (all.length - 1) || apart < 0.8 * (all.length - 1)) return null;
    let tr = this.pairTracks.get(k);
    if (!tr) {
      // A read-only stand-in for a counter: only `reps`, `spec` and `version` are used on a chosen track.
      const counter = { reps: [] as CountedRep[], spec: l.counter.spec, version: 0 } as unknown as RepCounter;
      tr = { counter, feature: l.feature, exercise: null, concentricToFar: true, scoreVersion: -1, score: 0, scoreFeatures: [] };
      this.pairTracks.set(k, tr);
    }
    const reps = tr.counter.reps;
    // Keep the array (the engine emits from it by index): append what is new, in time order.
    const known = new Set(reps);
    for (const { x } of all) if (!known.has(x)) reps.push(x);
    return tr;
  }

  private emitReps(t: number, out: ExerciseEvent[], live: boolean): void {
    const tr = this.chosen!;
    const reps = tr.counter.reps;
    const ex = tr.exercise;
    const from = this.emitted;
    for (let i = this.emitted; i < reps.length; i++) {
      const r = reps[i]!;
      const count = ++this.emitted;
      const toFar = r.farT - r.startT, toRest = r.endT - r.farT;
      const concentricToFar = tr.concentricToFar;
      out.push({
        type: 'rep', personId: this.personId, t, setId: this.setId, exercise: ex?.name ?? null, count,
        startT: r.startT, farT: r.farT, endT: r.endT,
        rom: round(Math.min(2, r.amplitude / tr.counter.spec.fullRange), 3),
        concentricMs: concentricToFar ? toFar : toRest,
        eccentricMs: concentricToFar ? toRest : toFar,
        ...(r.inferred ? { inferred: true } : {}),
      });
      if (ex) this.checkForm(ex, r, count, live && i === reps.length - 1, t, out);
    }
    if (live && reps.length > from) { this.repMin.fill(Infinity); this.repMax.fill(-Infinity); }
  }

  private checkForm(ex: Exercise, r: CountedRep, count: number, live: boolean, t: number, out: ExerciseEvent[]): void {
    const view: RepView = live ? { rest: r.restF, far: r.farF, min: this.repMin, max: this.repMax } : { rest: r.restF, far: r.farF };
    for (const rule of ex.form) {
      if (!formRuleFires(rule.when, view)) continue;
      const measured = explainRule(ex, rule, view);
      out.push({
        type: 'form', personId: this.personId, t, setId: this.setId, exercise: ex.name,
        rule: rule.id, severity: rule.severity, message: rule.message, rep: count, ...(measured ? { measured } : {}),
      });
    }
  }

  private checkRest(t: number, out: ExerciseEvent[]): void {
    if (!this.setOpen) {
      if (t - this.lastRepT > STALE_REP_MS) for (const tr of this.allTracks()) if (tr.counter.reps.length) tr.counter.prune(t - STALE_REP_MS);
      return;
    }
    let restMs = this.cfg.restMs;
    const reps = this.chosen?.counter.reps;
    // At least 3 rep lengths (a slow set pauses longer between reps), from the reps themselves: the time between
    // them is what this decides, so it cannot stretch the rest (sparse reps 20 s apart are not one set).
    if (reps && reps.length >= 2) restMs = Math.max(restMs, 3 * medianDuration(reps));
    const last = reps && reps.length ? reps[reps.length - 1]!.endT : this.lastRepT;
    if (t - last > restMs && t - this.lastRepT > Math.min(restMs, 2 * this.cfg.restMs)) this.endSet(t, out);
  }

  private endSet(t: number, out: ExerciseEvent[]): void {
    // The fallback waits a rep for a catalogue exercise that is close; when the movement stops there (three reps,
    // the catalogue's track at two), the reps are still a set of an unrecognised exercise.
    if (!this.announced && this.cfg.fallback) {
      this.settling = true;
      this.classify(t, out);
      this.settling = false;
    }
    if (this.announced && this.chosen) {
      this.inferHiddenReps(t, out);
      const reps = this.chosen.counter.reps;
      const endT = reps[reps.length - 1]?.endT ?? t;
      const summary = setSummary(reps, this.chosen.counter.spec.fullRange, this.chosen.concentricToFar);
      out.push({
        type: 'set.ended', personId: this.personId, t, setId: this.setId, exercise: this.chosen.exercise?.name ?? null,
        reps: reps.length, startT: reps[0]?.startT ?? this.setStartT, endT,
        confidence: round(this.scoreN ? this.scoreSum / this.scoreN : 0, 3),
        ...(summary ? { summary } : {}),
      });
      this.lastSetEndT = endT;
    }
    this.setOpen = false;
    this.announced = false;
    this.chosen = null;
    this.chosenScore = 0;
    this.scoreSum = 0;
    this.scoreN = 0;
    this.emitted = 0;
    this.gaps = [];
    for (const tr of this.allTracks()) tr.counter.clearReps();
    for (const tr of this.pairTracks.values()) tr.counter.reps.length = 0;
  }

  /**
   * Reps the person made while not seen: an interval between two reps that spans a gap in visibility and lasts
   * k whole periods of an otherwise steady rhythm held k-1 reps (at most 3 per gap). Emitted, flagged `inferred`,
   * when the set ends and the rhythm is known.
   */
  private inferHiddenReps(t: number, out: ExerciseEvent[]): void {
    const reps = this.chosen!.counter.reps;
    if (!this.gaps.length || reps.length < 3) return;
    const iv: number[] = [];
    for (let i = 1; i < reps.length; i++) iv.push(reps[i]!.endT - reps[i - 1]!.endT);
    const clean = iv.filter((_, i) => !overlapsGap(this.gaps, reps[i]!.endT, reps[i + 1]!.endT));
    if (clean.length < 2) return;
    const sorted = [...clean].sort((a, b) => a - b);
    const m = sorted[sorted.length >> 1]!;
    const mean = clean.reduce((a, b) => a + b, 0) / clean.length;
    const sd = Math.sqrt(clean.reduce((a, b) => a + (b - mean) ** 2, 0) / clean.length);
    if (!(m > 0) || sd / mean > 0.35) return;
    const added: CountedRep[] = [];
    for (let i = 0; i < iv.length; i++) {
      const a0 = reps[i]!.endT, a1 = reps[i + 1]!.endT;
      const hidden = this.gaps.reduce((acc, [a, b]) => acc + Math.max(0, Math.min(b, a1) - Math.max(a, a0)), 0);
      if (hidden < 0.5 * m || iv[i]! > 5 * m) continue;
      const k = Math.min(3, Math.round(iv[i]! / m) - 1);
      for (let j = 1; j <= k; j++) {
        const endT = a0 + (iv[i]! * j) / (k + 1);
        const p = reps[i]!;
        added.push({ ...p, startT: endT - (p.endT - p.startT), farT: endT - (p.endT - p.farT), endT, inferred: true });
      }
    }
    if (!added.length) return;
    reps.push(...added);
    this.emitReps(t, out, false);
  }

  /** Ends the open set (end of a recording, person left for good). */
  flush(t = this.lastT, out: ExerciseEvent[] = []): ExerciseEvent[] {
    if (this.holding) {
      const h = this.holding;
      this.holding = null;
      h.reset();
      out.push({ type: 'set.ended', personId: this.personId, t, setId: this.setId, exercise: h.exercise.name, reps: 0, startT: h.startT, endT: h.lastT, confidence: round(h.meanScore, 3), holdMs: Math.round(h.lastT - h.startT) });
    }
    if (this.setOpen) this.endSet(t, out);
    return out;
  }

  /** The x scale currently applied (for diagnostics). */
  get aspectScale(): number {
    return this.cfg.aspect ?? this.scale;
  }

  get currentScore(): number {
    return this.chosenScore;
  }
}

/** Per exercise (the catalogue's objects), the features its recognition reads. */
const scoreFeatureCache = new WeakMap<Exercise, readonly number[]>();
function recogniseFeaturesOf(ex: Exercise): readonly number[] {
  let f = scoreFeatureCache.get(ex);
  if (!f) scoreFeatureCache.set(ex, (f = recogniseFeatures(ex)));
  return f;
}

/** Scratch for the mean rep view a score is computed from (read only within `matchScore`). */
const scoreView = { rest: new Float64Array(FEATURE_COUNT), far: new Float64Array(FEATURE_COUNT) };

function matchScore(tr: Track): number {
  if (tr.scoreVersion !== tr.counter.version) {
    tr.score = tr.counter.reps.length ? scoreExercise(tr.exercise!, meanRepView(tr.counter.reps, 8, scoreView, tr.scoreFeatures)) : 0;
    tr.scoreVersion = tr.counter.version;
  }
  return tr.score;
}

function setSummary(reps: readonly CountedRep[], fullRange: number, concentricToFar: boolean): SetSummary | null {
  const seen = reps.filter((r) => !r.inferred);
  if (!seen.length) return null;
  const n = seen.length;
  const roms = seen.map((r) => Math.min(2, r.amplitude / fullRange));
  const toFar = seen.reduce((a, r) => a + (r.farT - r.startT), 0) / n, toRest = seen.reduce((a, r) => a + (r.endT - r.farT), 0) / n;
  return {
    meanRepMs: Math.round(seen.reduce((a, r) => a + (r.endT - r.startT), 0) / n),
    meanConcentricMs: Math.round(concentricToFar ? toFar : toRest),
    meanEccentricMs: Math.round(concentricToFar ? toRest : toFar),
    meanRom: round(roms.reduce((a, b) => a + b, 0) / n, 3),
    minRom: round(Math.min(...roms), 3),
    maxRom: round(Math.max(...roms), 3),
  };
}

function medianDuration(reps: readonly CountedRep[]): number {
  const d = reps.map((r) => r.endT - r.startT).sort((a, b) => a - b);
  return d[d.length >> 1] ?? 0;
}

function meanAmp(tr: Track): number {
  const reps = tr.counter.reps;
  return reps.length ? reps.reduce((a, r) => a + r.amplitude, 0) / reps.length : 0;
}

type Gaps = readonly (readonly [number, number])[];

/** Whether [a, b] overlaps a stretch where the person was not seen. */
const overlapsGap = (gaps: Gaps, a: number, b: number): boolean => gaps.some(([g0, g1]) => g1 > a && g0 < b);
/** Milliseconds of [a, b] the person was not seen. */
const hiddenIn = (gaps: Gaps, a: number, b: number): number => gaps.reduce((s, [g0, g1]) => s + Math.max(0, Math.min(b, g1) - Math.max(a, g0)), 0);

/** Times between consecutive rep ends, leaving out those that span a stretch out of view. */
function intervals(reps: readonly CountedRep[], gaps: Gaps): number[] {
  const iv: number[] = [];
  for (let i = 1; i < reps.length; i++) {
    const a = reps[i - 1]!.endT, b = reps[i]!.endT;
    if (!overlapsGap(gaps, a, b)) iv.push(b - a);
  }
  return iv;
}

/**
 * With three reps the spread says little: the two gaps may differ at most 2.2× (a set's pauses and tempo changes
 * stay within that; gestures seconds and then many seconds apart do not). Any other number of gaps passes.
 */
const twoGapsEven = (iv: readonly number[]): boolean => iv.length !== 2 || Math.max(...iv) <= 2.2 * Math.min(...iv);

/**
 * Whether a named exercise's first reps may start a set: three reps need two even gaps (`twoGapsEven`); from the
 * fourth rep on, a set starts (one spurious half rep in a set must not sink it).
 */
function startsRhythm(reps: readonly CountedRep[], gaps: Gaps): boolean {
  return reps.length !== 3 || twoGapsEven(intervals(reps, gaps));
}

/** A steady rhythm: intervals that span a stretch where the person was not seen (`gaps`) are left out. */
function regular(reps: readonly CountedRep[], gaps: Gaps = [], lengthRatio = 3, intervalRatio = Infinity): boolean {
  const iv = intervals(reps, gaps);
  if (!iv.length) return true;
  const m = iv.reduce((a, b) => a + b, 0) / iv.length;
  const sd = Math.sqrt(iv.reduce((a, b) => a + (b - m) ** 2, 0) / iv.length);
  if (!(m > 0 && sd / m < 0.6)) return false;
  if (!twoGapsEven(iv)) return false;
  if (Math.max(...iv) > intervalRatio * Math.min(...iv)) return false;
  // Rep lengths of one movement stay within a factor of 3 (slow and fast reps in one set); gesturing does not.
  let lo = Infinity, hi = 0;
  for (const r of reps) {
    // A rep whose start and end were seen has a known length; only one mostly unseen may hide a turn (or be two).
    if (hiddenIn(gaps, r.startT, r.endT) > 0.5 * (r.endT - r.startT)) continue;
    const d = r.endT - r.startT; lo = Math.min(lo, d); hi = Math.max(hi, d);
  }
  return !(lo < Infinity) || hi <= lengthRatio * lo;
}

function midOf(p: Float64Array, a: number, b: number, axis: 0 | 1): number {
  const u = p[2 * a + axis]!, v = p[2 * b + axis]!;
  return u === u && v === v ? (u + v) / 2 : u === u ? u : v;
}

/** Image y of the lower ankle (the foot on the floor), NaN when neither is seen. */
function lowerFootY(p: Float64Array): number {
  const l = p[2 * 27 + 1]!, r = p[2 * 28 + 1]!;
  return l === l && r === r ? Math.max(l, r) : l === l ? l : r;
}

const round = (v: number, d: number): number => Math.round(v * 10 ** d) / 10 ** d;
