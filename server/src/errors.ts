import { GymError } from '@gym/shared/errors.ts';

/** An error an API caller sees: HTTP status, stable code, human message. */
export class ApiError extends GymError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
  ) {
    super(code, message);
  }
}
export const notFound = (what: string) => new ApiError(404, 'NOT_FOUND', `${what} not found`);
export const forbidden = (why = 'not allowed') => new ApiError(403, 'FORBIDDEN', why);
export const unauthorized = (why = 'sign in first') => new ApiError(401, 'UNAUTHORIZED', why);
