/**
 * `npx gym admin <command>`: users, cameras, members, consents, face enrolment, erasure, export.
 *
 *   user create --email E --role member|trainer|admin [--member-id ID] [--camera ID]... [--password-file F]
 *   user list
 *   camera list | camera add --id ID --name N --rtsp URL | camera test ID
 *   member create --name N [--email E]
 *   member consent ID --kind face_identification|body_tracking|coaching|clips --evidence TEXT
 *   member enrol ID (--embeddings FILE.jsonl | --photos IMG...) [--model M]
 *   member erase ID --yes
 *   member export ID [--out FILE]
 *
 * Works on the configured database (DATABASE_URL, or the embedded PGlite in GYM_DATA_DIR — which only one process
 * may open: stop the server first, the command checks).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { parseDocument } from 'yaml';
import { GymError } from '@gym/shared/errors.ts';
import { parseGymConfig } from '@gym/shared/config/gym-config.ts';
import { loadServerConfig, type ServerConfig } from '../config.ts';
import { openDb, type DbHandle } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { MembersRepository, type ConsentKind } from '../repositories/members.repository.ts';
import { UsersRepository } from '../repositories/users.repository.ts';
import { AuditRepository } from '../repositories/audit.repository.ts';
import { GymsRepository } from '../repositories/gyms.repository.ts';
import { PrivacyService } from '../services/privacy.service.ts';
import { InvitesRepository } from '../repositories/invites.repository.ts';
import { createInvite, INVITE_DEFAULT_DAYS } from '../services/invites.service.ts';
import { createUser } from '../services/users.service.ts';
import { clipStoreFromEnv } from '../storage/clip-store.factory.ts';

/** A failure the user can fix: printed as one line, exit code 1. */
class CliError extends GymError {
  constructor(message: string) {
    super('CLI', message);
  }
}

const CONSENTS = ['face_identification', 'body_tracking', 'coaching', 'clips'] as const;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const repoRoot = resolve(import.meta.dirname, '../../..');

export interface AdminIo {
  out: (s: string) => void;
  err: (s: string) => void;
  env?: Record<string, string | undefined>;
  /** An already open, migrated database (tests); otherwise the configured one is opened and closed. */
  db?: DbHandle;
}

