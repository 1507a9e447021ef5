/**
 * The member's coach chat (contract in `shared/src/api/contracts.ts`): history GET and a POST answered as
 * server-sent events. The member themself only: staff cannot read chats (none of the coach routes are staff routes).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CoachAsk, CoachMessage, CoachSummary, type CoachStreamEvent } from '@gym/shared';
import type { AppContext } from '../context.ts';
import { forbidden } from '../errors.ts';
import type { CoachService } from '../services/coach.service.ts';

const HistoryQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

export function coachRoutes(app: FastifyInstance, ctx: AppContext, coach: CoachService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const sec = [{ bearer: [] }];
  const memberOf = async (req: FastifyRequest) => {
    const p = await ctx.guard.any(req);
    if (p.role !== 'member' || !p.memberId) throw forbidden('the coach is for members (their own chat only)');
    return p.memberId;
  };

  r.get('/api/me/coach/messages', { schema: { tags: ['coach'], summary: 'My coach chat, oldest first (member)', security: sec, querystring: HistoryQuery, response: { 200: z.array(CoachMessage) } } }, async (req) => {
    const memberId = await memberOf(req);
    await coach.requireConsent(memberId);
    const rows = await ctx.coach.history(memberId, req.query.limit);
    return rows.map((m) => ({ id: m.id, role: m.role, text: m.content, source: m.role === 'user' ? null : m.model ? ('llm' as const) : ('basic' as const), createdAt: m.createdAt.toISOString() }));
  });

  r.get('/api/me/coach/summaries', { schema: { tags: ['coach'], summary: 'My post-set and post-session summaries, newest first (member)', security: sec, querystring: HistoryQuery, response: { 200: z.array(CoachSummary) } } }, async (req) => {
    const memberId = await memberOf(req);
    await coach.requireConsent(memberId);
    const rows = await ctx.coach.summaries(memberId, req.query.limit);
    return rows.flatMap((m) =>
      m.summary && m.refId && m.kind !== 'chat'
        ? [{ id: m.id, kind: m.kind === 'set_summary' ? ('set' as const) : ('session' as const), refId: m.refId, source: m.model ? ('llm' as const) : ('basic' as const), ...m.summary, createdAt: m.createdAt.toISOString() }]
        : [],
    );
  });

  r.post('/api/me/coach/messages', { schema: { tags: ['coach'], summary: 'Ask the coach; answered as text/event-stream of CoachStreamEvent (member)', security: sec, body: CoachAsk } }, async (req, reply) => {
    const memberId = await memberOf(req);
    await coach.requireConsent(memberId);
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' });
    const send = (e: CoachStreamEvent) => reply.raw.write(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
    try {
      await coach.ask(memberId, req.body.text, send);
    } catch (err) {
      req.log.error({ err }, 'coach failed');
      send({ type: 'error', message: 'the coach could not answer' });
    }
    reply.raw.end();
  });
}
