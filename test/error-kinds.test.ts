// The two doors answer an error alike: the CLI's exit code and the API's status both come from the
// error's kind, so no error can be "not found" at one door and "invalid" at the other.
import { PassThrough } from 'node:stream';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { operationErrorReply } from '../client/api/errors.js';
import { createOutput } from '../client/cli/output.js';
import { FileValidationError } from '../client/operations/files.js';
import { ERROR_KINDS, OperationError, type ErrorKind } from '../client/operations/operation-error.js';
import { InvalidTokenError } from '../links/rsvp-token.js';
import { CampChangeError } from '../activities/company/camps.js';
import { LedgerError } from '../store/ledger.js';

/** The exit code the CLI ends with for this error, as `--json` prints it. */
function cliExit(error: unknown): { exit: number; printed: { error: { code: string; field?: string }; exitCode: number } } {
  const out = new PassThrough();
  const exit = createOutput(true, { out, err: new PassThrough() }).error(error);
  return { exit, printed: JSON.parse(String(out.read())) };
}

/** What the documentation promises for each kind: docs/cli.md "Exit codes" and the OpenAPI document's statuses. */
const PROMISED: Record<ErrorKind, { exit: number; status: number }> = {
  usage: { exit: 2, status: 400 },
  invalid: { exit: 3, status: 400 },
  'not-found': { exit: 4, status: 404 },
  forbidden: { exit: 5, status: 403 },
  conflict: { exit: 5, status: 409 },
  expired: { exit: 5, status: 410 },
  unavailable: { exit: 6, status: 503 },
};

describe('one classifier for the CLI and the API', () => {
  it.each(ERROR_KINDS)('an OperationError of kind %s gets the promised exit code and status, with its code and field', (kind) => {
    const error = new OperationError(kind, 'SOME_CODE', 'what went wrong', 'someField');
    const { exit, printed } = cliExit(error);
    const reply = operationErrorReply(error);
    expect({ exit, status: reply?.status }).toEqual(PROMISED[kind]);
    expect(printed).toMatchObject({ error: { code: 'SOME_CODE', field: 'someField' }, exitCode: exit });
    expect(reply?.body).toEqual({ error: 'SOME_CODE', message: 'what went wrong', field: 'someField' });
  });

  // Each of these was judged by two regex lists before: a code such as SLOTS_EXCEEDED was 409 at the API and exit 3 at the CLI.
  it.each([
    ['slots exceeded', new OperationError('conflict', 'SLOTS_EXCEEDED', 'full', 'selected'), 'conflict'],
    ['a code the old lists did not know, with a field', new OperationError('conflict', 'CAMP_HELD', 'held', 'campId'), 'conflict'],
    ['forbidden with a field', new OperationError('forbidden', 'FORBIDDEN', 'not yours', 'participantId'), 'forbidden'],
    [
      'a file with problems',
      new FileValidationError('cohort.yaml', [{ file: 'cohort.yaml', path: 'id', message: 'is required' }]),
      'invalid',
    ],
    ['Temporal: no such workflow', new WorkflowNotFoundError('gone', 'cohort-x', undefined), 'not-found'],
    ['Temporal: started already', new WorkflowExecutionAlreadyStartedError('started', 'cohort-x', 'cohortWorkflow'), 'conflict'],
    ['an invalid personal link', new InvalidTokenError('the answer link is not valid'), 'invalid'],
    ['a camp that does not exist', new CampChangeError('no camp', 'CAMP_NOT_FOUND', 'campId'), 'not-found'],
    ['a charge reversed twice', new LedgerError('ALREADY_REVERSED', 'reversed already', 'entryId'), 'conflict'],
  ] as const)('%s: both doors agree', (_what, error, kind) => {
    expect({ exit: cliExit(error).exit, status: operationErrorReply(error)?.status }).toEqual(PROMISED[kind]);
  });

  it('an unexpected error is exit 1 at the CLI and left to the API handler to log and answer 500', () => {
    const bug = new TypeError('x is undefined');
    expect(cliExit(bug).exit).toBe(1);
    expect(operationErrorReply(bug)).toBeUndefined();
  });

  it('a file error lists every problem at both doors', () => {
    const issues = [
      { file: 'c.yaml', path: 'id', message: 'is required' },
      { file: 'c.yaml', path: 'year', message: 'is required' },
    ];
    const error = new FileValidationError('c.yaml', issues);
    expect(cliExit(error).printed.error).toMatchObject({ code: 'INVALID_FILE', issues });
    expect(operationErrorReply(error)?.body).toMatchObject({ error: 'INVALID_FILE', field: 'id', issues });
  });
});
