/**
 * `GET /api/roster` (contract `RosterEntry` in `shared/src/api/contracts.ts`): who is in the gym now, on which of
 * the caller's cameras, where on the floor, doing what, since when. Display names go to staff only, never to logs.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RosterEntry } from '@gym/shared';
import type { AppContext } from '../context.ts';
import { canViewCamera } from '../auth/principal.ts';
import type { RosterActivity } from '../services/roster-activity.ts';

export function rosterRoutes(app: FastifyInstance, ctx: AppContext, activity: RosterActivity) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const sec = [{ bearer: [] }];
  r.get('/api/roster', { schema: { tags: ['people'], summary: 'People in the gym now on cameras you may watch (staff)', security: sec, response: { 200: z.array(RosterEntry) } } }, async (req) => {
    const p = await ctx.guard.staff(req);
    const names = new Map<string, string | null>();
    const out: RosterEntry[] = [];
    for (const person of ctx.identity.people.values()) {
      const live = person.tracklets.filter((t) => t.live && canViewCamera(p, t.span.cameraId));
      const latest = live.reduce<(typeof live)[number] | null>((a, t) => (!a || t.span.endMs > a.span.endMs ? t : a), null);
      if (!latest) continue;
      if (person.memberId && !names.has(person.memberId)) names.set(person.memberId, (await ctx.members.get(person.memberId))?.displayName ?? null);
      const since = Math.min(...person.tracklets.map((t) => t.span.startMs));
      const foot = latest.floor.at(-1);
      const act = activity.of(person.personId);
      out.push({
        personId: person.personId,
        memberId: person.memberId,
        displayName: person.memberId ? (names.get(person.memberId) ?? null) : null,
        cameraId: latest.span.cameraId,
        floor: foot ? { x: foot.x, y: foot.y } : null,
        exercise: act?.exercise ?? null,
        reps: act?.reps ?? null,
        since: new Date(since).toISOString(),
        lastSeenAt: new Date(Math.max(person.lastSeenMs, latest.span.endMs)).toISOString(),
      });
    }
    return out.sort((a, b) => a.since.localeCompare(b.since));
  });
}
