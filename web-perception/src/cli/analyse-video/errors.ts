import { GymError } from '@gym/shared';

/** A video file cannot be read or decoded; the message names the file. */
export class VideoDecodeError extends GymError {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super('VIDEO_DECODE', `${file}: ${detail}`);
  }
}

/** Bad command line; the message says what is wrong and the usage follows. */
export class UsageError extends GymError {
  constructor(message: string) {
    super('USAGE', message);
  }
}
