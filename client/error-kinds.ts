// How every door answers an error: one table from the error's kind to the CLI's exit code (docs/cli.md,
// "Exit codes") and the HTTP status, so the CLI, the API and the console can never judge the same
// error differently. Errors the operations throw are OperationErrors and carry their kind; the few
// other errors that reach a door (Temporal's client, the configuration, the codes of activities the
// operations call directly) are given their kind here.
import { EXIT, type ExitCode } from './cli/exit-codes.js';
import { ERROR_KINDS, OperationError, type ErrorKind } from './operations/operation-error.js';

export type ErrorClass = ErrorKind | 'failure';

export const ANSWER: Record<ErrorClass, { exit: ExitCode; status: number }> = {
  usage: { exit: EXIT.USAGE, status: 400 },
  invalid: { exit: EXIT.INVALID, status: 400 },
  'not-found': { exit: EXIT.NOT_FOUND, status: 404 },
  forbidden: { exit: EXIT.REFUSED, status: 403 },
  conflict: { exit: EXIT.REFUSED, status: 409 },
  expired: { exit: EXIT.REFUSED, status: 410 },
  unavailable: { exit: EXIT.UNAVAILABLE, status: 503 },
  /** Something unexpected (a bug): exit 1, answered 500 without its text. */
  failure: { exit: EXIT.FAILURE, status: 500 },
};

/** Codes of errors thrown below the operations (activities, the token check), by kind. */
const CODES: Record<string, ErrorKind> = {
  INVALID_TOKEN: 'invalid',
  INVALID_INPUT: 'invalid',
  INVALID_OUTCOME: 'invalid',
  INVALID_PROGRAMME: 'invalid',
  NO_MUNICIPALITY: 'invalid',
  NOT_A_CHARGE: 'invalid',
  NOT_A_WORKING_DAY: 'invalid',
  CAMP_CANCELLED: 'invalid',
  CAMP_HELD: 'invalid',
  TRACK_NOT_FOUND: 'not-found',
  ENTRY_NOT_FOUND: 'not-found',
  CAMP_NOT_FOUND: 'not-found',
  ALREADY_REVERSED: 'conflict',
};

const isKind = (k: unknown): k is ErrorKind => (ERROR_KINDS as readonly unknown[]).includes(k);

/** The kind of any error that reaches a door. */
export function classify(error: unknown): ErrorClass {
  if (error instanceof OperationError) return error.kind;
  const e = error as { kind?: unknown; code?: unknown; field?: unknown; name?: unknown } | undefined;
  // An OperationError from another copy of the module (a bundled CLI, a test's re-import).
  if (e?.name === 'OperationError' && isKind(e.kind)) return e.kind;
  const name = typeof e?.name === 'string' ? e.name : '';
  if (name === 'ConfigError' || name === 'TransportError' || name === 'ServiceError') return 'unavailable';
  if (name === 'WorkflowNotFoundError') return 'not-found';
  if (name === 'WorkflowExecutionAlreadyStartedError') return 'conflict';
  const code = typeof e?.code === 'string' ? CODES[e.code] : undefined;
  if (code) return code;
  if (typeof e?.code === 'string' && typeof e.field === 'string') return 'invalid';
  return 'failure';
}

export const exitCodeOf = (error: unknown): ExitCode => ANSWER[classify(error)].exit;
export const httpStatusOf = (error: unknown): number => ANSWER[classify(error)].status;
