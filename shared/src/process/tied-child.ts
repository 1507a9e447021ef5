/**
 * Children that die with their parent. A SIGKILLed capture-node (OOM killer, crash) would otherwise leave its
 * ffmpeg running, still pulling the camera's RTSP stream (cameras allow few sessions) and pushing RTP to a dead
 * port; the restarted node then starts a second one. util-linux's `setpriv --pdeathsig KILL` (in every Debian)
 * sets the kernel's parent-death signal and execs the command, so the child keeps its pid and stdio.
 */
import { existsSync } from 'node:fs';

const SETPRIV = '/usr/bin/setpriv';
let available: boolean | null = null;

/** `[command, args]` to spawn so that the child is killed when this process dies (as is where setpriv is missing). */
export function tiedToParent(command: string, args: readonly string[]): [string, string[]] {
  available ??= process.platform === 'linux' && existsSync(SETPRIV);
  return available ? [SETPRIV, ['--pdeathsig', 'KILL', '--', command, ...args]] : [command, [...args]];
}
