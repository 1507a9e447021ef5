/**
 * Where set clips live: local disk by default (GYM_DATA_DIR/clips, with retention by age and total size), or an
 * S3-compatible bucket (MinIO, ...) when CLIPS_STORE=s3. Keys are opaque ("<memberId or person>/<setId>.webm").
 */
import { mkdir, readdir, rename, rm, stat, writeFile, readFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

export interface ClipStore {
  put(key: string, data: Uint8Array, contentType?: string): Promise<void>;
  get(key: string): Promise<Uint8Array | null>;
  delete(key: string): Promise<void>;
  /** Deletes clips older than the retention or beyond the size budget (oldest first). Returns how many. */
  enforceRetention(now?: number): Promise<number>;
}

const KEY_RE = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*$/;
export function checkKey(key: string): string {
  if (!KEY_RE.test(key) || key.includes('..')) throw new Error(`bad clip key "${key}"`);
  return key;
}

export class LocalClipStore implements ClipStore {
  constructor(
    private readonly root: string,
    private readonly retentionMs: number,
    private readonly maxBytes: number,
  ) {}

  private path(key: string) {
    const p = resolve(this.root, checkKey(key));
    if (!p.startsWith(resolve(this.root) + sep)) throw new Error(`bad clip key "${key}"`);
    return p;
  }

  /** Written beside and renamed into place: a full disk (ENOSPC) leaves no cut clip behind, and the error is thrown. */
  async put(key: string, data: Uint8Array) {
    const p = this.path(key);
    const tmp = `${p}.part`;
    await mkdir(dirname(p), { recursive: true });
    try {
      await writeFile(tmp, data);
      await rename(tmp, p);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }

  async get(key: string) {
    try {
      return new Uint8Array(await readFile(this.path(key)));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async delete(key: string) {
    await rm(this.path(key), { force: true });
  }

  async enforceRetention(now = Date.now()) {
    const files: { p: string; mtime: number; size: number }[] = [];
    const walk = async (d: string) => {
      let entries;
      try {
        entries = await readdir(d, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const p = join(d, e.name);
        if (e.isDirectory()) await walk(p);
        else if (e.isFile()) {
          const s = await stat(p);
          files.push({ p, mtime: s.mtimeMs, size: s.size });
        }
      }
    };
    await walk(this.root);
    files.sort((a, b) => a.mtime - b.mtime);
    let total = files.reduce((n, f) => n + f.size, 0);
    let removed = 0;
    for (const f of files) {
      if (now - f.mtime <= this.retentionMs && total <= this.maxBytes) break;
      await rm(f.p, { force: true });
      total -= f.size;
      removed++;
    }
    return removed;
  }
}
