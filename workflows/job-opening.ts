// One company's job opening, `job-opening-<openingId>`: waits for the job consultant's proposals,
// reminds the consultant and escalates to the city's steering coordinator when none comes in time,
// mails the company each proposal with its answer links, and closes when the opening is filled or
// withdrawn. Every decision is the agenda's (domain/job-opening-agenda.ts); this file wires it to
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
import { Refusal } from '../domain/refusal.js';

const { projectJobOpening } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const { sendJobOpeningMail } = proxyActivities<Activities>({ ...EMAIL_ACTIVITY });

const today = (): LocalDate => localDateAt(Date.now());

export async function jobOpeningWorkflow(input: JobOpeningInput): Promise<JobOpeningSummary> {
  const { workflowId } = workflowInfo();
  const { cohortId: _cohortId, partnershipId: _partnershipId, carried, ...setup } = input;
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

  setHandler(jobOpeningSummaryQuery, () => jobOpeningSummary(state));
  setHandler(proposeMatchUpdate, ({ matchId, trackId }) => settle({ type: 'proposed', matchId, trackId, on: today() }), {
    validator: ({ matchId, trackId }) => validate({ type: 'proposed', matchId, trackId, on: today() }),
  });
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
