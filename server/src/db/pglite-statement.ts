/**
 * A named prepared statement on the embedded PGlite, run over the PostgreSQL extended query protocol with one call
 * into the engine per execution (Bind + Execute + Sync; Parse once per session).
 *
 * Why: PGlite's `query()` makes six calls into the wasm engine per statement (parse, describe, bind, describe,
 * execute, sync), plans it every time, and sends every parameter as text. For the embedding search that is most of
 * the cost: parsing the 512 decimal floats of a query vector takes pgvector ≈ 1.5 ms in wasm (strtof there is slow),
 * while its binary form (`vectorBinary`) is copied in ≈ 0.1 ms. Measured in bench/server.bench.ts and docs/server.md.
 *
 * Rows come back in text format, as arrays of column strings (null for SQL NULL), in the statement's column order.
 * Executions hold PGlite's own locks (those `query()` holds), so they never interleave with another statement or a
 * transaction on the same instance.
 */
import { createHash } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';

/** A parameter: text (its PostgreSQL text form), binary (Uint8Array, the type's binary form), or SQL NULL. */
export type Param = string | Uint8Array | null;

/** PGlite's locks, declared on the class (`query()` takes both, in this order); checked at run time below. */
interface PgliteLocks {
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
  _runExclusiveQuery<T>(fn: () => Promise<T>): Promise<T>;
  execProtocolRaw(message: Uint8Array, opts?: { syncToFs?: boolean }): Promise<Uint8Array>;
}

/** The PGlite instance behind a drizzle database, when it is the embedded engine and has what this module needs. */
export function embeddedPglite(db: unknown): PGlite | null {
  const client = (db as { $client?: unknown } | null)?.$client as Partial<PgliteLocks> | undefined;
  if (!client) return null;
  const ok =
    typeof client.execProtocolRaw === 'function' &&
    typeof client._runExclusiveQuery === 'function' &&
    typeof client._runExclusiveTransaction === 'function';
  return ok ? (client as unknown as PGlite) : null;
}

/** An error the database answered, with its SQLSTATE code. */
export class StatementError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'StatementError';
  }
}

const te = new TextEncoder();
const td = new TextDecoder();

/** Grows as needed; writes big-endian (network order) as the protocol wants. */
class Writer {
  private buf = new Uint8Array(1024);
  private view = new DataView(this.buf.buffer);
  private n = 0;
  private room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.n + k));
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  u8(x: number): void {
    this.room(1);
    this.buf[this.n++] = x;
  }
  i16(x: number): void {
    this.room(2);
    this.view.setInt16(this.n, x);
    this.n += 2;
  }
  i32(x: number): void {
    this.room(4);
    this.view.setInt32(this.n, x);
    this.n += 4;
  }
  bytes(u: Uint8Array): void {
    this.room(u.length);
    this.buf.set(u, this.n);
    this.n += u.length;
  }
  cstr(s: string): void {
    this.bytes(te.encode(s));
    this.u8(0);
  }
  /** One message: type byte, length (itself included), body. */
  msg(type: string, body: () => void = () => {}): void {
    this.u8(type.charCodeAt(0));
    const at = this.n;
    this.i32(0);
    body();
    this.view.setInt32(at, this.n - at);
  }
  done(): Uint8Array {
    return this.buf.slice(0, this.n);
  }
}

/** Parse (named statement, parameter types left to the server: write casts in the SQL) + Sync. */
export function parseMessage(name: string, text: string): Uint8Array {
  if (text.includes('\0')) throw new Error('statement text contains a NUL byte');
  const w = new Writer();
  w.msg('P', () => {
    w.cstr(name);
    w.cstr(text);
    w.i16(0);
  });
  w.msg('S');
  return w.done();
}

/** Bind (unnamed portal, text results) + Execute (all rows) + Sync. */
export function executeMessage(name: string, params: readonly Param[]): Uint8Array {
  const w = new Writer();
  w.msg('B', () => {
    w.cstr('');
    w.cstr(name);
    w.i16(params.length);
    for (const p of params) w.i16(p instanceof Uint8Array ? 1 : 0);
    w.i16(params.length);
    for (const p of params) {
      if (p === null) {
        w.i32(-1);
        continue;
      }
      const u = typeof p === 'string' ? te.encode(p) : p;
      w.i32(u.length);
      w.bytes(u);
    }
    w.i16(0);
  });
  w.msg('E', () => {
    w.cstr('');
    w.i32(0);
  });
  w.msg('S');
  return w.done();
}

