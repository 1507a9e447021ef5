/**
 * Builds the server: fastify (REST + built browser apps) with socket.io on the same port. Kept apart from main.ts
 * so tests start it on a random port with their own database.
 */
import { existsSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { Server as SocketServer } from 'socket.io';
import { ZodError } from 'zod';
import { GymError, ValidationError } from '@gym/shared/errors.ts';
import type { Logger } from '@gym/shared/logger.ts';
import type { GymConfig } from '@gym/shared/config/gym-config.ts';
import type { Db } from './db/client.ts';
import { ApiError } from './errors.ts';
import { GymsRepository } from './repositories/gyms.repository.ts';

export interface AppDeps {
  db: Db;
  gym: GymConfig;
  logger: Logger;
  /** Directory of the vite build (dist/); served when it exists. */
  webDist?: string;
}

export interface App {
  http: FastifyInstance;
  io: SocketServer;
}

const isolation = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

export async function buildApp(deps: AppDeps): Promise<App> {
  const http = Fastify({ loggerInstance: deps.logger.child({ module: 'http' }), bodyLimit: 2 * 1024 * 1024 });

  http.setErrorHandler((err, req, reply) => {
    if (err instanceof ApiError) return reply.status(err.status).send({ error: { code: err.code, message: err.message } });
    if (err instanceof ValidationError) return reply.status(400).send({ error: { code: err.code, message: err.message } });
    if (err instanceof ZodError) return reply.status(400).send({ error: { code: 'VALIDATION', message: err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') } });
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status < 500) return reply.status(status).send({ error: { code: (err as { code?: string }).code ?? 'BAD_REQUEST', message: (err as Error).message } });
    req.log.error({ err }, 'request failed');
    return reply.status(500).send({ error: { code: err instanceof GymError ? err.code : 'INTERNAL', message: 'internal error' } });
  });

  // Cross-origin isolation on every response, so the worker page gets wasm threads (SharedArrayBuffer).
  http.addHook('onSend', async (_req, reply) => {
    reply.headers(isolation);
  });

  http.get('/health', async () => ({ ok: true, gym: deps.gym.gym.id }));
  const gyms = new GymsRepository(deps.db);
  http.get('/api/cameras', async () => {
    const rows = await gyms.listCameras();
    return rows.filter((c) => c.enabled).map((c) => ({ id: c.id, name: c.name }));
  });

  if (deps.webDist && existsSync(deps.webDist)) {
    await http.register(fastifyStatic, { root: deps.webDist, prefix: '/' });
    http.get('/', (_req, reply) => reply.redirect('/apps/console/'));
  }

  const io = new SocketServer(http.server as HttpServer, { maxHttpBufferSize: 1_000_000, cors: { origin: false } });
  return { http, io };
}
