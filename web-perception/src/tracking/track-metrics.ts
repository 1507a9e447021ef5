/**
 * CLEAR-MOT style identity counters for tracker tests and benches: per frame, ground-truth objects are matched to
 * tracker outputs by IoU (Hungarian, IoU ≥ threshold); an id switch is a ground-truth object matched to a different
 * track id than the last time it was matched.
 */
import { linearAssignment } from './assignment.ts';
import { iouMatrix, type BoxXYWH } from './box.ts';

export interface LabelledBox {
  id: number;
  box: BoxXYWH;
}

export interface IdentityCounts {
  frames: number;
  /** Ground-truth boxes in all frames. */
  objects: number;
  /** Ground-truth boxes matched to a track. */
  matched: number;
  /** Ground-truth boxes with no track (missed). */
  misses: number;
  /** Track boxes with no ground truth. */
  falsePositives: number;
  idSwitches: number;
  /** Distinct track ids seen per ground-truth id. */
  idsPerObject: Map<number, Set<number>>;
}

export class IdentityCounter {
  private readonly last = new Map<number, number>();
  readonly counts: IdentityCounts = { frames: 0, objects: 0, matched: 0, misses: 0, falsePositives: 0, idSwitches: 0, idsPerObject: new Map() };

  constructor(private readonly minIou = 0.5) {}

  add(truth: readonly LabelledBox[], tracks: readonly LabelledBox[]): void {
    const c = this.counts;
    c.frames++;
    c.objects += truth.length;
    const cost = iouMatrix(truth.map((t) => t.box), tracks.map((t) => t.box)).map((r) => r.map((v) => 1 - v));
    const a = linearAssignment(cost, 1 - this.minIou, tracks.length);
    c.matched += a.matches.length;
    c.misses += a.unmatchedRows.length;
    c.falsePositives += a.unmatchedCols.length;
    for (const [i, j] of a.matches) {
      const gt = truth[i]!.id;
      const tid = tracks[j]!.id;
      const prev = this.last.get(gt);
      if (prev !== undefined && prev !== tid) c.idSwitches++;
      this.last.set(gt, tid);
      let s = c.idsPerObject.get(gt);
      if (!s) c.idsPerObject.set(gt, (s = new Set()));
      s.add(tid);
    }
  }
}
