import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const script = resolve(import.meta.dirname, 'rtsp-camera.py');

export interface SimCameraOptions {
  port: number;
  path?: string;
  host?: string;
  footage?: string;
  width?: number;
  height?: number;
  fps?: number;
  gop?: number;
  /** Stamp the time code the latency bench reads back. */
  stamp?: boolean;
  python?: string;
}

/**
 * The simulated IP camera (GStreamer's RTSP server looping the test footage, rtsp-camera.py) as a child process
 * tests can start and stop. `url` is ready to hand to capture-node once `start()` resolves.
 */
export class SimCamera {
  #proc: ChildProcess | null = null;
  readonly url: string;

  constructor(readonly opts: SimCameraOptions) {
    this.url = `rtsp://${opts.host ?? '127.0.0.1'}:${opts.port}/${opts.path ?? 'vtest'}`;
  }

  get running(): boolean {
    return this.#proc !== null && this.#proc.exitCode === null && this.#proc.signalCode === null;
  }

  args(): string[] {
    const o = this.opts;
    const a = [script, '--port', String(o.port), '--path', o.path ?? 'vtest', '--host', o.host ?? '127.0.0.1'];
    if (o.footage) a.push('--footage', o.footage);
    if (o.width) a.push('--width', String(o.width));
    if (o.height) a.push('--height', String(o.height));
    if (o.fps) a.push('--fps', String(o.fps));
    if (o.gop) a.push('--gop', String(o.gop));
    if (o.stamp) a.push('--stamp');
    return a;
  }

  /** Starts the server and resolves once it listens. */
  start(timeoutMs = 15_000): Promise<void> {
    if (this.running) return Promise.resolve();
    const proc = spawn(this.opts.python ?? '/usr/bin/python3', this.args(), { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#proc = proc;
    return new Promise((resolve, reject) => {
      let err = '';
      const timer = setTimeout(() => reject(new Error(`simulated camera not ready after ${timeoutMs} ms: ${err}`)), timeoutMs);
      proc.stderr!.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-2000)));
      proc.stdout!.setEncoding('utf8').on('data', (d: string) => {
        if (d.includes('ready rtsp://')) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`simulated camera exited (${code}): ${err.trim()}`));
      });
    });
  }

  /** Stops the server (and the ffmpeg feeding it); resolves when it has exited. */
  async stop(): Promise<void> {
    const p = this.#proc;
    this.#proc = null;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGTERM');
    const t = setTimeout(() => p.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(t);
  }
}