export async function run(argv: string[], io: AdminIo = { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') }): Promise<number> {
  let cfg: ServerConfig;
  let handle: DbHandle | null = null;
  const db = async () => {
    if (handle) return handle;
    if (io.db) {
      await new GymsRepository(io.db.db).syncFromConfig(cfg.gym);
      return (handle = io.db);
    }
    if (!cfg.env.DATABASE_URL) await refuseIfServerRunning(cfg);
    handle = await openDb({ url: cfg.env.DATABASE_URL, dataDir: resolve(cfg.env.GYM_DATA_DIR, 'pglite'), max: 1 });
    await migrate(handle);
    await new GymsRepository(handle.db).syncFromConfig(cfg.gym);
    return handle;
  };
  const memberId = (id: string) => {
    if (!UUID_RE.test(id)) throw new CliError(`"${id}" is not a member id (a UUID; see \`npx gym admin member list\`)`);
    return id;
  };

  const program = new Command('gym admin').exitOverride().configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  program.showHelpAfterError();

  const user = program.command('user').description('login accounts');
  user
    .command('create')
    .requiredOption('--email <email>')
    .addOption(new Option('--role <role>').choices(['member', 'trainer', 'admin']).makeOptionMandatory())
    .option('--member-id <id>', 'member record of a member account')
    .option('--camera <id...>', 'cameras a trainer may watch')
    .option('--password-file <file>', 'read the password from a file (else one is generated and printed)')
    .action(async (o: { email: string; role: 'member' | 'trainer' | 'admin'; memberId?: string; camera?: string[]; passwordFile?: string }) => {
      const h = await db();
      const password = o.passwordFile ? readFileSync(o.passwordFile, 'utf8').trim() : randomBytes(12).toString('base64url');
      const ctx = { users: new UsersRepository(h.db), members: new MembersRepository(h.db), gym: cfg.gym };
      const u = await createUser(ctx, { email: o.email, password, role: o.role, memberId: o.memberId ? memberId(o.memberId) : null, cameras: o.camera });
      await new AuditRepository(h.db).record(null, 'user.create', 'user', u.id, { role: u.role, via: 'cli' });
      io.out(`created ${u.role} ${u.email} (${u.id})`);
      if (!o.passwordFile) io.out(`password: ${password}`);
    });
  user.command('list').action(async () => {
    const h = await db();
    for (const u of await new UsersRepository(h.db).list()) io.out(`${u.id}  ${u.role.padEnd(7)}  ${u.email}${u.memberId ? `  member ${u.memberId}` : ''}`);
  });

  const camera = program.command('camera').description('cameras of the gym config');
  camera.command('list').action(() => {
    for (const c of cfg.gym.cameras) io.out(`${c.id}  ${c.enabled ? 'enabled ' : 'disabled'}  ${c.name}`);
  });
  camera
    .command('add')
    .requiredOption('--id <id>')
    .requiredOption('--name <name>')
    .requiredOption('--rtsp <url>')
    .action((o: { id: string; name: string; rtsp: string }) => {
      const path = cfg.env.GYM_CONFIG;
      const doc = parseDocument(readFileSync(path, 'utf8'));
      const raw = doc.toJS() as { cameras?: unknown[] };
      // Validate the whole config with the new camera before writing anything (duplicate ids, bad URL, ...).
      parseGymConfig({ ...raw, cameras: [...(raw.cameras ?? []), { id: o.id, name: o.name, rtspUrl: o.rtsp }] }, path);
      if (!doc.has('cameras')) doc.set('cameras', doc.createNode([]));
      doc.addIn(['cameras'], doc.createNode({ id: o.id, name: o.name, rtspUrl: o.rtsp }));
      writeFileSync(path, doc.toString());
      io.out(`added camera ${o.id} to ${path}; restart the server to pick it up`);
    });
  camera
    .command('test <id>')
    .option('--timeout <s>', 'seconds to wait for the stream', '8')
    .action(async (id: string, o: { timeout: string }) => {
      const c = cfg.gym.cameras.find((k) => k.id === id);
      if (!c) throw new CliError(`no camera "${id}" in ${cfg.env.GYM_CONFIG}`);
      const r = await probe(c.rtspUrl, Number(o.timeout) || 8);
      io.out(`${id}: ${r}`);
    });

  const member = program.command('member').description('members, consents, faces, erasure, export');
  member.command('list').action(async () => {
    const h = await db();
    for (const m of await new MembersRepository(h.db).list(cfg.gym.gym.id)) io.out(`${m.id}  ${m.displayName}`);
  });
  member
    .command('create')
    .requiredOption('--name <name>')
    .option('--email <email>')
    .action(async (o: { name: string; email?: string }) => {
      const h = await db();
      const m = await new MembersRepository(h.db).create(cfg.gym.gym.id, o.name, o.email ?? null);
      io.out(m.id);
    });
  member
    .command('consent <id>')
    .addOption(new Option('--kind <kind>').choices([...CONSENTS]).makeOptionMandatory())
    .requiredOption('--evidence <text>', 'how consent was given, e.g. "signed form #123"')
    .action(async (id: string, o: { kind: ConsentKind; evidence: string }) => {
      const h = await db();
      const repo = new MembersRepository(h.db);
      if (!(await repo.get(memberId(id)))) throw new CliError(`no member ${id}`);
      await repo.recordConsent(id, o.kind, o.evidence, null);
      await new AuditRepository(h.db).record(null, 'member.consent', 'member', id, { kind: o.kind, granted: true, via: 'cli' });
      io.out(`recorded ${o.kind} consent for ${id}`);
    });
  member
    .command('enrol <id>')
    .option('--embeddings <file>', 'JSON lines {"model","embedding":[...]} as printed by `npx gym embed --kind face`')
    .option('--photos <files...>', 'face photos, embedded with `npx gym embed --kind face`')
    .option('--model <name>', 'model name when the JSON lines carry none')
    .action(async (id: string, o: { embeddings?: string; photos?: string[]; model?: string }) => {
      if (!o.embeddings === !o.photos) throw new CliError('give either --embeddings FILE or --photos IMAGE...');
      const h = await db();
      const repo = new MembersRepository(h.db);
      if (!(await repo.get(memberId(id)))) throw new CliError(`no member ${id}`);
      if (!(await repo.hasConsent(id, 'face_identification')))
        throw new CliError(`member ${id} has no face-identification consent: record it first with \`npx gym admin member consent ${id} --kind face_identification --evidence "..."\``);
      const text = o.embeddings ? readFileSync(o.embeddings, 'utf8') : await embedPhotos(o.photos!, cfg.env.GYM_CONFIG);
      const { model, vectors, skipped } = parseEmbeddingLines(text, o.model);
      await repo.addFaces(id, model, vectors);
      await new AuditRepository(h.db).record(null, 'member.enrol', 'member', id, { faces: vectors.length, model, via: 'cli' });
      for (const s of skipped) io.err(`skipped ${s}`);
      io.out(`enrolled ${vectors.length} face(s) for ${id} (model ${model})`);
    });
  member
    .command('invite <id>')
    .description('print a join link for the member app (the member sets their password and answers the consents there)')
    .option('--days <n>', 'days the link works', String(INVITE_DEFAULT_DAYS))
    .option('--url <origin>', 'the server origin as phones reach it (default PUBLIC_URL, else http://HOST:PORT)')
    .action(async (id: string, o: { days: string; url?: string }) => {
      const days = Number(o.days);
      if (!Number.isInteger(days) || days < 1 || days > 30) throw new CliError('--days: a whole number from 1 to 30');
      const h = await db();
      const origin = o.url ?? cfg.env.PUBLIC_URL ?? `http://${cfg.env.HOST}:${cfg.env.PORT}`;
      const deps = { members: new MembersRepository(h.db), users: new UsersRepository(h.db), audit: new AuditRepository(h.db), invites: new InvitesRepository(h.db) };
      const inv = await createInvite(deps, null, memberId(id), origin, days);
      io.out(`${inv.url}\n(valid until ${inv.expiresAt}; shown once)`);
    });
  member
    .command('erase <id>')
    .option('--yes', 'really erase')
    .action(async (id: string, o: { yes?: boolean }) => {
      if (!o.yes) throw new CliError('erasing removes everything about the member for good; add --yes');
      const h = await db();
      const clips = clipStoreFromEnv(cfg.env);
      const r = await new PrivacyService(h.db, clips, null, null).erase(memberId(id));
      await new AuditRepository(h.db).record(null, 'member.erase', 'member', id, { ...r, via: 'cli' });
      io.out(`erased member ${id}: ${r.people} people, ${r.tracklets} tracklets, ${r.clips} clips`);
    });
  member
    .command('export <id>')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (id: string, o: { out?: string }) => {
      const h = await db();
      const data = await new PrivacyService(h.db, null, null, null).export(memberId(id));
      await new AuditRepository(h.db).record(null, 'member.export', 'member', id, { via: 'cli' });
      const json = JSON.stringify(data, null, 2);
      if (o.out) {
        writeFileSync(o.out, json + '\n');
        io.out(`wrote ${o.out}`);
      } else io.out(json);
    });

  try {
    cfg = loadServerConfig(io.env ?? process.env);
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof GymError) io.err(`gym admin: ${e.message}`);
    else io.err(`gym admin: ${(e as Error).stack ?? e}`);
    return 1;
  } finally {
    if (handle && handle !== io.db) await (handle as DbHandle).close();
  }
}

