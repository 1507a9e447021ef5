/** One exercise's progress over sessions with uPlot: reps per session and the best set's reps. */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ProgressSeries } from '@gym/shared';
import { exerciseName } from '../member-copy.ts';

export function ProgressChart({ series, width }: { series: ProgressSeries; width: number }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const xs = series.points.map((p) => Date.parse(p.at) / 1000);
    if (!xs.length) return;
    // The time axis from the data itself: a day either side of one session, a little margin around several.
    const lo = Math.min(...xs);
    const hi = Math.max(...xs);
    const pad = hi > lo ? (hi - lo) * 0.05 : 86_400;
    const xRange: uPlot.Range.MinMax = [lo - pad, hi + pad];
    const data: uPlot.AlignedData = [xs, series.points.map((p) => p.reps), series.points.map((p) => p.bestSetReps)];
    const axis = { stroke: '#cbd5e1', grid: { stroke: '#1f2937' }, ticks: { stroke: '#374151' }, font: '14px system-ui' };
    const plot = new uPlot(
      {
        width,
        height: 200,
        scales: { x: { time: true, range: () => xRange },  y: { range: (_u, _min, max) => [0, Math.max(5, Math.ceil(max * 1.2))] } },
        axes: [axis, { ...axis, size: 40 }],
        legend: { show: false },
        series: [
          {},
          { label: 'reps', stroke: '#34d399', width: 3, points: { size: 8, fill: '#34d399' } },
          { label: 'best set', stroke: '#60a5fa', width: 2, dash: [6, 4], points: { size: 6, fill: '#60a5fa' } },
        ],
      },
      data,
      el.current,
    );
    return () => plot.destroy();
  }, [series, width]);
  return (
    <figure className="chart" data-testid={`chart-${series.exercise}`}>
      <figcaption>
        {exerciseName(series.exercise)} <span className="key reps">— reps per session</span> <span className="key best">- - best set</span>
      </figcaption>
      <div ref={el} />
    </figure>
  );
}
