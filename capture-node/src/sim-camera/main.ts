/**
 * Runs the simulated RTSP camera for `make dev-up`: `npx tsx capture-node/src/sim-camera/main.ts [--stamp]`.
 * Serves rtsp://127.0.0.1:8554/vtest (SIM_CAMERA_PORT / SIM_CAMERA_PATH override), looping Debian's vtest footage
 * or the video named by SIM_CAMERA_FOOTAGE (dev-up's second camera: the rendered demo gym, footage/).
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { envBool, envPort, parseEnv } from '@gym/shared/config/env.ts';
import { createLogger } from '@gym/shared/logger.ts';
import { SimCamera } from './sim-camera.ts';

const env = parseEnv(
  z.object({
    SIM_CAMERA_PORT: envPort.default(8554),
    SIM_CAMERA_PATH: z.string().regex(/^[A-Za-z0-9_-]+$/).default('vtest'),
    SIM_CAMERA_STAMP: envBool.default(false),
    /** The video to loop (default: the pedestrian footage prepared by the set-up) and the size it is served at. */
    SIM_CAMERA_FOOTAGE: z.string().min(1).optional(),
    SIM_CAMERA_WIDTH: z.coerce.number().int().min(160).max(3840).optional(),
    SIM_CAMERA_HEIGHT: z.coerce.number().int().min(120).max(2160).optional(),
  }),
);
const log = createLogger('sim-camera');
if (env.SIM_CAMERA_FOOTAGE && !existsSync(env.SIM_CAMERA_FOOTAGE)) {
  log.fatal({ footage: env.SIM_CAMERA_FOOTAGE }, 'SIM_CAMERA_FOOTAGE: no such file (run make setup to render the demo footage)');
  process.exit(1);
}
const cam = new SimCamera({
  port: env.SIM_CAMERA_PORT,
  path: env.SIM_CAMERA_PATH,
  stamp: env.SIM_CAMERA_STAMP || process.argv.includes('--stamp'),
  ...(env.SIM_CAMERA_FOOTAGE ? { footage: env.SIM_CAMERA_FOOTAGE } : {}),
  ...(env.SIM_CAMERA_WIDTH ? { width: env.SIM_CAMERA_WIDTH } : {}),
  ...(env.SIM_CAMERA_HEIGHT ? { height: env.SIM_CAMERA_HEIGHT } : {}),
});
try {
  await cam.start();
} catch (e) {
  log.fatal((e as Error).message);
  process.exit(1);
}
log.info({ url: cam.url }, 'simulated camera serving');
const stop = (): void => void cam.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
