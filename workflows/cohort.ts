// The cohort (klynge): one workflow per cohort, `cohort-<cohortId>`. It creates the shared camp
// calendar, starts one company track per company and the participant tracks of the cohort's own
// enrolments as child workflows, and speaks for all of them: pause and resume everyone (participant
// and company tracks, by the same signals), move or cancel a camp for everyone, enrol late, close.
// Children are abandoned, not terminated, when this workflow continues as new or closes: each track
// runs to its own end.
import {
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError, type SearchAttributePair } from '@temporalio/common';
import type { Activities } from '../activities/index.js';
import { patchApplies } from './patch-steps.js';
import { planCohortCamps } from '../domain/camp-plan.js';
import { holidayName, isWorkingDay, localDateAt, nextWorkingDay, parseLocalDate, type LocalDate } from '../domain/calendar.js';
import { cohortPauseSource } from '../domain/pause.js';
import {
  cancelCampUpdate,
  closeCohortUpdate,
  cohortSummaryQuery,
  enrolLateUpdate,
  moveCampUpdate,
  pauseAllSignal,
  pauseAllUpdate,
  resumeAllSignal,
  resumeAllUpdate,
  type CohortEnrolment,
  type CohortInput,
  type CohortState,
  type CohortSummary,
} from '../contracts/cohort.js';
import { campChangedSignal, type CompanyTrackInput } from '../contracts/company-track.js';
import type { ParticipantTrackInput } from '../contracts/participant-track.js';
import { pauseTrackSignal, resumeTrackSignal } from '../contracts/pause.js';
import { COHORT, MUNICIPALITY, PHASE, TRACK_KIND } from '../contracts/search-attributes.js';
import { passOnRejection, reject as rejectAs, REJECTION } from '../contracts/rejection.js';
import { reasonOf } from '../contracts/text-refs.js';
import { campInvitationWorkflowId, companyTrackWorkflowId, participantTrackWorkflowId } from '../contracts/workflow-ids.js';
import { participantTrackInput, startingPhase } from '../contracts/participant-enrolment.js';

const { setCohortStatus, listCohortParticipantTracks, ensureCohortCamps } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const { moveCohortCamp, cancelCohortCamp } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: [REJECTION.cohort] },
});

/** The workflow types of the children, by name: the cohort needs only their inputs' shapes. */
const COMPANY_TRACK_WORKFLOW = 'companyTrackWorkflow';
const PARTICIPANT_TRACK_WORKFLOW = 'participantTrackWorkflow';
const MAX_HISTORY_EVENTS = 8000;
/**
 * Cohorts paused or resumed before this change reached their participant tracks only. Released 2026-11-23.
 * Step 2, deprecatePatch (its id into DEPRECATED_PATCHES, workflows/patch-steps.ts): once
 * `WorkflowType = "cohortWorkflow" AND ExecutionStatus = "Running" AND StartTime < "2026-11-23"`
 * (`temporal workflow count --query '…'` or the Web UI's filter) finds no run; a cohort run lasts until it
 * closes or continues as new (about 20 months at most).
 * Step 3: the call and its old branch are removed once the same query with step 2's release date finds
 * none.
 */
const PAUSE_COMPANY_TRACKS = 'pause-company-tracks';
/**
 * Pause signals to the tracks carry the reason's FreeText id as `reasonId` instead of its text as `reason`
 * (the tracks take either). Released 2026-11-30.
 * Step 2, deprecatePatch (its id into DEPRECATED_PATCHES, workflows/patch-steps.ts): once
 * `WorkflowType = "cohortWorkflow" AND ExecutionStatus = "Running" AND StartTime < "2026-11-30"`
 * (`temporal workflow count --query '…'` or the Web UI's filter) finds no run; a cohort run lasts until it
 * closes or continues as new (about 20 months at most).
 * Step 3: the call and its old branch are removed once the same query with step 2's release date finds
 * none.
 */
const REASON_IDS = 'reason-ids';

/**
 * A late enrolment's track is started by the client (client/operations/enrolment.ts), as every enrolment's
 * and transfer's is; the cohort's update only adopts it (its pauses reach it; a paused cohort pauses it at
 * once). Before, the update started the track as this workflow's child. Released 2026-11-30.
 * Step 2, deprecatePatch (its id into DEPRECATED_PATCHES, workflows/patch-steps.ts): once
 * `WorkflowType = "cohortWorkflow" AND ExecutionStatus = "Running" AND StartTime < "2026-11-30"`
 * (`temporal workflow count --query '…'` or the Web UI's filter) finds no run; a cohort run lasts until it
 * closes or continues as new (about 20 months at most).
 * Step 3: the call and its old branch are removed once the same query with step 2's release date finds
 * none.
 */
