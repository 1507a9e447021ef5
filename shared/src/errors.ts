/** Base of every error the system raises on purpose: a stable code and a human message. */
export class GymError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A value failed validation; `field` names where (e.g. `cameras[1].rtspUrl`). */
export class ValidationError extends GymError {
  constructor(
    readonly field: string,
    message: string,
    readonly issues: { field: string; message: string }[] = [{ field, message }],
  ) {
    super('VALIDATION', field ? `${field}: ${message}` : message);
  }
}

/** Configuration (file or environment variable) is invalid; the message names every bad field. */
export class ConfigError extends GymError {
  constructor(
    readonly source: string,
    readonly issues: { field: string; message: string }[],
  ) {
    super(
      'CONFIG',
      `Invalid configuration in ${source}:\n` + issues.map((i) => `  - ${i.field}: ${i.message}`).join('\n'),
    );
  }
}

/** A `gym.poses/1` file is malformed at a line. */
export class PoseFileError extends GymError {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super('POSE_FILE', `line ${line}: ${message}`);
  }
}
