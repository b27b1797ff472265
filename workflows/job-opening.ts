// One company's job opening, `job-opening-<openingId>`: waits for the job consultant's proposals,
// reminds the consultant and escalates to the city's steering coordinator when none comes in time,
// mails the company each proposal with its answer links, reminds the company of a proposal it leaves
// unanswered and then tells the consultant, and closes when the opening is filled or withdrawn. Every decision is the agenda's (domain/job-opening-agenda.ts); this file wires it to
// Temporal and projects its summary into the JobOpening row for lists and the console.
import { allHandlersFinished, condition, log, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { EMAIL_ACTIVITY } from '../contracts/email-activity.js';
import {
  answerMatchUpdate,
  jobOpeningSummaryQuery,
  proposeMatchUpdate,
  withdrawOpeningUpdate,
  type JobOpeningInput,
  type JobOpeningSummary,
} from '../contracts/job-opening.js';
import { reject, REJECTION } from '../contracts/rejection.js';
import { instantAt, localDateAt, type LocalDate } from '../domain/calendar.js';
import {
  applyJobOpeningEvent,
  checkJobOpeningEvent,
  initialJobOpeningState,
  isClosed,
  jobOpeningSummary,
  nextWakeOn,
  type JobOpeningEffect,
  type JobOpeningEvent,
} from '../domain/job-opening-agenda.js';
import { DEFAULT_ANSWER_WITHIN_WORKING_DAYS } from '../domain/job-opening-defaults.js';
import { Refusal } from '../domain/refusal.js';
import { patchApplies } from './patch-steps.js';

const { projectJobOpening } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const { sendJobOpeningMail } = proxyActivities<Activities>({ ...EMAIL_ACTIVITY });

const today = (): LocalDate => localDateAt(Date.now());

/**
 * A proposal the company leaves unanswered: the company is reminded, then the consultant told, on
 * timers while the proposal waits. Asked with a run's first proposal, so an opening running before
 * the release takes the reminders up with its next proposal (by its programme's days
 * when its input carries them, else the default). Released 2026-11-30.
 * Step 2, deprecatePatch (its id into DEPRECATED_PATCHES, workflows/patch-steps.ts): once
 * `WorkflowType = "jobOpeningWorkflow" AND ExecutionStatus = "Running" AND StartTime < "2026-11-30"`
 * (`temporal workflow count --query '…'` or the Web UI's filter) finds no run; the histories recorded
 * before (test/histories/job-opening/ without `answer-reminders`) go then.
 * Step 3: the call is removed once the same query with step 2's release date finds none.
 */
const ANSWER_REMINDERS = 'answer-reminders';

export async function jobOpeningWorkflow(input: JobOpeningInput): Promise<JobOpeningSummary> {
  const { workflowId } = workflowInfo();
  const { cohortId: _cohortId, partnershipId: _partnershipId, carried, answerWithinWorkingDays, ...setup } = input;
  // No await before the handlers are set: a proposal sent right after the start must find them.
  const state = carried ?? initialJobOpeningState({ ...setup, openedOn: setup.openedOn ?? today() });
  let woken = false;

  let projection: Promise<unknown> = Promise.resolve();
  const project = (): Promise<unknown> => {
    projection = projection.then(() => projectJobOpening(jobOpeningSummary(state)));
    return projection;
  };
  /** Carries out the agenda's effects in order; a failed e-mail stays in the outbox for operators. */
  async function run(effects: JobOpeningEffect[]): Promise<void> {
    for (const e of effects) {
      if (e.type === 'project') await project();
      else {
        await sendJobOpeningMail({
          openingId: state.openingId,
          matchId: e.matchId,
          workflowId,
          idempotencyKey: `job-opening:${state.openingId}:${e.key}`,
          template: e.template,
          to: e.to,
          data: e.data,
        }).catch((err: Error) => log.warn('job opening e-mail failed', { key: e.key, template: e.template, error: err.message }));
      }
    }
  }
  const settle = async (event: JobOpeningEvent): Promise<JobOpeningSummary> => {
    const effects = applyJobOpeningEvent(state, event);
    woken = true;
    await run(effects);
    return jobOpeningSummary(state);
  };
  const validate = (event: JobOpeningEvent): void => {
    try {
      checkJobOpeningEvent(state, event);
    } catch (e) {
      throw e instanceof Refusal ? reject(REJECTION.jobOpening, e.message, e.field) : e;
    }
  };

  /** The answer reminders, taken up by a run with its first proposal since the release (ANSWER_REMINDERS). */
  const takeUpAnswerReminders = (): void => {
    if (state.answerWithinWorkingDays === undefined && patchApplies(ANSWER_REMINDERS))
      state.answerWithinWorkingDays = answerWithinWorkingDays ?? DEFAULT_ANSWER_WITHIN_WORKING_DAYS;
  };

  setHandler(jobOpeningSummaryQuery, () => jobOpeningSummary(state));
  setHandler(
    proposeMatchUpdate,
    ({ matchId, trackId }) => {
      takeUpAnswerReminders();
      return settle({ type: 'proposed', matchId, trackId, on: today() });
    },
    {
      validator: ({ matchId, trackId }) => validate({ type: 'proposed', matchId, trackId, on: today() }),
    },
  );
  setHandler(answerMatchUpdate, ({ matchId, accepted }) => settle({ type: 'answered', matchId, accepted, on: today() }), {
    validator: ({ matchId, accepted }) => validate({ type: 'answered', matchId, accepted, on: today() }),
  });
  setHandler(withdrawOpeningUpdate, () => settle({ type: 'withdrawn', on: today() }), {
    validator: () => validate({ type: 'withdrawn', on: today() }),
  });

  await project();
  while (!isClosed(state)) {
    woken = false;
    const wake = nextWakeOn(state);
    if (wake === undefined) {
      await condition(() => woken);
      continue;
    }
    // Reminders go out at nine in the morning of their working day, Copenhagen time.
    const timedOut = !(await condition(() => woken, Math.max(1, instantAt(wake) - Date.now())));
    if (timedOut) await run(applyJobOpeningEvent(state, { type: 'day', today: today() }));
  }
  await condition(allHandlersFinished);
  await projection;
  return jobOpeningSummary(state);
}
