#!/usr/bin/env node
// `npx gym <command> ...` — the one CLI of the system. Each command lives in its own module that exports
// `run(argv: string[]): Promise<number>` (the exit code); TypeScript is loaded through tsx.
import { register } from 'tsx/esm/api';

register();

const commands = {
  'replay-poses': ['../src/cli/replay-poses.cli.ts', 'count reps in gym.poses/1 recordings'],
  embed: ['../../web-perception/src/cli/embed.cli.ts', 'embed body crops or faces with the configured models'],
  'analyse-video': ['../../web-perception/src/cli/analyse-video.cli.ts', 'run perception + exercise engine over video files'],
  migrate: ['../src/db/migrate.cli.ts', 'apply database migrations'],
  admin: ['../src/cli/admin.cli.ts', 'users, cameras, members, consents, erasure, export'],
};

const [name, ...argv] = process.argv.slice(2);
if (!name || name === '--help' || name === '-h' || !(name in commands)) {
  if (name && !(name in commands) && name !== '--help' && name !== '-h') console.error(`gym: unknown command "${name}"\n`);
  console.error('usage: npx gym <command> [options]\n\ncommands:');
  for (const [n, [, d]] of Object.entries(commands)) console.error(`  ${n.padEnd(14)} ${d}`);
  process.exit(name && name !== '--help' && name !== '-h' ? 2 : 0);
}
let mod;
try {
  mod = await import(new URL(commands[name][0], import.meta.url).href);
} catch (e) {
  if (e?.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes(commands[name][0].split('/').pop())) {
    console.error(`gym ${name}: not available in this build yet`);
    process.exit(2);
  }
  throw e;
}
process.exitCode = await mod.run(argv);
