// A company's way through the dual track (workflow id `company-<cohortId>-<cvr>`): invited to the
// boot camp, selected (or not) into the accelerator, the accelerator's camps and coaching as one child
// workflow each, social-model milestones, the anchoring checks after the accelerator and a closing
// anchoring status. Problem reports go to the employment actor's contact at once and escalate to the
// coordinator when not acknowledged in time. A pause (the company's own, or its cohort's) holds back
// the track's own reminders and escalations; the camps are the cohort's and go on.
//
// What happens when is decided by the agenda (domain/company-agenda.ts); this workflow feeds it the
// messages, carries out its effects, projects its summary, sleeps until its next task and continues
// as new at phase boundaries and with long histories.
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { patchApplies } from './patch-steps.js';
import type { ActivityOptions } from '@temporalio/common';
import type { Activities } from '../activities/index.js';
import {
  anchoringAnswerRefusal,
  carryOver,
  isFinished,
  nextWakeAt,
  pauseRefusal,
  reduceCompanyAgenda,
  resumeRefusal,
  selectionRefusal,
  shouldContinueAsNew,
  startCompanyAgenda,
  type CompanyAgenda,
  type CompanyEffect,
  type CompanyEvent,
} from '../domain/company-agenda.js';
import { TRACK_PAUSE_SOURCE } from '../domain/pause.js';
import {
  anchoringAnswerUpdate,
  companyTrackSummaryQuery,
  decideSelectionUpdate,
  milestoneDoneSignal,
  pauseCompanyTrackUpdate,
  problemAcknowledgedSignal,
  problemReportedSignal,
  resumeCompanyTrackUpdate,
  withdrawCompanySignal,
  type CompanyTrackInput,
  type CompanyTrackSummary,
} from '../contracts/company-track.js';
import { pauseTrackSignal, resumeTrackSignal } from '../contracts/pause.js';
import { PHASE } from '../contracts/search-attributes.js';
import { REJECTION } from '../contracts/rejection.js';
import { reasonOf } from '../contracts/text-refs.js';
import { companyTrackWorkflowV1 } from './company-track-v1.js';
import { effectRunner } from './company-track-effects.js';
import { keepSearchAttribute } from './keep-search-attributes.js';

const ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    maximumAttempts: 20,
    nonRetryableErrorTypes: [REJECTION.slotsExceeded],
  },
};
const { projectCompanyTrack, municipalityClosingDays, reserveAcceleratorSlot } = proxyActivities<Activities>(ACTIVITY_OPTIONS);
const local = proxyLocalActivities<Activities>(ACTIVITY_OPTIONS);

/**
 * The projection as a local activity: one marker in the history instead of an activity's three
 * events, the workflow task its completion wakes and a copy of the summary. Runs begun before keep
 * the activity. Released 2026-11-30.
 * Step 2, deprecatePatch (its id into DEPRECATED_PATCHES, workflows/patch-steps.ts): once
 * `WorkflowType = "companyTrackWorkflow" AND ExecutionStatus = "Running" AND StartTime < "2026-11-30"`
 * (`temporal workflow count --query '…'` or the Web UI's filter) finds no run (a run lasts until the
 * anchoring begins, about 14 months); the activity branch and the histories recorded before
 * (company/agenda-* without `local-projection`) go then.
 * Step 3: the call is removed once the same query with step 2's release date finds none.
 */
const LOCAL_PROJECTION = 'local-projection';

/**
 * Tracks run by the agenda: escalations are dated tasks instead of handlers waiting for days, and the
 * track continues as new. Tracks started before it (no marker in their history) run on in
 * company-track-v1.ts. Released 2026-11-30.
 * Step 2, deprecatePatch (its id into DEPRECATED_PATCHES, workflows/patch-steps.ts): once
 * `WorkflowType = "companyTrackWorkflow" AND ExecutionStatus = "Running" AND StartTime < "2026-11-30"`
 * (`temporal workflow count --query '…'` or the Web UI's filter) finds no run (a track lives about 20
 * months); company-track-v1.ts and its histories (test/histories/company/ without `agenda-`) go then.
 * Step 3: the call is removed once the same query with step 2's release date finds none.
 */
