import { GymError } from '@gym/shared';

/** A model file is missing or unreadable; the message names the file and how to get it. */
export class ModelFileError extends GymError {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super('MODEL_FILE', `model file ${file}: ${detail}`);
  }
}

/** A model file loads but its inputs/outputs are not what its decoder expects. */
export class ModelShapeError extends GymError {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super('MODEL_SHAPE', `model file ${file} has the wrong shape: ${detail}`);
  }
}

/** The configured model name is unknown (not in models/manifest.json and not a recognised drop-in). */
export class UnknownModelError extends GymError {
  constructor(
    readonly setting: string,
    readonly value: string,
  ) {
    super('MODEL_UNKNOWN', `${setting}: unknown model "${value}"`);
  }
}