const CLIENT_STARTS_LATE_TRACKS = 'client-starts-late-tracks';

const reject = (message: string, field: string) => rejectAs(REJECTION.cohort, message, field);
/** Passes an activity's rejection on to the caller of the update unchanged. */
const rethrowRejection = passOnRejection(REJECTION.cohort);

const today = (): LocalDate => localDateAt(Date.now());
const pauseSource = cohortPauseSource;

/**
 * Children started before this change carried no search attributes, so the Web UI's filters missed them.
 * Released 2026-11-30.
 * Step 2, deprecatePatch (its id into DEPRECATED_PATCHES, workflows/patch-steps.ts): once
 * `WorkflowType = "cohortWorkflow" AND ExecutionStatus = "Running" AND StartTime < "2026-11-30"`
 * (`temporal workflow count --query '…'` or the Web UI's filter) finds no run; a cohort run lasts until it
 * closes or continues as new (about 20 months at most).
 * Step 3: the call and its old branch are removed once the same query with step 2's release date finds
 * none.
 */
const CHILD_SEARCH_ATTRIBUTES = 'child-search-attributes';

/**
 * The cohort starts its children in batches of CHILD_START_BATCH at a time, many in one workflow task,
 * instead of one after the other (one workflow task each). Released 2026-11-30.
 * Step 2, deprecatePatch (its id into DEPRECATED_PATCHES, workflows/patch-steps.ts): once
 * `WorkflowType = "cohortWorkflow" AND ExecutionStatus = "Running" AND StartTime < "2026-11-30"`
 * (`temporal workflow count --query '…'` or the Web UI's filter) finds no run; a cohort run lasts until it
 * closes or continues as new (about 20 months at most).
 * Step 3: the call and its old branch are removed once the same query with step 2's release date finds
 * none.
 */
const CHILDREN_IN_BATCHES = 'children-in-batches';
/**
 * Child starts in one workflow task: under the server's buffered events per task (100 by default), and
 * 50 track inputs (a few kB each) stay far below the gRPC message and payload limits.
 */
const CHILD_START_BATCH = 50;

/**
 * Runs `start` over `items`: one at a time, or (`inBatches`) up to CHILD_START_BATCH at once. Every
 * start of a batch runs to its end before the first failure, in the order of `items`, is thrown.
 */
