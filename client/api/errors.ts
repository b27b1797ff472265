/**
 * Errors of the HTTP layer itself (authentication, a route's own checks, rate limits), each with its
 * status. Operations throw OperationErrors, whose status client/error-kinds.ts decides with the
 * CLI's exit code.
 */
import { ANSWER, classify } from '../error-kinds.js';

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

export interface ErrorReply {
  status: number;
  body: { error: string; message: string; field?: string; issues?: unknown[] };
}

/**
 * The answer to an error an operation threw (or one of the few others client/error-kinds.ts knows),
 * with the status its kind gives; undefined for an unexpected error, which the handler logs and
 * answers 500 without its text.
 */
export function operationErrorReply(error: unknown): ErrorReply | undefined {
  const kind = classify(error);
  if (kind === 'failure') return undefined;
  const e = error as { code?: unknown; message?: unknown; field?: unknown; issues?: unknown };
  return {
    status: ANSWER[kind].status,
    body: {
      error: typeof e.code === 'string' ? e.code : VALIDATION_ERROR,
      message: typeof e.message === 'string' ? e.message : String(error),
      ...(typeof e.field === 'string' ? { field: e.field } : {}),
      // A file's problems, each with its path (and line) in the file.
      ...(Array.isArray(e.issues) ? { issues: e.issues } : {}),
    },
  };
}
