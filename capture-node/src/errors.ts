import { GymError } from '@gym/shared';

/** The mediasoup worker binary is missing (the set-up step did not run) or could not start. */
export class MediasoupWorkerError extends GymError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MEDIASOUP_WORKER', message, options);
  }
}

/** A signaling request was refused; `code` goes back to the client in the error ack. */
export class SignalingError extends GymError {}

/** A camera's ingest failed (probe, ffmpeg or producer); the camera goes `down` with this as the reason. */
export class IngestError extends GymError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INGEST', message, options);
  }
}

/** A headless Chromium worker could not be started or connected to. */
export class BrowserWorkerError extends GymError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('BROWSER_WORKER', message, options);
  }
}
