/**
 * capture-node: `npx tsx capture-node/src/main.ts`. Cameras (config/gym.yaml or GYM_CONFIG) → mediasoup SFU →
 * signaling + headless Chromium workers. SIGINT/SIGTERM stop ffmpeg, the browsers and mediasoup cleanly.
 */
import { createLogger } from '@gym/shared/logger.ts';
import { GymError } from '@gym/shared';
import { startCaptureNode, type CaptureNode } from './app.ts';
import { loadCaptureConfig } from './config.ts';

const bootLog = createLogger('capture-node');
let cfg;
try {
  cfg = loadCaptureConfig();
} catch (e) {
  bootLog.fatal(e instanceof GymError ? e.message : String(e));
  process.exit(1);
}
const logger = createLogger('capture-node', { level: cfg.logLevel });

// Registered before mediasoup registers its own signal listeners, so ingests stop before the worker closes.
let node: CaptureNode | null = null;
let signals = 0;
const shutdown = (sig: string): void => {
  if (++signals > 1) process.exit(1);
  logger.info({ sig }, 'shutting down');
  setTimeout(() => process.exit(1), 10_000).unref();
  if (!node) process.exit(0);
  node.cameras.stop();
  void node.stop().then(() => process.exit(0));
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));

try {
  node = await startCaptureNode(cfg, logger);
} catch (e) {
  logger.fatal({ err: (e as Error).message }, 'capture-node failed to start');
  process.exit(1);
}
