/**
 * A small durable job queue on the database (delivery_jobs): coach summaries and web pushes go through it, so a
 * job created before a crash or a restart is done after it. Why not pg-boss: it wants Node ≥ 22 from 11.x on,
 * and on PGlite it needs a wire-protocol socket with a connection pool that deadlocks against the app's own
 * transactions (../shared/notes/coaching.md §4); a table and one UPDATE … FOR UPDATE SKIP LOCKED works on both paths.
 *
 * A worker loop claims due jobs (poll, and at once on enqueue), runs the kind's handler, and records the outcome:
 * done; a failure due again after backoff (base·2^(attempt−1), capped); dead after `maxAttempts` (admins list dead
 * jobs at GET /api/admin/jobs). A job whose process died mid-run is claimed again when its lease runs out, so a
 * handler must be idempotent (summaries check for a stored one; a push may arrive twice, never zero times).
 */
import type { Logger } from '@gym/shared/logger.ts';
import type { JobRow, JobsRepository } from '../repositories/jobs.repository.ts';

export type JobHandler = (payload: Record<string, unknown>, job: JobRow) => Promise<void>;

/** A failure that no retry can fix (the job goes dead at once). */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

export interface JobQueueOptions {
  /** Look for due jobs this often, ms (enqueueing also wakes the loop). */
  pollMs: number;
  /** Jobs run at the same time. */
  concurrency: number;
  /** A claimed job not finished in this time is due again (its process is taken for dead), ms. */
  leaseMs: number;
  maxAttempts: number;
  /** First retry delay, ms; doubles per attempt up to maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Start the worker loop with the server (off: jobs are stored and wait; tests of a restart). */
  autostart: boolean;
}

export const DEFAULT_JOB_OPTIONS: JobQueueOptions = { pollMs: 1_000, concurrency: 4, leaseMs: 60_000, maxAttempts: 6, backoffMs: 5_000, maxBackoffMs: 10 * 60_000, autostart: true };

/** Delay before the retry that follows failed attempt number `attempt` (1-based). */
export const retryDelayMs = (attempt: number, base: number, cap: number) => Math.min(cap, base * 2 ** Math.max(0, attempt - 1));

export class JobQueue {
  readonly o: JobQueueOptions;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly adds = new Set<Promise<unknown>>();
  private readonly running = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private passing: Promise<number> | null = null;
  private again = false;
  private started = false;

  constructor(
    private readonly repo: JobsRepository,
    private readonly log: Logger,
    o: Partial<JobQueueOptions> = {},
  ) {
    this.o = { ...DEFAULT_JOB_OPTIONS, ...o };
  }

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Stores a job (nothing when `key` names a stored one); resolves with its id or null. */
  enqueue(kind: string, memberId: string | null, payload: Record<string, unknown>, o: { key?: string | null; maxAttempts?: number } = {}): Promise<string | null> {
    const p = this.repo.add({ kind, memberId, payload, key: o.key ?? null, maxAttempts: o.maxAttempts ?? this.o.maxAttempts });
    this.adds.add(p);
    void p.then(
      () => {
        this.adds.delete(p);
        if (this.started) this.kick();
      },
      (err: unknown) => {
        this.adds.delete(p);
        this.log.error({ err, kind }, 'enqueue failed');
      },
    );
    return p;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.timer = setInterval(() => this.kick(), this.o.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Stops claiming; waits for enqueues in flight and the jobs running now (stored jobs wait for the next start). */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.settled();
    await this.passing;
    await Promise.allSettled([...this.running]);
    await this.settled();
  }

  /** Resolves when every enqueue started so far is stored. */
  async settled(): Promise<void> {
    while (this.adds.size) await Promise.allSettled([...this.adds]);
  }

  /** Runs every job due now to its outcome (tests and benches; retries scheduled later are not waited for). */
  async idle(): Promise<void> {
    for (;;) {
      await this.settled();
      await Promise.allSettled([...this.running]);
      const claimed = await this.pass();
      await Promise.allSettled([...this.running]);
      if (!claimed && !this.running.size && !this.adds.size && (await this.repo.dueCount(new Date())) === 0) return;
    }
  }

  private kick(): void {
    if (this.passing) this.again = true;
    else void this.pass().catch((err: unknown) => this.log.error({ err }, 'job claim failed'));
  }

  /** Claims what the free slots take and starts it; resolves with how many were claimed. */
  private pass(): Promise<number> {
    if (this.passing) return this.passing;
    this.passing = (async () => {
      let total = 0;
      do {
        this.again = false;
        const free = this.o.concurrency - this.running.size;
        if (free <= 0) break;
        const jobs = await this.repo.claim(new Date(), free, this.o.leaseMs);
        total += jobs.length;
        for (const j of jobs) {
          const r = this.run(j).finally(() => {
            this.running.delete(r);
            if (this.started) this.kick();
          });
          this.running.add(r);
        }
        if (jobs.length === free) this.again = true;
      } while (this.again);
      return total;
    })().finally(() => {
      this.passing = null;
    });
    return this.passing;
  }

  private async run(job: JobRow): Promise<void> {
    const handler = this.handlers.get(job.kind);
    try {
      if (!handler) throw new PermanentJobError(`no handler for job kind ${job.kind}`);
      await handler(job.payload, job);
      await this.repo.done(job.id);
    } catch (err) {
      const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      const last = err instanceof PermanentJobError || job.attempts >= job.maxAttempts;
      const retryAt = last ? null : new Date(Date.now() + retryDelayMs(job.attempts, this.o.backoffMs, this.o.maxBackoffMs));
      this.log.warn({ jobId: job.id, kind: job.kind, attempt: job.attempts, dead: last, err: message.slice(0, 200) }, last ? 'job dead' : 'job failed: retry later');
      await this.repo.failed(job.id, message, retryAt).catch((e: unknown) => this.log.error({ err: e, jobId: job.id }, 'job outcome not stored (its lease will run out)'));
    }
  }
}
