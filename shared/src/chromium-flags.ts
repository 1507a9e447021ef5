/**
 * Flags for Debian's headless Chromium on these machines (see ../shared/notes/environment.md): no sandbox as root,
 * no GPU process, and none of the background connections a closed network refuses. One list for every launcher
 * (worker supervisor, model and analysis harnesses, e2e), passed to playwright-core's `chromium.launch({ args })`.
 */
export const CHROMIUM_BASE_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Added where pages receive WebRTC from 127.0.0.1 and play video without a user gesture. */
export const CHROMIUM_WEBRTC_FLAGS: readonly string[] = ['--allow-loopback-in-peer-connection', '--autoplay-policy=no-user-gesture-required'];

/** Added for long-running worker pages that must not be throttled while nobody looks at them. */
export const CHROMIUM_NO_THROTTLE_FLAGS: readonly string[] = [
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];
