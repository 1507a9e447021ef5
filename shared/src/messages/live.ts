/** Messages a console or PWA sends on the `/live` namespace (parsed where they enter: server/src/live/live.socket.ts). */
import { z } from 'zod';

/** Which rooms to receive: cameras (staff with a grant) and/or one member (that member, or staff). */
export const LiveSubscribeRequest = z.object({
  cameras: z.array(z.string().min(1).max(64)).max(200).optional(),
  /** Lower-cased: rooms and the audit log name a member one way. */
  memberId: z.string().uuid().transform((s) => s.toLowerCase()).optional(),
});
export type LiveSubscribeRequest = z.infer<typeof LiveSubscribeRequest>;
