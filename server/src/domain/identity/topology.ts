/**
 * Spatio-temporal constraints between cameras, from the gym config's topology: which views connect, how long the
 * walk between them plausibly takes, and which views overlap (the same person may be in both at once). A person
 * is never in two non-overlapping views at the same time.
 */
export interface LinkSpec {
  from: string;
  to: string;
  minTransitS: number;
  maxTransitS: number;
  overlap: boolean;
}

/** A tracklet's presence: one camera, one time interval (ms since epoch). */
export interface Span {
  cameraId: string;
  startMs: number;
  endMs: number;
}

export interface TopologyOptions {
  /** Within one camera, a lost track may be re-acquired within this many seconds. */
  sameCameraGapS?: number;
  /** Timestamps of different cameras disagree by up to this much (clock skew, frame latency). */
  skewMs?: number;
}

export class Topology {
  private readonly links = new Map<string, LinkSpec>();
  readonly sameCameraGapS: number;
  readonly skewMs: number;

  constructor(links: readonly LinkSpec[], opts: TopologyOptions = {}) {
    this.setLinks(links);
    this.sameCameraGapS = opts.sameCameraGapS ?? 5;
    this.skewMs = opts.skewMs ?? 500;
  }

  /** Replaces every link (the topology edited in the console takes effect without a restart). */
  setLinks(links: readonly LinkSpec[]): void {
    this.links.clear();
    for (const l of links) {
      this.links.set(`${l.from}\u0000${l.to}`, l);
      // Links are walkable both ways.
      if (!this.links.has(`${l.to}\u0000${l.from}`)) this.links.set(`${l.to}\u0000${l.from}`, { ...l, from: l.to, to: l.from });
    }
  }

  link(from: string, to: string): LinkSpec | undefined {
    return this.links.get(`${from}\u0000${to}`);
  }

  overlapping(a: string, b: string): boolean {
    return a !== b && (this.link(a, b)?.overlap ?? false);
  }

  /** Cameras whose views overlap `cameraId`. */
  overlapsOf(cameraId: string): string[] {
    const out: string[] = [];
    for (const l of this.links.values()) if (l.from === cameraId && l.overlap) out.push(l.to);
    return out;
  }

  /**
   * True when two presences cannot be one person: they overlap in time on the same camera (two tracks at once)
   * or on two cameras whose views do not overlap.
   */
  conflict(a: Span, b: Span): boolean {
    const overlapMs = Math.min(a.endMs, b.endMs) - Math.max(a.startMs, b.startMs);
    if (a.cameraId === b.cameraId) return overlapMs > 0;
    if (this.overlapping(a.cameraId, b.cameraId)) return false;
    return overlapMs > this.skewMs;
  }

  /**
   * True when `later` may continue `earlier` by walking: same camera within the re-acquire gap, or a linked
   * camera within its transit window. Used before linking on appearance alone.
   */
  transitPlausible(earlier: Span, later: Span): boolean {
    const gapS = (later.startMs - earlier.endMs) / 1000;
    if (earlier.cameraId === later.cameraId) return gapS >= -this.skewMs / 1000 && gapS <= this.sameCameraGapS;
    const l = this.link(earlier.cameraId, later.cameraId);
    if (!l) return false;
    if (l.overlap && gapS <= 0) return true;
    return gapS >= l.minTransitS - this.skewMs / 1000 && gapS <= l.maxTransitS;
  }
}
