// The CLI's exit codes, documented in docs/cli.md. Scripts may rely on them.
// Which error gets which code is decided with the HTTP status, in client/error-kinds.ts.
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
