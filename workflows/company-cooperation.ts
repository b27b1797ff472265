// A company's cooperation in a partnership of a programme without an accelerator (housing job-match,
// Business Training, SIB), `cooperation-<partnershipId>-<cvr>`: the light company track. It takes the
// business events the operations tell it (an opening, a placement, a hire, a check answered, a problem
// reported or acknowledged, the end), asks the company its follow-up checks and sees that a problem
// reaches the employment actor at once and the steering contact when not acknowledged in time.
// Every decision is the agenda's (domain/company-cooperation-agenda.ts); this file wires it to
// Temporal and projects its summary into the CompanyCooperation row.
import { allHandlersFinished, condition, continueAsNew, log, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import {
  cooperationMessageUpdate,
  cooperationSummaryQuery,
  type CompanyCooperationInput,
  type CooperationSummary,
} from '../contracts/company-cooperation.js';
import { EMAIL_ACTIVITY } from '../contracts/email-activity.js';
import { reject, REJECTION } from '../contracts/rejection.js';
import { instantAt, localDateAt, type LocalDate } from '../domain/calendar.js';
import {
  applyCooperationEvent,
  checkCooperationEvent,
  cooperationSummary,
  initialCooperationState,
  isSettled,
  nextWakeOn,
  type CooperationEffect,
  type CooperationEvent,
  type CooperationMessage,
} from '../domain/company-cooperation-agenda.js';
import { Refusal } from '../domain/refusal.js';

const { projectCompanyCooperation } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const { sendCooperationMail } = proxyActivities<Activities>({ ...EMAIL_ACTIVITY });

const today = (): LocalDate => localDateAt(Date.now());

export async function companyCooperationWorkflow(input: CompanyCooperationInput): Promise<CooperationSummary> {
  const { workflowId } = workflowInfo();
  const { cohortId: _c, partnershipId: _p, companyId: _co, carried, versionFrom, first, ...setup } = input;
  // No await before the handlers are set: a message sent right after the start must find them.
  const state = carried ?? { ...initialCooperationState({ ...setup, startedOn: setup.startedOn ?? today() }), version: versionFrom ?? 0 };
  let woken = false;
  let projected = carried?.version ?? -1;

  let projection: Promise<unknown> = Promise.resolve();
  const project = (): Promise<unknown> => {
    const summary = cooperationSummary(state);
    projection = projection.then(async () => {
      await projectCompanyCooperation(summary);
      projected = Math.max(projected, summary.version);
    });
    return projection;
  };
  /** Carries out the agenda's effects in order; a failed e-mail stays in the outbox for operators. */
  async function run(effects: CooperationEffect[]): Promise<void> {
    for (const e of effects) {
      if (e.type === 'project') await project();
      else {
        const { key, template, to, checkNo, reportId, data } = e;
        await sendCooperationMail({ cooperationId: state.cooperationId, workflowId, key, template, to, checkNo, reportId, data }).catch(
          (err: Error) => log.warn('cooperation e-mail failed', { key, template, error: err.message }),
        );
      }
    }
  }
  const eventOf = (m: CooperationMessage): CooperationEvent => ({ ...m, on: today() });
  const settle = async (m: CooperationMessage): Promise<CooperationSummary> => {
    const effects = applyCooperationEvent(state, eventOf(m));
    woken = true;
    await run(effects);
    // Answered with what lists show: the projection of this change is written.
    const version = state.version;
    await condition(() => projected >= version);
    return cooperationSummary(state);
  };

  setHandler(cooperationSummaryQuery, () => cooperationSummary(state));
  setHandler(cooperationMessageUpdate, settle, {
    validator: (m) => {
      try {
        checkCooperationEvent(state, eventOf(m));
      } catch (e) {
        throw e instanceof Refusal ? reject(REJECTION.cooperation, e.message, e.field) : e;
      }
    },
  });

  if (!carried) {
    // The event that started it comes first; its projection shows both.
    let effects: CooperationEffect[] = [{ type: 'project' }];
    try {
      if (first) effects = applyCooperationEvent(state, eventOf(first));
    } catch (e) {
      // A first event the new run cannot take is left out (the operation checked it); the run starts.
      if (!(e instanceof Refusal)) throw e;
      log.warn('cooperation: first event refused', { type: first?.type, reason: e.message });
    }
    await run(effects);
  }
  while (!isSettled(state)) {
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > 2000) {
      await condition(allHandlersFinished);
      await projection;
      return await continueAsNew<typeof companyCooperationWorkflow>({ ...input, carried: state });
    }
    woken = false;
    const wake = nextWakeOn(state);
    if (wake === undefined) {
      await condition(() => woken);
      continue;
    }
    // Checks, reminders and escalations go out at nine in the morning of their working day, Copenhagen time.
    const timedOut = !(await condition(() => woken, Math.max(1, instantAt(wake) - Date.now())));
    if (timedOut) await run(applyCooperationEvent(state, { type: 'day', today: today() }));
  }
  await condition(allHandlersFinished);
  await projection;
  return cooperationSummary(state);
}