/** The data rows of a response (text columns); throws the first ErrorResponse as a StatementError. */
export function readResponse(u: Uint8Array): (string | null)[][] {
  const view = new DataView(u.buffer, u.byteOffset, u.byteLength);
  const rows: (string | null)[][] = [];
  let error: StatementError | null = null;
  for (let i = 0; i + 5 <= u.length; ) {
    const type = u[i]!;
    const len = view.getInt32(i + 1);
    const body = i + 5;
    const end = i + 1 + len;
    if (len < 4 || end > u.length) throw new Error('truncated response from the embedded database');
    if (type === 0x44 /* D: DataRow */) {
      const cols = view.getInt16(body);
      const row: (string | null)[] = new Array(cols);
      let j = body + 2;
      for (let c = 0; c < cols; c++) {
        const l = view.getInt32(j);
        j += 4;
        if (l < 0) row[c] = null;
        else {
          row[c] = td.decode(u.subarray(j, j + l));
          j += l;
        }
      }
      rows.push(row);
    } else if (type === 0x45 /* E: ErrorResponse */ && !error) {
      // Fields: a type byte and a NUL-terminated string each, until a zero byte.
      const fields: Record<string, string> = {};
      for (let j = body; j < end && u[j] !== 0; ) {
        const f = String.fromCharCode(u[j]!);
        const stop = u.indexOf(0, j + 1);
        fields[f] = td.decode(u.subarray(j + 1, stop));
        j = stop + 1;
      }
      error = new StatementError(fields['M'] ?? 'database error', fields['C'] ?? '');
    }
    i = end;
  }
  if (error) throw error;
  return rows;
}

/** SQLSTATE: prepared statement does not exist (e.g. after DISCARD ALL). */
const NO_SUCH_STATEMENT = '26000';

export class PgliteStatement {
  private prepared = false;
  /** Named after its text, so that two instances of one statement share it and two statements never clash. */
  private readonly name: string;

  constructor(
    private readonly pglite: PGlite,
    private readonly text: string,
  ) {
    this.name = 'gym_' + createHash('sha256').update(text).digest('hex').slice(0, 24);
  }

  /** Runs the statement; rows as arrays of text columns. */
  async rows(params: readonly Param[]): Promise<(string | null)[][]> {
    const db = this.pglite as unknown as PgliteLocks;
    return db._runExclusiveTransaction(() =>
      db._runExclusiveQuery(async () => {
        if (!this.prepared) await this.prepare(db);
        try {
          return readResponse(await db.execProtocolRaw(executeMessage(this.name, params), { syncToFs: false }));
        } catch (e) {
          if (!(e instanceof StatementError && e.code === NO_SUCH_STATEMENT)) throw e;
          await this.prepare(db);
          return readResponse(await db.execProtocolRaw(executeMessage(this.name, params), { syncToFs: false }));
        }
      }),
    );
  }

  private async prepare(db: PgliteLocks): Promise<void> {
    try {
      readResponse(await db.execProtocolRaw(parseMessage(this.name, this.text), { syncToFs: false }));
    } catch (e) {
      // Already there (another PgliteStatement of the same text on this instance): use it.
      if (!(e instanceof StatementError && e.code === '42P05')) throw e;
    }
    this.prepared = true;
  }
}

/** pgvector's binary form of a vector: dimension (int16), unused (int16), then float4 values, big-endian. */
export function vectorBinary(v: ArrayLike<number>): Uint8Array {
  const u = new Uint8Array(4 + 4 * v.length);
  const d = new DataView(u.buffer);
  d.setInt16(0, v.length);
  d.setInt16(2, 0);
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    d.setFloat32(4 + 4 * i, Number.isFinite(x) ? x : 0);
  }
  return u;
}
