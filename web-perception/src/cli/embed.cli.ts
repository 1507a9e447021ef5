/**
 * `npx gym embed --kind body|face IMAGE...` — embeds images with the configured models in headless Chromium,
 * through the same model code as the workers. One JSON line per image, in the order given:
 *   {"file":"<path as given>","kind":"body","model":"<name>","embedding":[...]}   (L2-normalised)
 *   {"file":"<path as given>","error":"..."}                                      (unusable image)
 * For `face` the largest face is detected and aligned first; for `body` the image is taken as a person crop.
 * One browser for the whole run; images go to the page in batches.
 *
 * Options: --config PATH (default config/gym.yaml when present), --backend auto|webgpu|webgl|wasm,
 *          --batch N (images per page call, default 32).
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadGymConfig, ModelsConfig } from '@gym/shared/config/gym-config.ts';
import { createLogger } from '@gym/shared/logger.ts';
import { startHarness } from '../models/node/harness.ts';

const USAGE = 'usage: npx gym embed --kind body|face [--config PATH] [--backend auto|webgpu|webgl|wasm] [--batch N] IMAGE...';

export async function run(argv: string[]): Promise<number> {
  // stdout carries the JSON lines only: logs go to stderr.
  const log = createLogger('gym-embed', { transport: { target: 'pino/file', options: { destination: 2 } } }).child({ module: 'embed-cli' });
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { kind: { type: 'string' }, config: { type: 'string' }, backend: { type: 'string' }, batch: { type: 'string', default: '32' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    console.error(`gym embed: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals: files } = args;
  if (values.help) {
    console.error(USAGE);
    return 0;
  }
  const kind = values.kind;
  if (kind !== 'body' && kind !== 'face') {
    console.error(`gym embed: --kind must be body or face\n${USAGE}`);
    return 2;
  }
  if (files.length === 0) {
    console.error(`gym embed: no images given\n${USAGE}`);
    return 2;
  }
  const batch = Math.max(1, Number.parseInt(values.batch ?? '32', 10) || 32);
  const configPath = values.config ?? (existsSync('config/gym.yaml') ? 'config/gym.yaml' : undefined);
  let models;
  try {
    models = configPath ? loadGymConfig(configPath).models : ModelsConfig.parse({});
  } catch (e) {
    console.error(`gym embed: ${(e as Error).message}`);
    return 2;
  }
  if (values.backend) {
    const r = ModelsConfig.safeParse({ ...models, backend: values.backend });
    if (!r.success) {
      console.error(`gym embed: --backend must be auto, webgpu, webgl or wasm\n${USAGE}`);
      return 2;
    }
    models = r.data;
  }

  const t0 = performance.now();
  const harness = await startHarness({ onConsole: (l) => l.startsWith('pageerror') && log.warn({ page: l }, 'page error') });
  try {
    let info;
    try {
      info = await harness.page.evaluate(([c, k]) => window.gymModels.init(c, k === 'body' ? ['body'] : ['face']), [models, kind] as const);
    } catch (e) {
      // e.g. "model file models/arcface.onnx: missing …" from the page, without Playwright's wrapping
      console.error(`gym embed: ${(e as Error).message.replace(/^page\.evaluate: (Error: )?/, '').split('\n')[0]}`);
      return 1;
    }
    const model = kind === 'body' ? info.names.body! : info.names.face!;
    log.info({ backend: info.backend.backend, reason: info.backend.reason, model, images: files.length }, 'models ready');
    let embedded = 0;
    for (let i = 0; i < files.length; i += batch) {
      const chunk = files.slice(i, i + batch);
      const urls = chunk.map((f) => (existsSync(f) ? harness.fileUrl(f) : '/files/missing'));
      const results = await harness.page.evaluate(([k, u]) => window.gymModels.embedFiles(k, u), [kind, urls] as const);
      const lines = results.map((r, j) => {
        const file = chunk[j]!;
        if ('error' in r) return JSON.stringify({ file, error: existsSync(file) ? r.error : 'file not found' });
        embedded++;
        return JSON.stringify({ file, kind, model, embedding: r.embedding });
      });
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    log.info({ images: files.length, embedded, seconds: Number(((performance.now() - t0) / 1000).toFixed(2)) }, 'done');
    // A caller piping this into `gym admin member enrol` must not take "every image failed" for success.
    if (embedded === 0) {
      console.error(`gym embed: no image was embedded (${files.length} failed; see the error lines)`);
      return 1;
    }
    return 0;
  } finally {
    await harness.close();
  }
}
