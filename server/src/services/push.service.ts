/**
 * Web Push to members' phones (VAPID, web-push): a notification is encrypted for each of the member's subscriptions
 * and posted to its push service. Subscriptions the push service reports gone (404/410) are deleted. Callers (the
 * coach's summaries, ...) `enqueue` `{ title, body, url }`: one durable job per subscription (job-queue.service.ts),
 * retried with backoff while the push service fails, so a restart loses no notification. Nothing personal is logged.
 */
import type { Agent } from 'node:https';
import webpush from 'web-push';
import type { Logger } from '@gym/shared/logger.ts';
import type { PushRepository } from '../repositories/push.repository.ts';
import type { JobQueue } from './job-queue.service.ts';

export const PUSH_JOB = 'push';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  /** Contact for push services: `mailto:` or an https URL. */
  subject: string;
}

export interface PushOptions {
  vapid: VapidKeys;
  /** HTTPS agent for the push services (tests trust a local one's certificate with it). */
  agent?: Agent;
  ttlS?: number;
}

export interface PushMessage {
  title: string;
  body: string;
  /** Where the app opens when the notification is tapped (a member app hash route). */
  url?: string;
  /** Notifications with the same tag replace each other. */
  tag?: string;
}

export class PushService {
  constructor(
    private readonly repo: PushRepository,
    private readonly log: Logger,
    private readonly opts: PushOptions,
    private readonly jobs: JobQueue | null = null,
  ) {
    jobs?.register(PUSH_JOB, async (p) => {
      await this.deliver(String(p.subscriptionId), p.msg as PushMessage);
    });
  }

  /** One durable delivery job per subscription of the member (a tag makes it once per subscription and tag). */
  async enqueue(memberId: string, msg: PushMessage): Promise<number> {
    if (!this.jobs) return (await this.send(memberId, msg)).sent;
    const subs = await this.repo.list(memberId);
    const ids = await Promise.all(subs.map((s) => this.jobs!.enqueue(PUSH_JOB, memberId, { subscriptionId: s.id, msg }, { key: msg.tag ? `push:${s.id}:${msg.tag}` : null })));
    return ids.filter(Boolean).length;
  }

  /**
   * A delivery job: sends to one subscription. Gone (404/410) → the subscription is deleted and the job is done;
   * unsubscribed meanwhile → done; any other failure throws, so the queue retries it.
   */
  async deliver(subscriptionId: string, msg: PushMessage): Promise<'sent' | 'gone' | 'unsubscribed'> {
    const s = await this.repo.byId(subscriptionId);
    if (!s) return 'unsubscribed';
    try {
      await this.post(s, msg);
    } catch (e) {
      const status = e instanceof webpush.WebPushError ? e.statusCode : null;
      if (status === 404 || status === 410) {
        await this.repo.removeIds([s.id]);
        return 'gone';
      }
      throw new Error(status ? `push service answered ${status}` : `push failed: ${(e as Error).message.slice(0, 120)}`);
    }
    await this.repo.markSent([s.id]);
    return 'sent';
  }

  private post(s: { endpoint: string; p256dh: string; auth: string }, msg: PushMessage) {
    return webpush.sendNotification({ endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } }, JSON.stringify(msg), {
      vapidDetails: this.opts.vapid,
      TTL: this.opts.ttlS ?? 3600,
      urgency: 'normal',
      ...(msg.tag ? { topic: msg.tag.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 32) } : {}),
      ...(this.opts.agent ? { agent: this.opts.agent } : {}),
    });
  }

  get publicKey(): string {
    return this.opts.vapid.publicKey;
  }

  /** Sends now (no job) to every subscription of the member; resolves with how many took it and how many were gone. */
  async send(memberId: string, msg: PushMessage): Promise<{ sent: number; removed: number; failed: number }> {
    const subs = await this.repo.list(memberId);
    const ok: string[] = [];
    const gone: string[] = [];
    let failed = 0;
    await Promise.all(
      subs.map(async (s) => {
        try {
          await this.post(s, msg);
          ok.push(s.id);
        } catch (e) {
          const status = e instanceof webpush.WebPushError ? e.statusCode : null;
          if (status === 404 || status === 410) gone.push(s.id);
          else {
            failed++;
            this.log.warn({ status, err: status ? undefined : (e as Error).message }, 'push failed');
          }
        }
      }),
    );
    await this.repo.removeIds(gone);
    await this.repo.markSent(ok);
    return { sent: ok.length, removed: gone.length, failed };
  }
}

export const generateVapidKeys = (subject: string): VapidKeys => ({ ...webpush.generateVAPIDKeys(), subject });
