/**
 * #18 no personal data in logs. A member's whole path through the server runs with every log line captured at
 * `trace`: staff create her (name, e-mail), invite her, she previews and accepts (password), signs in, a wrong
 * password is tried with her e-mail, a camera sees her (body and face embeddings), she checks in by QR, her face
 * is enrolled, the coach chats with her (Claude through the Messages API stand-in, and once failing), and a gym
 * camera's RTSP URL carries a password. Then every line is scanned for her name, e-mail, password, the invite,
 * check-in and access tokens, the camera password, her chat text and any run of embedding numbers.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@gym/shared/logger.ts';
import { parseGymConfig } from '@gym/shared/config/gym-config.ts';
import { MessagesStandIn } from './testing/messages-stand-in.ts';
import { api, frame, login, seedActors, sendFrame, startTestServer, trackAt, twoCameraGym, unitVec, workerClient, type Actors, type TestServer } from './testing/server.ts';

const NAME = 'Zelda Quartermain';
const EMAIL = 'zelda.quartermain@private-mail.test';
const PASSWORD = 'zelda-very-secret-passphrase';
const CAM_PASSWORD = 'S3cretCamPass';
const QUESTION = 'Zelda here: how deep should my Tuesday squats go';
const ANSWER = 'Zelda, keep the knee over the toes and rest it two days.';

function sink() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

describe('log lines carry no personal data', () => {
  const logs = sink();
  let llm: MessagesStandIn;
  let t: TestServer;
  let a: Actors;
  const secrets: Record<string, string> = {};

  beforeAll(async () => {
    llm = await new MessagesStandIn().start();
    const base = twoCameraGym();
    const gym = parseGymConfig({ ...base, cameras: base.cameras.map((c) => ({ ...c, rtspUrl: `rtsp://admin:${CAM_PASSWORD}@127.0.0.1:1/${c.id}` })) });
    t = await startTestServer('pglite', { gym, logger: createLogger('server', { level: 'trace' }, logs.stream), coach: { apiKey: 'sk-ant-test-key-0123', baseURL: llm.url, dailyTokenBudget: 100_000 } });
    a = await seedActors(t);
  });
  afterAll(async () => {
    await t?.close();
    await llm?.close();
  });

  it('runs a member from creation to coach chat', async () => {
    const created = await api(t, 'POST', '/api/members', a.admin, { displayName: NAME, email: EMAIL });
    expect(created.status).toBe(201);
    const memberId = created.body.id as string;
    const inv = await api(t, 'POST', `/api/members/${memberId}/invites`, a.admin);
    expect(inv.status).toBe(201);
    secrets.invite = inv.body.token;
    expect((await api(t, 'GET', `/api/invites/${secrets.invite}`)).status).toBe(200);
    const noes = { heartCondition: false, chestPain: false, dizzinessOrFainting: false, chronicCondition: false, medication: false, boneJointProblem: false, supervisedOnly: false, pregnancy: false };
    const accepted = await api(t, 'POST', `/api/invites/${secrets.invite}/accept`, undefined, {
      email: EMAIL,
      password: PASSWORD,
      consents: { face_identification: true, body_tracking: true, coaching: true, clips: false },
      screening: { answers: noes, notes: 'knee surgery in 2024' },
      goals: 'Zelda wants ten pull-ups',
    });
    expect(accepted.status).toBe(201);
    // A second accept (used up) and a wrong password: refusals log too.
    expect((await api(t, 'POST', `/api/invites/${secrets.invite}/accept`, undefined, { email: EMAIL, password: PASSWORD, consents: {}, screening: { answers: noes, notes: '' } })).status).toBeGreaterThanOrEqual(400);
    expect((await api(t, 'POST', '/api/auth/login', undefined, { email: EMAIL, password: 'wrong-password-here' })).status).toBe(401);
    const token = await login(t.url, EMAIL, PASSWORD);
    secrets.access = token;

    // A camera sees her at the check-in desk (body + face embeddings), she shows her QR code, staff scan it.
    const w = await workerClient(t.url);
    const body = unitVec(64, 77);
    const face = unitVec(128, 78);
    const t0 = Date.now() - 30_000;
    for (let i = 0; i < 5; i++)
      await sendFrame(w, frame('cam-c', i, t0 + i * 200, [{ ...trackAt(5, 0.15, 0.9), bodyEmbedding: { model: 'osnet', vector: body }, face: { box: { x: 0.1, y: 0.2, w: 0.05, h: 0.05 }, score: 0.9, embedding: { model: 'faceres', vector: face } } }]));
    // A malformed frame carrying an embedding is refused (and logged).
    await sendFrame(w, frame('cam-c', 6, t0 + 1400, [{ ...trackAt(5, 0.15, 0.9), bodyEmbedding: { model: 'osnet', vector: [...body, Number.NaN] } }]));
    const qr = await api(t, 'POST', '/api/me/checkin-token', token);
    secrets.checkin = qr.body.token;
    expect((await api(t, 'POST', '/api/checkin', a.admin, { token: secrets.checkin, zoneId: 'desk' })).status).toBe(200);
    expect((await api(t, 'POST', '/api/checkin', a.admin, { token: `${secrets.checkin}x`, zoneId: 'desk' })).status).toBeGreaterThanOrEqual(400);
    expect((await api(t, 'POST', `/api/members/${memberId}/faces`, a.admin, { model: 'faceres', embeddings: [unitVec(128, 79)] })).status).toBe(201);
    w.disconnect();

    // The coach: one answer from Claude, then Claude failing (the basic coach answers).
    llm.push({ kind: 'text', text: ANSWER, usage: { input: 50, output: 20 } });
    for (const text of [QUESTION, `${QUESTION} again`]) {
      const r = await fetch(`${t.url}/api/me/coach/messages`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
      expect(r.status).toBe(200);
      await r.text();
      llm.push({ kind: 'status', status: 500 }, { kind: 'status', status: 500 }, { kind: 'status', status: 500 });
    }
    // And one question that is a red flag (pain): staff are alerted.
    const flag = await fetch(`${t.url}/api/me/coach/messages`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Zelda: sharp pain in my left knee' }) });
    await flag.text();
    expect((await api(t, 'GET', `/api/members/${memberId}/export`, a.admin)).status).toBe(200);
    expect((await api(t, 'GET', '/api/members?search=Zelda', a.admin)).status).toBe(200);
    await t.app.ctx.writer.drain();
    secrets.body = body.slice(0, 3).map(String).join(',');
  });

  it('and no log line names her, her e-mail, password, tokens, the camera password or embeddings', () => {
    expect(logs.lines.length).toBeGreaterThan(20); // the capture worked: requests were logged
    const all = logs.lines.join('\n');
    const forbidden: [string, string | RegExp][] = [
      ['name', /Zelda|Quartermain/i],
      ['e-mail', EMAIL],
      ['e-mail local part', 'zelda.quartermain'],
      ['password', PASSWORD],
      ['camera password', CAM_PASSWORD],
      ['invite token', secrets.invite!],
      ['check-in token', secrets.checkin!],
      ['access token', secrets.access!],
      ['access token signature', secrets.access!.split('.')[2]!],
      ['API key', 'sk-ant-test-key'],
      ['chat text', /Tuesday squats|over the toes|left knee/],
      ['health notes', 'knee surgery'],
      ['seed e-mails', /@example\.test/],
      ['seed names', /Member One|Member Two/],
      ['embedding values', secrets.body!],
      ['a run of floats', /(-?\d\.\d{4,}\s*,\s*){6,}/],
    ];
    const found = forbidden.filter(([, p]) => (typeof p === 'string' ? all.includes(p) : p.test(all)));
    const where = found.map(([what, p]) => `${what}: ${logs.lines.find((l) => (typeof p === 'string' ? l.includes(p) : p.test(l)))!.slice(0, 300)}`);
    expect(where).toEqual([]);
  });
});
