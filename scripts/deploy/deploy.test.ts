/**
 * The deployment files are checked as an operator would use them: Prometheus config and alert rules with Debian's
 * promtool (including the rules' own unit tests), every metric the rules and the Grafana dashboard query exists in
 * the server's or capture-node's registry, the systemd units pass `systemd-analyze verify` shape checks and start files that exist,
 * the environment template names only variables the deployables read, and a PGlite backup restores.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { createMetrics } from '../../server/src/metrics.ts';
import { ServerEnv } from '../../server/src/config.ts';
import { CaptureEnv } from '../../capture-node/src/config.ts';
import { createCaptureMetrics } from '../../capture-node/src/http/metrics.ts';

const root = resolve(import.meta.dirname, '../..');
const deploy = join(root, 'deploy');
const promtool = ['/usr/bin/promtool', 'promtool'].find((p) => spawnSync(p, ['--version']).status === 0);

function run(cmd: string, args: string[], cwd = root) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('Prometheus configuration', () => {
  it('promtool is installed by the set-up step', () => {
    expect(promtool, 'promtool missing: scripts/setup.d/10-apt.sh installs prometheus').toBeTruthy();
  });
  it('the scrape config and alert rules are valid, and the rules fire on their test series', () => {
    const cfg = run(promtool!, ['check', 'config', '--syntax-only', 'prometheus/prometheus.yml'], deploy);
    expect(cfg.status, cfg.out).toBe(0);
    const rules = run(promtool!, ['check', 'rules', 'prometheus/gym.rules.yml'], deploy);
    expect(rules.status, rules.out).toBe(0);
    const tests = run(promtool!, ['test', 'rules', 'gym.rules.test.yml'], join(deploy, 'prometheus'));
    expect(tests.status, tests.out).toBe(0);
  });
  it('every gym_* metric in the rules and the dashboard is one the server exports', async () => {
    const capture = createCaptureMetrics({ cameras: () => [], sfuRestarts: () => 0, workers: () => [] });
    const exported = new Set([...(await createMetrics().registry.getMetricsAsJSON()), ...(await capture.getMetricsAsJSON())].map((m) => m.name));
    const text = readFileSync(join(deploy, 'prometheus/gym.rules.yml'), 'utf8') + readFileSync(join(deploy, 'grafana/smart-gym.dashboard.json'), 'utf8');
    const used = new Set([...text.matchAll(/\bgym_[a-z_]+/g)].map((m) => m[0].replace(/_(bucket|sum|count)$/, '')));
    expect(used.size).toBeGreaterThan(5);
    const missing = [...used].filter((n) => !exported.has(n));
    expect(missing, 'metrics queried but exported by neither the server nor capture-node').toEqual([]);
  });
  it('the dashboard is valid JSON with a Prometheus query on every panel', () => {
    const dash = JSON.parse(readFileSync(join(deploy, 'grafana/smart-gym.dashboard.json'), 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };
    expect(dash.panels.length).toBeGreaterThan(5);
    for (const p of dash.panels) expect(p.targets.length, p.title).toBeGreaterThan(0);
  });
});

describe('systemd units', () => {
  const units = readdirSync(join(deploy, 'systemd'));
  it.each(units)('%s starts files that exist in the checkout', (unit) => {
    const text = readFileSync(join(deploy, 'systemd', unit), 'utf8');
    if (unit.endsWith('.timer')) {
      expect(text).toMatch(/OnCalendar=/);
      expect(units).toContain(unit.replace('.timer', '.service'));
      return;
    }
    const exec = [...text.matchAll(/^Exec\w+=(.+)$/gm)].map((m) => m[1]!);
    expect(exec.length).toBeGreaterThan(0);
    for (const line of exec) {
      for (const word of line.split(/\s+/)) {
        const rel = word.replace(/^\/opt\/smart-gym\//, '');
        if (/\.(ts|sh|mjs)$/.test(rel)) expect(existsSync(join(root, rel)), `${unit}: ${rel}`).toBe(true);
      }
    }
    expect(text).toMatch(/EnvironmentFile=\/etc\/smart-gym\/gym\.env/);
  });
  it('systemd-analyze finds no unit file syntax errors', () => {
    const sa = spawnSync('systemd-analyze', ['--version']);
    if (sa.status !== 0) return; // not a systemd host: the file checks above still ran
    const r = run('systemd-analyze', ['verify', '--man=no', ...units.map((u) => join(deploy, 'systemd', u))]);
    // verify also complains about the missing user/paths of a machine where the units are not installed; only
    // parse errors ("Unknown key", "Invalid section", "Failed to parse") mean a broken file.
    expect(r.out).not.toMatch(/Unknown (key|section)|Invalid section|Failed to parse|Missing '='/i);
  });
});

describe('environment template', () => {
  it('names only variables that the server or capture-node read', () => {
    const known = new Set([...Object.keys(ServerEnv.shape), ...Object.keys(CaptureEnv.shape), 'NODE_ENV']);
    const names = [...readFileSync(join(deploy, 'gym.env.example'), 'utf8').matchAll(/^#?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(10);
    expect(names.filter((n) => !known.has(n))).toEqual([]);
  });
});

describe('backup and restore (embedded PGlite)', () => {
  it('a backup restores the stored rows and refuses while the server answers', async () => {
    const work = mkdtempSync(join(tmpdir(), 'gym-backup-'));
    const data = join(work, 'data');
    mkdirSync(data, { recursive: true });
    const db = new PGlite(join(data, 'pglite'));
    await db.exec("create table t (v text); insert into t values ('kept')");
    await db.close();
    const env = { ...process.env, GYM_DATA_DIR: data, DATABASE_URL: '', PORT: '1' };
    execFileSync(join(root, 'scripts/deploy/backup.sh'), [join(work, 'backups')], { env, stdio: 'pipe' });
    const [stamp] = readdirSync(join(work, 'backups'));
    expect(stamp).toMatch(/^\d{8}T\d{6}Z$/);

    // With a server answering on HOST:PORT, copying PGlite's live files is refused.
    const srv = createServer((_q, a) => a.end('ok')).listen(0, '127.0.0.1');
    await new Promise((r) => srv.once('listening', r));
    const port = String((srv.address() as { port: number }).port);
    const busy = await new Promise<{ code: number | null; err: string }>((done) => {
      const c = spawn(join(root, 'scripts/deploy/backup.sh'), [join(work, 'busy')], { env: { ...env, PORT: port } });
      let err = '';
      c.stderr.on('data', (d) => (err += d));
      c.on('close', (code) => done({ code, err }));
    });
    srv.close();
    expect(busy.code).toBe(2);
    expect(busy.err).toMatch(/stop it first/);

    const other = join(work, 'restored');
    execFileSync(join(root, 'scripts/deploy/restore.sh'), [join(work, 'backups', stamp!)], { env: { ...env, GYM_DATA_DIR: other }, stdio: 'pipe' });
    const back = new PGlite(join(other, 'pglite'));
    expect((await back.query<{ v: string }>('select v from t')).rows).toEqual([{ v: 'kept' }]);
    await back.close();

    // A corrupted backup is refused before anything is replaced.
    execFileSync('sh', ['-c', `echo x >> ${join(work, 'backups', stamp!, 'pglite.tar.gz')}`]);
    const bad = spawnSync(join(root, 'scripts/deploy/restore.sh'), [join(work, 'backups', stamp!)], { env: { ...env, GYM_DATA_DIR: other }, encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/checksum/);
  }, 60_000);
});