async function startEach<T>(items: readonly T[], inBatches: boolean, start: (item: T) => Promise<void>): Promise<void> {
  if (!inBatches) {
    for (const item of items) await start(item);
    return;
  }
  for (let i = 0; i < items.length; i += CHILD_START_BATCH) {
    const settled = await Promise.allSettled(items.slice(i, i + CHILD_START_BATCH).map(start));
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

/**
 * A track the cohort starts is findable like one started by the client: by cohort, municipality,
 * phase and kind. Only when the cohort itself was started with search attributes (the client sets
 * them when the server has them registered; the time-skipping test server has none).
 */
function childSearchAttributes(
  cohortId: string,
  kind: 'PARTICIPANT' | 'COMPANY',
  municipalityCode: string,
  phase: string,
): SearchAttributePair[] | undefined {
  if (workflowInfo().typedSearchAttributes.get(COHORT) === undefined) return undefined;
  if (!patchApplies(CHILD_SEARCH_ATTRIBUTES)) return undefined;
  return [
    { key: COHORT, value: cohortId },
    { key: MUNICIPALITY, value: municipalityCode },
    { key: PHASE, value: phase },
    { key: TRACK_KIND, value: kind },
  ];
}

export async function cohortWorkflow(input: CohortInput): Promise<CohortSummary> {
  const { cohortId } = input;
  const state: CohortState = input.carried ?? { status: 'RUNNING', camps: [], companyTracks: [], participantTracks: [], version: 0 };
  const summary = (): CohortSummary => ({ cohortId, programmeId: input.programmeId, ...state });
  const changed = () => {
    state.version++;
  };
  /** Serialises the handlers: one change to the cohort's tracks at a time. */
  let busy = false;
  const exclusive = async <T>(fn: () => Promise<T>): Promise<T> => {
    await condition(() => !busy);
    busy = true;
    try {
      return await fn();
    } finally {
      busy = false;
    }
  };
  const requireOpen = () => {
    if (state.status === 'CLOSED') throw reject(`cohort ${cohortId} is closed`, 'cohortId');
  };

  setHandler(cohortSummaryQuery, summary);

  /** Starts the participant's track; `started` (default: record it at once) records its workflow id. */
  const startParticipant = async (
    e: CohortEnrolment,
    started: (id: string) => void = (id) => void state.participantTracks.push(id),
  ): Promise<void> => {
    const workflowId = participantTrackWorkflowId(e.trackId);
    if (state.participantTracks.includes(workflowId)) return;
    const partnership = input.partnerships.find((p) => p.partnershipId === e.partnershipId);
    const trackInput = participantTrackInput({
      trackId: e.trackId,
      cohortId,
      partnershipId: e.partnershipId,
      municipalityCode: e.municipalityCode,
      plan: input.participantPlan,
      startsOn: e.startsOn ?? participantsStartOn(),
      closingDays: partnership?.closingDays ?? [],
    });
    try {
      // The phase it starts in, as the client's enrolment computes it; the track keeps it current.
      const phase = startingPhase(trackInput, today());
      await startChild(PARTICIPANT_TRACK_WORKFLOW, {
        workflowId,
        args: [trackInput],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        typedSearchAttributes: childSearchAttributes(cohortId, 'PARTICIPANT', e.municipalityCode, phase),
      });
    } catch (err) {
      // Already running (started by an earlier run of this cohort, or enrolled directly): it is ours to speak for.
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    started(workflowId);
  };

  /** A track the client started for a late enrolment or a transfer: the cohort speaks for it from now on. */
  const adopt = (workflowId: string): void => {
    if (!state.participantTracks.includes(workflowId)) state.participantTracks.push(workflowId);
  };

  /** The dual track: participants start with the accelerator; without companies, today. */
  const participantsStartOn = (): LocalDate => {
    if (input.startsOn) return input.startsOn;
    if (state.acceleratorStartsOn) return state.acceleratorStartsOn;
    return today();
  };

  /** Every participant track of the cohort: its children and those enrolled directly. */
  const allParticipantTracks = async (): Promise<string[]> => {
    const fromDb = await listCohortParticipantTracks({ cohortId });
    return [...new Set([...state.participantTracks, ...fromDb])];
  };

  const signalAll = async (workflowIds: string[], send: (id: string) => Promise<void>): Promise<number> => {
    let reached = 0;
    for (const id of workflowIds) {
      try {
        await send(id);
        reached++;
      } catch (err) {
        // A track that has ended cannot be paused or resumed any more.
        log.debug('track not reached', { workflowId: id, error: (err as Error).message });
      }
    }
    return reached;
  };

  /** The pause signal for the tracks, in the shape the running code sends (see REASON_IDS). */
  const trackPause = (reason: string) =>
    patchApplies(REASON_IDS) ? { reasonId: reason, source: pauseSource(cohortId) } : { reason, source: pauseSource(cohortId) };
  const pauseAll = (reason: string | undefined) =>
    exclusive(async () => {
      requireOpen();
      if (!reason?.trim()) throw reject('give a reason for the pause', 'reason');
      if (state.status === 'PAUSED') return summary();
      const tracks = await allParticipantTracks();
      await signalAll(tracks, (id) => getExternalWorkflowHandle(id).signal(pauseTrackSignal, trackPause(reason)));
      if (patchApplies(PAUSE_COMPANY_TRACKS)) {
        await signalAll(state.companyTracks, (id) => getExternalWorkflowHandle(id).signal(pauseTrackSignal, trackPause(reason)));
      }
      state.status = 'PAUSED';
      state.pauseReason = reason;
      await setCohortStatus({ cohortId, status: 'PAUSED' });
      changed();
      return summary();
    });

  const resumeAll = () =>
    exclusive(async () => {
      requireOpen();
      if (state.status !== 'PAUSED') return summary();
      const tracks = await allParticipantTracks();
      await signalAll(tracks, (id) => getExternalWorkflowHandle(id).signal(resumeTrackSignal, { source: pauseSource(cohortId) }));
      if (patchApplies(PAUSE_COMPANY_TRACKS)) {
        await signalAll(state.companyTracks, (id) =>
          getExternalWorkflowHandle(id).signal(resumeTrackSignal, { source: pauseSource(cohortId) }),
        );
      }
      state.status = 'RUNNING';
      delete state.pauseReason;
      await setCohortStatus({ cohortId, status: 'RUNNING' });
      changed();
      return summary();
    });

  setHandler(pauseAllUpdate, (input) => pauseAll(reasonOf(input)));
  setHandler(resumeAllUpdate, () => resumeAll());
  setHandler(pauseAllSignal, async (input) => {
    await pauseAll(reasonOf(input)).catch((e: unknown) => log.warn('pause refused', { error: (e as Error).message }));
  });
  setHandler(resumeAllSignal, async () => {
    await resumeAll().catch((e: unknown) => log.warn('resume refused', { error: (e as Error).message }));
  });

  /** Tells every company's invitation to the camp that the camp changed (it re-reads the row). */
  const tellCompanies = async (campId: string, sequence: number) => {
    await signalAll(
      input.companies.map((c) => campInvitationWorkflowId(campId, c.cvr)),
      (id) => getExternalWorkflowHandle(id).signal(campChangedSignal, { sequence }),
    );
  };

  setHandler(
    moveCampUpdate,
    ({ campId, toDate }) =>
      exclusive(async () => {
        requireOpen();
        const camp = state.camps.find((c) => c.id === campId);
        if (!camp) throw reject(`cohort ${cohortId} has no camp ${campId}`, 'campId');
        if (camp.status === 'CANCELLED') throw reject(`camp ${campId} is cancelled`, 'campId');
        if (toDate < today()) throw reject(`${toDate} has passed`, 'toDate');
        if (!isWorkingDay(toDate, input.closingDays)) {
          throw reject(
            `${toDate} is not a working day in the cohort's municipalities (next: ${nextWorkingDay(toDate, input.closingDays)})`,
            'toDate',
          );
        }
        const view = await moveCohortCamp({ cohortId, campId, startsOn: toDate }).catch(rethrowRejection);
        camp.days = view.days;
        camp.sequence = view.sequence;
        camp.status = 'MOVED';
        await tellCompanies(campId, view.sequence);
        changed();
        return summary();
      }),
    {
      validator: ({ campId, toDate }) => {
        if (!campId) throw reject('name the camp to move', 'campId');
        try {
          parseLocalDate(toDate);
        } catch {
          throw reject(`toDate must be a date of the form YYYY-MM-DD, got "${toDate}"`, 'toDate');
        }
        // A year the holiday table does not cover would fail the workflow task in the handler.
        try {
          holidayName(toDate);
        } catch (e) {
          throw reject((e as Error).message, 'toDate');
        }
      },
    },
  );

  setHandler(cancelCampUpdate, ({ campId }) =>
    exclusive(async () => {
      requireOpen();
      const camp = state.camps.find((c) => c.id === campId);
      if (!camp) throw reject(`cohort ${cohortId} has no camp ${campId}`, 'campId');
      if (camp.status === 'CANCELLED') return summary();
      const view = await cancelCohortCamp({ cohortId, campId }).catch(rethrowRejection);
      camp.status = 'CANCELLED';
      camp.sequence = view.sequence;
      await tellCompanies(campId, view.sequence);
      changed();
      return summary();
    }),
  );

  setHandler(
    enrolLateUpdate,
    (enrolment) =>
      exclusive(async () => {
        requireOpen();
        if (!input.partnerships.some((p) => p.partnershipId === enrolment.partnershipId)) {
          throw reject(`partnership ${enrolment.partnershipId} is not part of cohort ${cohortId}`, 'partnershipId');
        }
        if (patchApplies(CLIENT_STARTS_LATE_TRACKS)) adopt(participantTrackWorkflowId(enrolment.trackId));
        else await startParticipant(enrolment);
        // A participant enrolled into a paused cohort starts paused too.
        if (state.status === 'PAUSED' && state.pauseReason) {
          await signalAll([participantTrackWorkflowId(enrolment.trackId)], (id) =>
            getExternalWorkflowHandle(id).signal(pauseTrackSignal, trackPause(state.pauseReason!)),
          );
        }
        changed();
        return summary();
      }),
    {
      validator: (e) => {
        if (!e?.trackId || !/^[A-Za-z0-9_-]{1,120}$/.test(e.trackId)) throw reject('trackId may hold letters, digits, - and _', 'trackId');
        if (e.startsOn) {
          try {
            parseLocalDate(e.startsOn);
          } catch {
            throw reject(`startsOn must be a date of the form YYYY-MM-DD, got "${e.startsOn}"`, 'startsOn');
          }
        }
      },
    },
  );

  setHandler(closeCohortUpdate, () =>
    exclusive(async () => {
      if (state.status === 'CLOSED') return summary();
      // Its tracks hold the cohort's pause, which only the cohort can release: closing would strand them.
      if (state.status === 'PAUSED')
        throw reject(`cohort ${cohortId} is paused: resume it before closing it, or its tracks stay paused`, 'cohortId');
      state.status = 'CLOSED';
      state.closedOn = today();
      delete state.pauseReason;
      await setCohortStatus({ cohortId, status: 'CLOSED' });
      changed();
      return summary();
    }),
  );

  if (!input.carried) {
    await exclusive(async () => {
      const inBatches = patchApplies(CHILDREN_IN_BATCHES);
      const companyPlan = input.companyPlan;
      if (companyPlan) {
        const camps = await ensureCohortCamps({
          cohortId,
          year: input.year,
          plan: companyPlan,
          bootCampStartOn: input.bootCampStartOn,
        });
        state.acceleratorStartsOn = camps.acceleratorStartsOn;
        state.acceleratorEndsOn = camps.acceleratorEndsOn;
        // The same pure plan the activity used gives each camp's kind, number and days.
        const planned = planCohortCamps({
          cohortId,
          year: input.year,
          plan: companyPlan,
          closingDays: input.closingDays,
          bootCampStartOn: input.bootCampStartOn,
        });
        const byId = new Map([planned.bootCamp, ...planned.camps].map((c) => [c.id, c]));
        state.camps = [camps.bootCampId, ...camps.campIds].map((id) => {
          const p = byId.get(id);
          return { id, kind: p?.kind ?? 'CAMP', number: p?.number ?? 0, days: p?.days ?? [], status: 'SCHEDULED', sequence: 0 };
        });
        const started = new Set<string>();
        await startEach(input.companies, inBatches, async (c) => {
          const workflowId = companyTrackWorkflowId(cohortId, c.cvr);
          const trackInput: CompanyTrackInput = {
            cohortId,
            companyId: c.companyId,
            cvr: c.cvr,
            partnershipId: c.partnershipId,
            municipalityCode: c.municipalityCode,
            year: input.year,
            plan: companyPlan,
            bootCampId: camps.bootCampId,
            campIds: camps.campIds,
            acceleratorStartsOn: camps.acceleratorStartsOn,
            acceleratorEndsOn: camps.acceleratorEndsOn,
          };
          try {
            await startChild(COMPANY_TRACK_WORKFLOW, {
              workflowId,
              args: [trackInput],
              parentClosePolicy: ParentClosePolicy.ABANDON,
              typedSearchAttributes: childSearchAttributes(cohortId, 'COMPANY', c.municipalityCode, 'RECRUITED'),
            });
          } catch (err) {
            if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
          }
          if (inBatches) started.add(workflowId);
          else state.companyTracks.push(workflowId);
        });
        // In the order of the file, whichever start finished first.
        for (const c of input.companies) {
          const workflowId = companyTrackWorkflowId(cohortId, c.cvr);
          if (started.has(workflowId)) state.companyTracks.push(workflowId);
        }
      }
      if (inBatches) {
        // One start per track (a track listed twice is started once), recorded in the order of the file.
        const listed = new Set<string>();
        const enrolments = (input.enrolments ?? []).filter((e) => !listed.has(e.trackId) && listed.add(e.trackId));
        const started = new Set<string>();
        await startEach(enrolments, true, (e) => startParticipant(e, (id) => void started.add(id)));
        for (const e of enrolments) {
          const workflowId = participantTrackWorkflowId(e.trackId);
          if (started.has(workflowId) && !state.participantTracks.includes(workflowId)) state.participantTracks.push(workflowId);
        }
      } else for (const e of input.enrolments ?? []) await startParticipant(e);
      await setCohortStatus({ cohortId, status: 'RUNNING' });
      changed();
    });
  }

  await condition(
    () => state.status === 'CLOSED' || workflowInfo().historyLength > MAX_HISTORY_EVENTS || workflowInfo().continueAsNewSuggested,
  );
  await condition(allHandlersFinished);
  if (state.status === 'CLOSED') return summary();
  return continueAsNew<typeof cohortWorkflow>({ ...input, enrolments: [], carried: state });
}
