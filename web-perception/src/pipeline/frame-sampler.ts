/**
 * Picks the frames to analyse from a stream at its own rate (25–30 fps live, the file's rate offline) so that the
 * analysed rate is `fps` on average: a frame is taken when it is at or past the next due time (minus half a
 * source interval, so 30 → 10 fps takes exactly every third frame). Frames arriving late or in bursts do not make
 * it catch up with a flurry: the due time never falls more than one interval behind.
 */
export class FrameSampler {
  private nextDue: number | null = null;
  private lastTs: number | null = null;
  private sourceInterval = 0;
  decoded = 0;
  taken = 0;

  constructor(private fps: number) {
    if (!(fps > 0)) throw new RangeError(`analysis fps must be > 0, got ${fps}`);
  }

  get interval(): number {
    return 1000 / this.fps;
  }

  setFps(fps: number): void {
    if (!(fps > 0)) throw new RangeError(`analysis fps must be > 0, got ${fps}`);
    this.fps = fps;
  }

  /** True when the frame with this timestamp (ms) should be analysed. */
  take(ts: number): boolean {
    this.decoded++;
    if (this.lastTs !== null && ts > this.lastTs) {
      const d = ts - this.lastTs;
      this.sourceInterval = this.sourceInterval === 0 ? d : this.sourceInterval * 0.9 + d * 0.1;
    }
    if (this.lastTs !== null && ts < this.lastTs) this.nextDue = null; // clock jumped back (stream restart)
    this.lastTs = ts;
    const slack = Math.min(this.sourceInterval / 2, this.interval / 2);
    if (this.nextDue === null || ts >= this.nextDue - slack) {
      // On time: keep the phase. More than one interval late (a gap in the stream): restart from this frame.
      const base = this.nextDue === null || ts - this.nextDue > this.interval ? ts : this.nextDue;
      this.nextDue = base + this.interval;
      this.taken++;
      return true;
    }
    return false;
  }
}
