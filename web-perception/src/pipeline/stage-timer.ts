/** Per-stage wall time: last value and an exponential moving average per stage name (ms). */
export class StageTimer {
  private readonly avg = new Map<string, number>();
  private readonly last = new Map<string, number>();

  constructor(
    private readonly now: () => number = () => performance.now(),
    /** Weight of a new sample in the average. */
    private readonly alpha = 0.2,
  ) {}

  async time<T>(stage: string, fn: () => Promise<T>): Promise<T> {
    const t0 = this.now();
    try {
      return await fn();
    } finally {
      this.record(stage, this.now() - t0);
    }
  }

  record(stage: string, ms: number): void {
    const a = this.avg.get(stage);
    this.avg.set(stage, a === undefined ? ms : a + this.alpha * (ms - a));
    this.last.set(stage, ms);
  }

  /** Averages, rounded to 0.1 ms (what goes into `worker:stats`). */
  averages(): Record<string, number> {
    return Object.fromEntries([...this.avg].map(([k, v]) => [k, Math.round(Math.max(0, v) * 10) / 10]));
  }

  lastFrame(): Record<string, number> {
    return Object.fromEntries(this.last);
  }
}