/** Parses `npx gym embed` output (or hand-made lines with `vector`); one model and one dimension for all. */
export function parseEmbeddingLines(text: string, modelOverride?: string): { model: string; vectors: number[][]; skipped: string[] } {
  const vectors: number[][] = [];
  const skipped: string[] = [];
  let model = modelOverride;
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let o: { file?: string; model?: string; embedding?: unknown; vector?: unknown; error?: string };
    try {
      o = JSON.parse(line);
    } catch {
      throw new CliError(`line ${i + 1}: not JSON`);
    }
    if (o.error) return void skipped.push(`${o.file ?? `line ${i + 1}`}: ${o.error}`);
    const v = o.embedding ?? o.vector;
    if (!Array.isArray(v) || v.length < 8 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) throw new CliError(`line ${i + 1}: "embedding" must be an array of at least 8 finite numbers`);
    if (vectors[0] && vectors[0].length !== v.length) throw new CliError(`line ${i + 1}: ${v.length} values, earlier lines have ${vectors[0].length}`);
    if (!modelOverride && o.model) {
      if (model && model !== o.model) throw new CliError(`line ${i + 1}: model ${o.model}, earlier lines ${model}`);
      model = o.model;
    }
    vectors.push(v as number[]);
  });
  if (!vectors.length) throw new CliError(`no usable face embeddings${skipped.length ? ` (${skipped.length} skipped: ${skipped.join('; ')})` : ''}`);
  if (!model) throw new CliError('the embeddings name no model: pass --model');
  return { model, vectors, skipped };
}

