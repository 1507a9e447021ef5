/**
 * Pose accuracy on rendered footage (issue 13): every clip of the coverage set (every exercise × front / 45° /
 * side × two tempos, rendered once and cached) through the pipeline of `npx gym analyse-video` (NanoDet → tracker →
 * MediaPipe pose in headless Chromium), each person's landmarks against the landmarks projected from the rig:
 * image distance / torso length, over the 12 body joints (and over all 33 points). Reference in the same run: a
 * predictor that knows where the person stands but not how they move (the person's truth landmarks averaged over
 * the clip); ratio < 1 means the pipeline follows the movement better than standing still would. Also: the share
 * of the person's frames that had a skeleton (found), left/right swaps, error by exercise × view.
 *
 *   npx tsx bench/pose-accuracy.bench.ts                          # the whole coverage set (~10 min render, ~15 min analysis on 2 cores, cached)
 *   BENCH_CLIPS='cov-squat-*,squat-front' npx tsx bench/pose-accuracy.bench.ts
 */
import { headline } from './lib/report.ts';
import { clipNames, renderedClips, table } from './lib/rendered-clips.ts';
import { JOINTS, matchTruthPerson, meanPoseError, poseError, type PoseError } from './lib/pose-error.ts';

const clips = await renderedClips(clipNames());
const rows: string[][] = [['clip', 'found', 'joints err', 'all 33', 'ref (mean pose)', 'ratio', 'worst joint', 'swaps']];
const cells = new Map<string, { e: number; r: number; n: number }>();
const byJoint = new Map<string, number[]>();
let sumE = 0, sumR = 0, sumFound = 0, n = 0, swaps = 0;
const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '-');
for (const c of clips) {
  // The person followed longest that matches an exercising truth person.
  let best: { e: PoseError; r: PoseError } | null = null;
  for (const p of c.persons) {
    const id = matchTruthPerson(c.landmarks, p.frames, p.startS);
    if (!id || c.truth.people.find((t) => t.id === id)?.role !== 'exercising') continue;
    const e = poseError(c.landmarks, id, p.frames, p.startS), r = meanPoseError(c.landmarks, id, p.frames, p.startS);
    if (e && r && (!best || e.matchedFrames > best.e.matchedFrames)) best = { e, r };
  }
  if (!best) { rows.push([c.name, '0%', '-', '-', '-', '-', '-', '-']); n++; continue; }
  const { e, r } = best;
  const found = Math.min(1, e.matchedFrames / Math.max(1, e.truthFrames));
  const worst = Object.entries(e.byJoint).sort((a, b) => b[1] - a[1])[0]!;
  rows.push([c.name, `${(found * 100).toFixed(0)}%`, f3(e.joints), f3(e.all), f3(r.joints), (e.joints / r.joints).toFixed(2), `${worst[0]} ${f3(worst[1])}`, `${(e.swaps * 100).toFixed(0)}%`]);
  sumE += e.joints; sumR += r.joints; sumFound += found; swaps += e.swaps; n++;
  for (const j of JOINTS) byJoint.set(j, [...(byJoint.get(j) ?? []), e.byJoint[j]!]);
  const key = `${c.exercise ?? c.name}|${c.view ?? '-'}`;
  const cell = cells.get(key) ?? { e: 0, r: 0, n: 0 };
  cells.set(key, { e: cell.e + e.joints, r: cell.r + r.joints, n: cell.n + 1 });
}
console.log(table(rows));

const views = [...new Set(clips.map((c) => c.view ?? '-'))];
const exercises = [...new Set(clips.map((c) => c.exercise ?? c.name))];
console.log(`\njoint error (torso lengths) by exercise × view, pipeline / mean-pose reference:`);
console.log(table([['exercise', ...views], ...exercises.map((x) => [x, ...views.map((v) => {
  const c = cells.get(`${x}|${v}`);
  return c ? `${f3(c.e / c.n)} / ${f3(c.r / c.n)}` : '-';
})])]));
console.log(`\nby joint: ${JOINTS.map((j) => { const v = byJoint.get(j) ?? []; return `${j} ${f3(v.reduce((a, b) => a + b, 0) / Math.max(1, v.length))}`; }).join(', ')}`);
const measured = rows.length - 1 - rows.filter((r) => r[1] === '0%').length;
console.log(`\n${clips.length} clips, ${measured} with the exerciser found; mean joint error ${f3(sumE / Math.max(1, measured))} torso lengths vs ${f3(sumR / Math.max(1, measured))} for the mean-pose reference; skeleton in ${((sumFound / Math.max(1, n)) * 100).toFixed(0)} % of the exerciser's frames; swaps ${((swaps / Math.max(1, measured)) * 100).toFixed(1)} %`);
headline({ metric: 'pose joint error on rendered clips (torso lengths)', value: sumE / Math.max(1, measured), unit: '', reference: { label: 'mean pose', value: sumR / Math.max(1, measured) }, note: `${clips.length} clips; ratio ${(sumE / sumR).toFixed(2)}` });
headline({ metric: 'exerciser frames with a skeleton (rendered)', value: (sumFound / Math.max(1, n)) * 100, unit: '%', note: `${clips.length} clips` });
