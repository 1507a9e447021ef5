/**
 * `gym.poses/1`: recorded skeleton sequences as JSON lines.
 *
 *   {"format":"gym.poses/1","fps":30,"skeleton":"mediapipe-33"}
 *   {"t":0,"kp":[[x,y,z,visibility], ... 33 entries in MediaPipe Pose order]}
 *   {"t":33,"kp":null}                      <- nobody detected in this frame
 *
 * x, y are normalised to the image or to the person box. Readers accept extra fields, reject malformed lines with
 * the line number, and stream (a file is never read whole).
 */
import { LANDMARK_COUNT, type Skeleton } from '../landmarks.ts';
import { PoseFileError } from '../errors.ts';

export const POSES_FORMAT = 'gym.poses/1';
export const POSES_SKELETON = 'mediapipe-33';

export interface PosesHeader {
  format: typeof POSES_FORMAT;
  fps: number;
  skeleton: typeof POSES_SKELETON;
  /** Extra header fields are kept. */
  [extra: string]: unknown;
}

export interface PoseFrame {
  /** Milliseconds since the start of the recording. */
  t: number;
  kp: Skeleton | null;
}

function parseJsonLine(line: string, lineNo: number): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (e) {
    throw new PoseFileError(lineNo, `not valid JSON (${(e as Error).message})`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new PoseFileError(lineNo, 'expected a JSON object');
  return v as Record<string, unknown>;
}

export function parsePosesHeader(line: string, lineNo = 1): PosesHeader {
  const h = parseJsonLine(line, lineNo);
  if (h.format !== POSES_FORMAT) throw new PoseFileError(lineNo, `format must be "${POSES_FORMAT}", got ${JSON.stringify(h.format)}`);
  if (typeof h.fps !== 'number' || !Number.isFinite(h.fps) || h.fps <= 0 || h.fps > 1000)
    throw new PoseFileError(lineNo, `fps must be a number in (0, 1000], got ${JSON.stringify(h.fps)}`);
  if (h.skeleton !== POSES_SKELETON)
    throw new PoseFileError(lineNo, `skeleton must be "${POSES_SKELETON}", got ${JSON.stringify(h.skeleton)}`);
  return h as PosesHeader;
}

export function parsePoseFrame(line: string, lineNo: number): PoseFrame {
  const f = parseJsonLine(line, lineNo);
  const t = f.t;
  if (typeof t !== 'number' || !Number.isFinite(t)) throw new PoseFileError(lineNo, `"t" must be a finite number of ms, got ${JSON.stringify(t)}`);
  const kp = f.kp;
  if (kp === null) return { t, kp: null };
  if (!Array.isArray(kp)) throw new PoseFileError(lineNo, '"kp" must be an array of 33 landmarks or null');
  if (kp.length !== LANDMARK_COUNT) throw new PoseFileError(lineNo, `"kp" must have ${LANDMARK_COUNT} landmarks, got ${kp.length}`);
  for (let i = 0; i < kp.length; i++) {
    const p = kp[i];
    if (!Array.isArray(p) || p.length !== 4) throw new PoseFileError(lineNo, `kp[${i}] must be [x, y, z, visibility]`);
    for (let j = 0; j < 4; j++) {
      if (typeof p[j] !== 'number' || !Number.isFinite(p[j])) throw new PoseFileError(lineNo, `kp[${i}][${j}] must be a finite number`);
    }
  }
  return { t, kp: kp as Skeleton };
}

/** Splits a stream of text or bytes into lines (handles \n and \r\n, chunks split anywhere, UTF-8 safe). */
export async function* splitLines(source: AsyncIterable<string | Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = '';
  for await (const chunk of source) {
    rest += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      const line = rest.slice(0, nl);
      rest = rest.slice(nl + 1);
      yield line.endsWith('\r') ? line.slice(0, -1) : line;
    }
  }
  rest += decoder.decode();
  if (rest.length > 0) yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}

export type PosesRecord = { kind: 'header'; header: PosesHeader } | { kind: 'frame'; frame: PoseFrame; line: number };

/**
 * Streams a `gym.poses/1` recording: yields the header first, then each frame. Blank lines are skipped.
 * Throws PoseFileError (with the line number) at the first malformed line.
 */
export async function* readPoses(source: AsyncIterable<string | Uint8Array>): AsyncGenerator<PosesRecord> {
  let lineNo = 0;
  let header: PosesHeader | null = null;
  for await (const line of splitLines(source)) {
    lineNo++;
    if (line.trim() === '') continue;
    if (!header) {
      header = parsePosesHeader(line, lineNo);
      yield { kind: 'header', header };
    } else {
      yield { kind: 'frame', frame: parsePoseFrame(line, lineNo), line: lineNo };
    }
  }
  if (!header) throw new PoseFileError(Math.max(lineNo, 1), 'empty file: no gym.poses/1 header');
}

/** Round to keep files small without losing pose precision (1e-5 of the image). */
const round = (v: number, digits = 5): number => {
  const k = 10 ** digits;
  return Math.round(v * k) / k;
};

export function formatPosesHeader(fps: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ format: POSES_FORMAT, fps, skeleton: POSES_SKELETON, ...extra });
}

export function formatPoseFrame(frame: PoseFrame): string {
  if (frame.kp === null) return JSON.stringify({ t: round(frame.t, 3), kp: null });
  if (frame.kp.length !== LANDMARK_COUNT) throw new PoseFileError(0, `cannot write a skeleton of ${frame.kp.length} landmarks`);
  return JSON.stringify({ t: round(frame.t, 3), kp: frame.kp.map((p) => [round(p[0]), round(p[1]), round(p[2]), round(p[3], 4)]) });
}

/** Writes a recording line by line to any sink (a file stream, an array, a socket). */
export class PosesWriter {
  private frames = 0;
  constructor(
    private readonly write: (line: string) => void,
    fps: number,
    extra: Record<string, unknown> = {},
  ) {
    this.write(formatPosesHeader(fps, extra) + '\n');
  }
  frame(frame: PoseFrame): void {
    this.write(formatPoseFrame(frame) + '\n');
    this.frames++;
  }
  get count(): number {
    return this.frames;
  }
}