const COMPANY_AGENDA = 'company-agenda';

export async function companyTrackWorkflow(input: CompanyTrackInput): Promise<CompanyTrackSummary> {
  if (!input.carried && !patchApplies(COMPANY_AGENDA)) return companyTrackWorkflowV1(input);
  const { workflowId } = workflowInfo();
  const trackId = workflowId;
  const locale = input.locale ?? 'da';
  const ids = { trackId, workflowId, cohortId: input.cohortId, companyId: input.companyId, partnershipId: input.partnershipId };

  const { cohortId, cvr, plan, bootCampId, campIds, acceleratorStartsOn, acceleratorEndsOn } = input;
  const setup = { cohortId, cvr, plan, bootCampId, campIds, acceleratorStartsOn, acceleratorEndsOn };
  /** Undefined until the municipality's closing days are read; messages meanwhile wait in `early`. */
  let agenda: CompanyAgenda | undefined = input.carried;
  const early: CompanyEvent[] = [];
  /** The agenda as messages see it: before the start, a track just started. */
  const current = (): CompanyAgenda => agenda ?? startCompanyAgenda(setup, []).state;
  /** Effects still to carry out, in order; the loop drains them. */
  const effects: CompanyEffect[] = [];
  /** The agenda version last written to the projection (a run continued as new was projected by its predecessor). */
  let projected = input.carried?.version ?? 0;
  const dispatch = (event: CompanyEvent): void => {
    if (!agenda) return void early.push(event);
    const step = reduceCompanyAgenda(agenda, event, Date.now());
    agenda = step.state;
    effects.push(...step.effects);
  };
  const refuse = (refusal: string | undefined): void => {
    if (refusal) throw new Error(refusal);
  };
  /** Resolves once the projection shows the agenda as it is (updates answer with what lists show). */
  const projectedNow = () => condition(() => agenda !== undefined && projected >= agenda.version);

  // ---- messages: each one an event for the agenda ----
  setHandler(companyTrackSummaryQuery, () => current().summary);
  setHandler(
    decideSelectionUpdate,
    async ({ selected }) => {
      dispatch({ kind: 'selection-deciding' });
      if (selected) {
        try {
          await reserveAcceleratorSlot({ trackId, cohortId: input.cohortId, municipalityCode: input.municipalityCode });
        } catch (e) {
          dispatch({ kind: 'selection-refused' });
          // Rejects the update with the activity's reason; the track's state is unchanged.
          if (e instanceof ActivityFailure && e.cause instanceof ApplicationFailure) {
            throw ApplicationFailure.create({
              type: e.cause.type ?? 'SelectionRefused',
              message: e.cause.message,
              details: e.cause.details as unknown[] | undefined,
              nonRetryable: true,
            });
          }
          throw e;
        }
      }
      dispatch({ kind: 'selection-decided', selected });
      return { selected, phase: current().summary.phase };
    },
    { validator: ({ selected }) => refuse(selectionRefusal(current(), selected)) },
  );
  setHandler(withdrawCompanySignal, () => void dispatch({ kind: 'withdraw' }));
  // Signals cannot be refused: a pause without a reason, or of an ended track, changes nothing.
  setHandler(pauseTrackSignal, (p) => void dispatch({ kind: 'pause', source: p.source ?? TRACK_PAUSE_SOURCE, reason: reasonOf(p) ?? '' }));
  setHandler(resumeTrackSignal, (r) => void dispatch({ kind: 'resume', source: r?.source ?? TRACK_PAUSE_SOURCE }));
  // The same holds by update, for a coordinator or operator pausing this one track: answered once the
  // projection shows it, or refused.
  setHandler(
    pauseCompanyTrackUpdate,
    async (p) => {
      dispatch({ kind: 'pause', source: TRACK_PAUSE_SOURCE, reason: reasonOf(p) ?? '' });
      await projectedNow();
      return current().summary;
    },
    { validator: (p) => refuse(pauseRefusal(current(), reasonOf(p))) },
  );
  setHandler(
    resumeCompanyTrackUpdate,
    async () => {
      dispatch({ kind: 'resume', source: TRACK_PAUSE_SOURCE });
      await projectedNow();
      return current().summary;
    },
    { validator: () => refuse(resumeRefusal(current())) },
  );
  setHandler(milestoneDoneSignal, ({ milestoneId, doneOn }) => void dispatch({ kind: 'milestone-done', milestoneId, doneOn }));
  setHandler(
    anchoringAnswerUpdate,
    (answer) => {
      dispatch({ kind: 'anchoring-answer', answer });
      return current().summary;
    },
    { validator: (answer) => refuse(anchoringAnswerRefusal(current(), answer)) },
  );
  setHandler(problemReportedSignal, ({ reportId }) => void dispatch({ kind: 'problem-reported', reportId }));
  setHandler(problemAcknowledgedSignal, ({ reportId }) => void dispatch({ kind: 'problem-acknowledged', reportId }));

  if (!agenda) {
    const start = startCompanyAgenda(setup, await municipalityClosingDays(input.municipalityCode));
    agenda = start.state;
    effects.push(...start.effects);
    for (const event of early.splice(0)) dispatch(event);
  }

  // ---- effects ----
  const perform = effectRunner({ ids, input, locale, closingDays: () => current().closingDays, dispatch });
  /** Carries out the pending effects in order, then writes the summary into the track's row. */
  const carryOut = async (): Promise<void> => {
    while (effects.length > 0 || current().version > projected) {
      const effect = effects.shift();
      if (effect) {
        await perform(effect);
        continue;
      }
      const version = current().version;
      const s = current().summary;
      keepSearchAttribute(PHASE, s.phase);
      await (patchApplies(LOCAL_PROJECTION) ? local.projectCompanyTrack : projectCompanyTrack)({
        ...ids,
        phase: s.phase,
        paused: s.paused,
        nextDeadlineOn: s.nextDeadlineOn,
        nextDeadlineWhat: s.nextDeadlineWhat,
        overdueCount: s.overdueCount,
        anchoringStatus: s.anchoringStatus,
        summary: s as unknown as Record<string, unknown>,
      });
      projected = version;
    }
  };

  // ---- the loop: carry out, then sleep until the next task or message ----
  const woken = () => effects.length > 0 || current().version > projected;
  /** Lets running handlers finish, carrying out what they ask meanwhile (an update may wait for its projection). */
  const finishHandlers = async (): Promise<void> => {
    while (!allHandlersFinished()) {
      await condition(() => allHandlersFinished() || woken());
      await carryOut();
    }
  };
  for (;;) {
    await carryOut();
    if (isFinished(current())) break;
    const info = workflowInfo();
    if (shouldContinueAsNew(current(), { length: info.historyLength, suggested: info.continueAsNewSuggested })) {
      // Finish what handlers are doing and carry out every effect, so the next run starts from settled state.
      await finishHandlers();
      await carryOut();
      if (allHandlersFinished() && shouldContinueAsNew(current(), { length: info.historyLength, suggested: info.continueAsNewSuggested })) {
        return await continueAsNew<typeof companyTrackWorkflow>({ ...input, carried: carryOver(current()) });
      }
      continue;
    }
    const wakeAt = nextWakeAt(current(), Date.now());
    if (wakeAt === undefined) await condition(woken);
    else if (!(await condition(woken, Math.max(1, wakeAt - Date.now())))) dispatch({ kind: 'tick' });
  }
  await finishHandlers();
  await carryOut();
  return current().summary;
}
