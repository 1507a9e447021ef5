/** Zod schemas of the REST API (request and response bodies); OpenAPI is generated from them at /docs. */
import { z } from 'zod';
import { Float32, Text } from '@gym/shared/text.ts';

export const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export const Role = z.enum(['member', 'trainer', 'admin']);
export const ConsentKind = z.enum(['face_identification', 'body_tracking', 'coaching', 'clips']);
export const Uuid = z.string().uuid();
/** A UUID in a path, lower-cased before authorisation and audit (PostgreSQL accepts either case; the audit log must not). */
export const UuidParam = z.string().uuid().transform((s) => s.toLowerCase());
export const IdParams = z.object({ id: UuidParam });

export const UserOut = z.object({ id: Uuid, email: z.string(), role: Role, memberId: Uuid.nullable() });
export const LoginBody = z.object({ email: Text().email().max(200), password: Text().min(1).max(200) });
export const LoginOut = z.object({ accessToken: z.string(), user: UserOut });

export const MemberOut = z.object({ id: Uuid, gymId: z.string(), displayName: z.string(), email: z.string().nullable(), createdAt: z.date() });
export const NewMember = z.object({ displayName: Text().min(1).max(120), email: Text().email().max(200).nullable().optional() });
export const ConsentBody = z.object({ kind: ConsentKind, evidence: Text().min(3).max(500) });
export const ConsentOut = z.object({ id: Uuid, kind: ConsentKind, grantedAt: z.date().nullable(), revokedAt: z.date().nullable(), evidence: z.string() });
export const FacesBody = z.object({
  model: Text().min(1).max(64),
  embeddings: z.array(z.array(Float32).min(8).max(2048)).min(1).max(20),
});

export const NewUser = z.object({
  email: Text().email().max(200),
  password: Text().min(10).max(200),
  role: Role,
  memberId: Uuid.nullable().optional(),
  cameras: z.array(Text().max(64)).max(200).optional(),
});

export const CheckinBody = z.object({ token: Text().min(10).max(2000), zoneId: Text().min(1).max(64) });
