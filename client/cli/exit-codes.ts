// The CLI's exit codes, documented in docs/cli.md. Scripts may rely on them.
export const EXIT = {
  OK: 0,
  /** Something unexpected failed (a bug, or an error without a known code). */
  FAILURE: 1,
  /** Wrong usage: unknown command or option, missing argument. */
  USAGE: 2,
  /** A file or an input value is invalid; nothing was started or changed. */
  INVALID: 3,
  /** What the command names does not exist (cohort, track, camp …). */
  NOT_FOUND: 4,
  /** Refused by the current state: the cohort is already started, closed, the track is paused … */
  REFUSED: 5,
  /** Temporal or PostgreSQL cannot be reached, or the configuration is invalid. */
  UNAVAILABLE: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Wrong usage found once the options are parsed (e.g. two that exclude each other): exit 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
  readonly code = 'USAGE';
}

/**
 * The exit code of an error. Operations throw typed errors with a `code` (and `field` for
 * validation): codes are matched by what they say, so errors of every topic map the same way.
 */
export function exitCodeOf(error: unknown): ExitCode {
  const e = error as { code?: unknown; field?: unknown; name?: unknown };
  const code = typeof e?.code === 'string' ? e.code.toUpperCase() : '';
  const name = typeof e?.name === 'string' ? e.name : '';
  if (name === 'ConfigError') return EXIT.UNAVAILABLE;
  if (code === 'USAGE') return EXIT.USAGE;
  if (/NOT_FOUND|UNKNOWN/.test(code)) return EXIT.NOT_FOUND;
  if (/ALREADY|CONFLICT|REFUSED|REJECTED|CLOSED|PAUSED|NOT_ALLOWED|STATE|DUPLICATE|FULL/.test(code)) return EXIT.REFUSED;
  if (/INVALID|VALIDATION/.test(code) || typeof e?.field === 'string') return EXIT.INVALID;
  if (/UNAVAILABLE|ECONNREFUSED|CONNECT/.test(code) || /TransportError|ServiceError/.test(name)) return EXIT.UNAVAILABLE;
  if (name === 'WorkflowNotFoundError') return EXIT.NOT_FOUND;
  if (name === 'WorkflowExecutionAlreadyStartedError') return EXIT.REFUSED;
  return EXIT.FAILURE;
}
