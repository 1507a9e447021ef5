/**
 * Set clips: when a set starts, record the camera the person is on (ffmpeg, stream copy, fragmented MP4 so a
 * stopped recording is still playable); when it ends, keep the clip only if the set belongs to a member who has
 * consented to clips, store it in the clip store (local disk or S3) and record its key on the set. Anonymous
 * people's and non-consenting members' recordings are deleted at once. Bounded: at most `maxConcurrent`
 * recordings and `maxSeconds` each.
 */
import { tiedToParent } from '@gym/shared/process/tied-child.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { GymEvent } from '@gym/shared';
import type { Logger } from '@gym/shared/logger.ts';
import { sets } from '../db/schema/index.ts';
import type { DbWriter } from '../db/writer.ts';
import type { ClipStore } from '../storage/clip-store.ts';
import type { EventBus } from './event-bus.ts';

export interface ClipRecorderOptions {
  /** ffmpeg input arguments for a camera (e.g. `-rtsp_transport tcp -i rtsp://…`); null → that camera is not recorded. */
  inputFor(cameraId: string): string[] | null;
  /** Camera a person is currently seen on. */
  cameraOf(personId: string): string | null;
  /** Whether the member has an active `clips` consent. */
  mayKeep(memberId: string): Promise<boolean>;
  /** Output codec arguments (default: stream copy). */
  codecArgs?: string[];
  maxSeconds?: number;
  maxConcurrent?: number;
  ffmpegPath?: string;
}

interface Recording {
  setId: string;
  child: ChildProcess;
  file: string;
  dir: string;
  done: Promise<void>;
  /** Set when the set ended and ffmpeg was asked to stop. */
  stop: { asked: boolean };
}

export function rtspInput(url: string): string[] {
  return ['-rtsp_transport', 'tcp', '-timeout', '5000000', '-i', url];
}

export class ClipRecorder {
  private readonly active = new Map<string, Recording>();
  private readonly off: () => void;
  /** Finished work (for tests and shutdown). */
  private pending = new Set<Promise<unknown>>();

  constructor(
    private readonly store: ClipStore,
    private readonly writer: DbWriter,
    bus: EventBus,
    private readonly log: Logger,
    private readonly o: ClipRecorderOptions,
  ) {
    this.off = bus.on((e) => this.onEvent(e));
  }

  private onEvent(e: GymEvent) {
    if (e.type !== 'set') return;
    if (e.phase === 'started') this.start(e.setId, e.personId);
    else this.track(this.finish(e.setId, e.memberId));
  }

  private track<T>(p: Promise<T>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private start(setId: string, personId: string) {
    if (this.active.has(setId)) return;
    if (this.active.size >= (this.o.maxConcurrent ?? 4)) {
      this.log.warn({ setId }, 'clip not recorded: too many recordings at once');
      return;
    }
    const cameraId = this.o.cameraOf(personId);
    const input = cameraId ? this.o.inputFor(cameraId) : null;
    if (!input) return;
    const dir = mkdtempSync(join(tmpdir(), 'gym-clip-'));
    const file = join(dir, 'clip.mp4');
    const args = [
      '-nostdin', '-hide_banner', '-loglevel', 'error', '-y',
      ...input,
      '-t', String(this.o.maxSeconds ?? 120),
      '-an', ...(this.o.codecArgs ?? ['-c:v', 'copy']),
      '-movflags', '+frag_keyframe+empty_moov+default_base_moof',
      '-f', 'mp4', file,
    ];
    // Dies with the server even when it is SIGKILLed (no ffmpeg left recording from the camera).
    const child = spawn(...tiedToParent(this.o.ffmpegPath ?? 'ffmpeg', args), { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d) => (err = (err + d).slice(-500)));
    const stop = { asked: false };
    const done = new Promise<void>((res) => {
      child.on('exit', (code, signal) => {
        const stderr = err.replace(/rtsps?:\/\/\S+/g, '<camera>').trim();
        // Stopped before it had video to write (a set that ended within ffmpeg's first seconds of probing): no clip,
        // and nothing wrong with the camera.
        if (code && stop.asked) this.log.info({ setId, cameraId }, 'set ended before its clip had video; no clip');
        else if (code && code !== 255 && !signal) this.log.warn({ setId, cameraId, code, stderr }, 'clip recorder exited');
        res();
      });
      child.on('error', (e) => {
        this.log.error({ setId, err: e.message }, 'clip recorder failed to start');
        res();
      });
    });
    this.active.set(setId, { setId, child, file, dir, done, stop });
  }

  private async finish(setId: string, memberId: string | null): Promise<string | null> {
    const rec = this.active.get(setId);
    if (!rec) return null;
    this.active.delete(setId);
    rec.stop.asked = true;
    if (rec.child.exitCode === null) rec.child.kill('SIGINT'); // ffmpeg closes the file cleanly on SIGINT
    const killer = setTimeout(() => rec.child.kill('SIGKILL'), 5000);
    await rec.done;
    clearTimeout(killer);
    try {
      if (!memberId || !(await this.o.mayKeep(memberId))) return null;
      let data: Uint8Array;
      try {
        data = readFileSync(rec.file);
      } catch {
        return null;
      }
      if (data.byteLength < 1024) return null;
      const key = `${memberId}/${setId}.mp4`;
      await this.store.put(key, data, 'video/mp4');
      this.writer.run('set clip', (db) => db.update(sets).set({ clipKey: key }).where(eq(sets.id, setId)));
      return key;
    } catch (e) {
      this.log.error({ setId, err: (e as Error).message }, 'clip not stored');
      return null;
    } finally {
      rmSync(rec.dir, { recursive: true, force: true });
    }
  }

  /** Waits for clips being finished now. */
  async settle(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  async close(): Promise<void> {
    this.off();
    for (const setId of [...this.active.keys()]) this.track(this.finish(setId, null));
    await this.settle();
  }
}