/** Runs `npx gym embed --kind face` (headless Chromium, the workers' models) and returns its JSON lines. */
function embedPhotos(files: string[], config: string): Promise<string> {
  const gym = resolve(repoRoot, 'server/bin/gym.mjs');
  return new Promise((res, rej) => {
    const p = spawn(process.execPath, [gym, 'embed', '--kind', 'face', '--config', config, ...files], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('error', (e) => rej(new CliError(`cannot run \`gym embed\`: ${e.message}`)));
    p.on('close', (code) => {
      if (code === 0) return res(out);
      const last = err.trim().split('\n').slice(-3).join(' | ');
      rej(new CliError(`\`gym embed --kind face\` failed (exit ${code}): ${last || 'no output'}. Are the models set up (make models)? Alternatively pass precomputed --embeddings`));
    });
  });
}

/** ffprobe the stream: codec and size, or why not. The URL (may carry credentials) is never printed. */
function probe(url: string, timeoutS: number): Promise<string> {
  return new Promise((res, rej) => {
    const p = spawn('ffprobe', ['-v', 'error', '-rtsp_transport', 'tcp', '-timeout', String(timeoutS * 1_000_000), '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height,avg_frame_rate', '-of', 'json', url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    const timer = setTimeout(() => p.kill('SIGKILL'), (timeoutS + 2) * 1000);
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('error', (e) => rej(new CliError(`cannot run ffprobe: ${e.message} (apt-get install ffmpeg)`)));
    p.on('close', (code) => {
      clearTimeout(timer);
      const s = (() => {
        try {
          return (JSON.parse(out) as { streams?: { codec_name: string; width: number; height: number; avg_frame_rate: string }[] }).streams?.[0];
        } catch {
          return undefined;
        }
      })();
      if (code === 0 && s) return res(`ok: ${s.codec_name} ${s.width}x${s.height} @ ${s.avg_frame_rate} fps`);
      const why = err.replaceAll(url, '<url>').trim().split('\n').pop() || (code === null ? 'timed out' : `ffprobe exit ${code}`);
      rej(new CliError(`cannot read the stream: ${why}`));
    });
  });
}

async function refuseIfServerRunning(cfg: ServerConfig) {
  const host = cfg.env.HOST === '0.0.0.0' ? '127.0.0.1' : cfg.env.HOST;
  try {
    const r = await fetch(`http://${host}:${cfg.env.PORT}/health`, { signal: AbortSignal.timeout(700) });
    if (r.ok)
      throw new CliError(`the server is running on port ${cfg.env.PORT} with the embedded database, which one process at a time may open: stop it first (or use PostgreSQL via DATABASE_URL)`);
  } catch (e) {
    if (e instanceof CliError) throw e;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await run(process.argv.slice(2));
