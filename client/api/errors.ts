/**
 * Errors the API answers with, each mapped to one HTTP status by the error handler. Operations in
 * client/operations throw their own typed errors (a `code`, and a `field` for validation); the
 * handler maps those by their code.
 */
export const FORBIDDEN = 'FORBIDDEN';
export const NOT_FOUND = 'NOT_FOUND';
export const VALIDATION_ERROR = 'VALIDATION_ERROR';
export const CONFLICT = 'CONFLICT';
export const UNAUTHENTICATED = 'UNAUTHENTICATED';

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export class ForbiddenError extends ApiError {
  override name = 'ForbiddenError';
  constructor(message: string) {
    super(403, FORBIDDEN, message);
  }
}

export class NotFoundError extends ApiError {
  override name = 'NotFoundError';
  constructor(message: string) {
    super(404, NOT_FOUND, message);
  }
}

export class RequestValidationError extends ApiError {
  override name = 'RequestValidationError';
  constructor(field: string, message: string) {
    super(400, VALIDATION_ERROR, `${field}: ${message}`, field);
  }
}

export class ConflictError extends ApiError {
  override name = 'ConflictError';
  constructor(message: string) {
    super(409, CONFLICT, message);
  }
}

/** The HTTP status for an error thrown by an operation, judged by its code, then by its field. */
export function statusForOperationError(e: { code?: unknown; field?: unknown }): number | undefined {
  const code = typeof e.code === 'string' ? e.code : '';
  if (/NOT_FOUND/.test(code)) return 404;
  if (/EXPIRED/.test(code)) return 410;
  if (/ALREADY|EXISTS|DUPLICATE|CONFLICT|NOT_RUNNING|REJECTED|INVALID_STATE|EXCEEDED/.test(code)) return 409;
  if (/FORBIDDEN|NOT_ALLOWED/.test(code)) return 403;
  if (typeof e.field === 'string' || /INVALID|VALIDATION/.test(code)) return 400;
  return code ? 422 : undefined;
}
