/**
 * Runs the simulated RTSP camera for `make dev-up`: `npx tsx capture-node/src/sim-camera/main.ts [--stamp]`.
 * Serves rtsp://127.0.0.1:8554/vtest (SIM_CAMERA_PORT / SIM_CAMERA_PATH override), looping Debian's vtest footage.
 */
import { z } from 'zod';
import { envBool, envPort, parseEnv } from '@gym/shared/config/env.ts';
import { createLogger } from '@gym/shared/logger.ts';
import { SimCamera } from './sim-camera.ts';

const env = parseEnv(
  z.object({
    SIM_CAMERA_PORT: envPort.default(8554),
    SIM_CAMERA_PATH: z.string().regex(/^[A-Za-z0-9_-]+$/).default('vtest'),
    SIM_CAMERA_STAMP: envBool.default(false),
  }),
);
const log = createLogger('sim-camera');
const cam = new SimCamera({ port: env.SIM_CAMERA_PORT, path: env.SIM_CAMERA_PATH, stamp: env.SIM_CAMERA_STAMP || process.argv.includes('--stamp') });
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
