// The one error an operation throws. Its kind says how the doors answer it (client/error-kinds.ts
// maps each kind to the CLI's exit code and the HTTP status, once); its code names the reason for
// scripts and tests; its field names the input it is about.

/**
 * - `usage`: the command was called wrongly (options that exclude each other);
 * - `invalid`: an input value or a file is invalid; nothing was started or changed;
 * - `not-found`: what the request names does not exist;
 * - `forbidden`: the actor may not do this;
 * - `conflict`: refused by the current state (already started, closed, paused, full, decided …);
 * - `expired`: a personal link past its answering time;
 * - `unavailable`: Temporal or PostgreSQL cannot be reached, or the configuration is invalid.
 */
export const ERROR_KINDS = ['usage', 'invalid', 'not-found', 'forbidden', 'conflict', 'expired', 'unavailable'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export class OperationError extends Error {
  override name = 'OperationError';
  /** A file's problems, each with its path (and line) in the file. */
  readonly issues?: ReadonlyArray<{ file: string; path: string; line?: number; column?: number; message: string }>;
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly field?: string,
    details: { issues?: OperationError['issues'] } = {},
  ) {
    super(message);
    if (details.issues) this.issues = details.issues;
  }
}
