/**
 * Web Push to members' phones (VAPID, web-push): a notification is encrypted for each of the member's subscriptions
 * and posted to its push service. Subscriptions the push service reports gone (404/410) are deleted. Callers (the
 * coach's summaries, ...) send `{ title, body, url }`; nothing personal is logged.
 */
import type { Agent } from 'node:https';
import webpush from 'web-push';
import type { Logger } from '@gym/shared/logger.ts';
import type { PushRepository } from '../repositories/push.repository.ts';

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
  ) {}

  get publicKey(): string {
    return this.opts.vapid.publicKey;
  }

  /** Sends to every subscription of the member; resolves with how many took it and how many were gone. */
  async send(memberId: string, msg: PushMessage): Promise<{ sent: number; removed: number; failed: number }> {
    const subs = await this.repo.list(memberId);
    const ok: string[] = [];
    const gone: string[] = [];
    let failed = 0;
    await Promise.all(
      subs.map(async (s) => {
        try {
          await webpush.sendNotification({ endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } }, JSON.stringify(msg), {
            vapidDetails: this.opts.vapid,
            TTL: this.opts.ttlS ?? 3600,
            urgency: 'normal',
            ...(msg.tag ? { topic: msg.tag.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 32) } : {}),
            ...(this.opts.agent ? { agent: this.opts.agent } : {}),
          });
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
