/** Process CPU accounting for the perception benches (Linux /proc). */
import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds of this process's descendants (the browser and its helpers), from /proc. */
export function childCpuSeconds(): number {
  const tick = 100;
  const stats = new Map<number, { ppid: number; cpu: number }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(d), { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / tick });
    } catch {
      /* gone */
    }
  }
  const mine = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, s] of stats) if (!mine.has(pid) && mine.has(s.ppid)) (mine.add(pid), (grew = true));
  }
  let cpu = 0;
  for (const pid of mine) if (pid !== process.pid) cpu += stats.get(pid)?.cpu ?? 0;
  return cpu;
}
