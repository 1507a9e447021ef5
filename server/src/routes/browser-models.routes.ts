/**
 * The face models and the onnxruntime-web runtime files, for the staff console's face enrolment: the console
 * computes embeddings in the browser with the same detector and embedder the perception workers run
 * (web-perception/src/models/face.ts), so an enrolled face and a face seen on camera are in one space.
 *   GET /models/<file>  only the gym config's `models.faceDetector` and `models.face` ONNX files
 *   GET /ort/<file>     onnxruntime-web's wasm binaries and their .mjs loaders
 * Public like the worker page's copies on capture-node: model weights are not personal data, and the allowlist
 * keeps every other file of those folders unreachable.
 */
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { notFound } from '../errors.ts';

export interface BrowserModelDirs {
  /** The models/ folder (`make models`). */
  modelsDir: string;
  /** onnxruntime-web's dist/ folder. */
  ortDir: string;
}

const FileParams = z.object({ file: z.string().regex(/^[A-Za-z0-9._-]{1,120}$/, 'file must be a plain file name') });

const TYPES: Record<string, string> = { '.onnx': 'application/octet-stream', '.wasm': 'application/wasm', '.mjs': 'text/javascript' };
const typeOf = (file: string) => TYPES[file.slice(file.lastIndexOf('.'))];

/** The files of onnxruntime-web's dist/ a page may load: the wasm binaries and the loaders beside them. */
export function ortFiles(dir: string): Set<string> {
  if (!existsSync(dir)) return new Set();
  return new Set(readdirSync(dir).filter((f) => /^ort-wasm[a-z0-9.-]*\.(wasm|mjs)$/.test(f)));
}

export function browserModelsRoutes(app: FastifyInstance, ctx: AppContext, dirs: BrowserModelDirs) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const models = new Set([`${ctx.gym.models.faceDetector}.onnx`, `${ctx.gym.models.face}.onnx`]);
  const ort = ortFiles(dirs.ortDir);

  const send = (dir: string, allowed: Set<string>, file: string, reply: FastifyReply) => {
    const path = join(dir, file);
    if (!allowed.has(file) || !existsSync(path)) throw notFound('file');
    reply.header('content-type', typeOf(file) ?? 'application/octet-stream');
    reply.header('content-length', statSync(path).size);
    reply.header('cache-control', 'public, max-age=3600');
    return reply.send(createReadStream(path));
  };

  r.get('/models/:file', { schema: { tags: ['system'], summary: 'The configured face detector and face embedder ONNX files (console face enrolment)', params: FileParams } }, async (req, reply) =>
    send(dirs.modelsDir, models, req.params.file, reply),
  );
  r.get('/ort/:file', { schema: { tags: ['system'], summary: 'onnxruntime-web wasm files (console face enrolment)', params: FileParams } }, async (req, reply) =>
    send(dirs.ortDir, ort, req.params.file, reply),
  );
}
