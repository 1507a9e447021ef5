/**
 * In-set cues on a real server (PGlite, socket.io): the engine's form events and reps for a member become short
 * `coach.cue` events on that member's /live channel, rate-limited (a burst of findings gives one cue), with the
 * `coaching` consent only, and never to another member. No model is configured: none is needed.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { GymEvent } from '@gym/shared';
import { client, seedActors, startTestServer, type Actors, type TestServer } from '../testing/server.ts';

describe('in-set cues on the member’s live channel', () => {
  let t: TestServer;
  let a: Actors;
  const sockets: Socket[] = [];
  const got: { one: GymEvent[]; two: GymEvent[] } = { one: [], two: [] };
  const personId = randomUUID();

  beforeAll(async () => {
    t = await startTestServer('pglite');
    a = await seedActors(t);
    await t.app.ctx.members.recordConsent(a.member1Id, 'coaching', 'app', null);
    for (const [who, token] of [['one', a.member1], ['two', a.member2]] as const) {
      const s = await client(t.url, '/live', token);
      s.on('event', (e: GymEvent) => e.type === 'coach.cue' && got[who].push(e));
      sockets.push(s);
    }
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await t?.close();
  });

  const formCue = (memberId: string, rule: string, severity: 'warn' | 'bad'): GymEvent => ({ type: 'form.cue', at: Date.now(), personId, memberId, exercise: 'squat', rule, severity, message: 'Knees caving in: push them out over your toes.' });

  it('a burst of form findings and reps gives the member one short cue, safety first; nothing to others', async () => {
    const bus = t.app.ctx.bus;
    bus.emit({ type: 'set', at: Date.now(), phase: 'started', personId, memberId: a.member1Id, setId: randomUUID(), exercise: 'squat', reps: 0 });
    bus.emit(formCue(a.member1Id, 'squat.knee_valgus', 'bad'));
    for (let i = 1; i <= 5; i++) {
      bus.emit({ type: 'rep', at: Date.now(), personId, memberId: a.member1Id, exercise: 'squat', count: i, startTs: 0, endTs: 1, rom: 0.9, concentricMs: 900, eccentricMs: 400 });
      bus.emit(formCue(a.member1Id, 'squat.knee_valgus', 'bad'));
      bus.emit(formCue(a.member1Id, 'squat.depth', 'warn'));
    }
    // Member two has no coaching consent: their findings give no cue.
    bus.emit(formCue(a.member2Id, 'squat.depth', 'warn'));
    await t.app.cues.idle();
    await expect.poll(() => got.one.length).toBe(1);
    expect(got.one[0]).toMatchObject({ type: 'coach.cue', memberId: a.member1Id, key: 'squat.knee_valgus', text: 'Knees out', severity: 'bad', source: 'form' });
    // Give the socket time to deliver anything else that (wrongly) went out.
    await new Promise((r) => setTimeout(r, 300));
    expect(got.one).toHaveLength(1);
    expect(got.two).toEqual([]);
  });
});
