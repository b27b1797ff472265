// The participant track: a citizen's 12 months (work-readiness training, job training in a company),
// the outcome and the retention follow-ups, as one durable workflow per enrolment. Every decision lives
// in the agenda (domain/participant-agenda.ts); this workflow only wires it to Temporal: handlers feed
// it events, its effects become activity calls, a single loop sleeps until the next task is due, and
// each run continues as new when the agenda says so (at every phase change).
import { allHandlersFinished, condition, continueAsNew, log, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { patchApplies } from './patch-steps.js';
import type { Activities } from '../activities/index.js';
import { EMAIL_ACTIVITY } from '../contracts/email-activity.js';
import { localDateAt, type LocalDate } from '../domain/calendar.js';
import { ParticipantAgenda, initialState, type ParticipantTrackEvent, type ParticipantTrackRequest } from '../domain/participant-agenda.js';
import type { ParticipantTrackEffect } from '../domain/participant-track-effects.js';
import { TRACK_PAUSE_SOURCE } from '../domain/pause.js';
import { Refusal } from '../domain/refusal.js';
import { keepSearchAttribute } from './keep-search-attributes.js';
import { projectTrack } from './participant-track-projection.js';
import {
  answerRetentionUpdate,
  assignMentorUpdate,
  dropOutUpdate,
  participantSummaryQuery,
  pauseTrackSignal,
  pauseTrackUpdate,
  placeParticipantUpdate,
  recordAttendanceUpdate,
  recordEmployerContactUpdate,
  recordTrackOutcomeUpdate,
  resumeTrackSignal,
  resumeTrackUpdate,
  tickTrainingTopicUpdate,
  transferUpdate,
  type ParticipantTrackInput,
  type TrackSummary,
} from '../contracts/participant-track.js';
import { PHASE } from '../contracts/search-attributes.js';
import { passOnRejection, reject, REJECTION } from '../contracts/rejection.js';
import { evidenceOf, reasonOf } from '../contracts/text-refs.js';

const { writeAttendance, assignParticipantMentor, placeParticipantInCompany } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: [REJECTION.participantTrack] },
});
const { recordOutcome } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 20 },
});
const { sendParticipantMail, sendParticipantDigest } = proxyActivities<Activities>({
  ...EMAIL_ACTIVITY,
});

const today = (): LocalDate => localDateAt(Date.now());

/** Passes an activity's validation rejection on to the caller of the update, unchanged. */
const rethrowRejection = passOnRejection(REJECTION.participantTrack);

/** The participant's track from enrolment to the last retention follow-up (or an early end). */
export async function participantTrackWorkflow(input: ParticipantTrackInput): Promise<TrackSummary> {
  const { workflowId, runStartTime } = workflowInfo();
  const { trackId } = input;
  const setup = { trackId, partnershipId: input.partnershipId, plan: input.plan, closingDays: input.closingDays };
  // No await before the handlers are set: an update sent right after the start must find them.
  const state = input.carried ?? initialState(setup, input.startsOn, today());
  // A patch's marker follows the phase upsert emitted before it, as it always did. The patches and
  // their plans: PARTICIPANT_PATCHES (domain/participant-agenda.ts); their steps: patch-steps.ts.
  const askPatch = (id: string) => {
    runSynchronous(agenda.takeSynchronousEffects());
    return patchApplies(id);
  };
  const agenda: ParticipantAgenda = new ParticipantAgenda(state, setup, askPatch, !input.carried);
  const begunAt = runStartTime.getTime();

  // The loop sleeps until a task is due or a handler changed the state (the agenda raises its version).
  let woken = false;
  const apply = (event: ParticipantTrackEvent): ParticipantTrackEffect[] => {
    const version = state.version;
    const effects = agenda.apply(event, today());
    if (state.version !== version) woken = true;
    return effects;
  };
  const changed = () => {
    agenda.touch();
    woken = true;
  };

  // Projections run one after another, each writing the summary as it is when it runs; an unchanged
  // summary is not written again.
  let projection: Promise<unknown> = Promise.resolve();
  let lastProjected = '';
  const project = (): Promise<unknown> => {
    projection = projection.then(async () => {
      const s = agenda.summary();
      const unversioned = JSON.stringify({ ...s, version: 0 });
      if (unversioned === lastProjected) return;
      await projectTrack(s);
      lastProjected = unversioned;
    });
    return projection;
  };

  function runSynchronous(effects: ParticipantTrackEffect[]): void {
    for (const e of effects) if (e.kind === 'phase') keepSearchAttribute(PHASE, e.phase);
  }
  /** Carries out the agenda's effects in order. A failed e-mail does not stop the track: the outbox row shows it to operators. */
  async function run(effects: ParticipantTrackEffect[]): Promise<void> {
    for (const e of effects) {
      if (e.kind === 'phase') runSynchronous([e]);
      else if (e.kind === 'project') await project();
      else if (e.kind === 'mail') {
        const { idempotencyKey, template, to, data } = e;
        await sendParticipantMail({ trackId, workflowId, idempotencyKey, template, to, data }).catch((err: Error) =>
          log.warn('track e-mail failed', { key: idempotencyKey, template, error: err.message }),
        );
      } else if (e.kind === 'digest') {
        const { idempotencyKey, to, begunOn, notices } = e;
        await sendParticipantDigest({ trackId, workflowId, idempotencyKey, to, begunOn, notices }).catch((err: Error) =>
          log.warn('track digest failed', { error: err.message }),
        );
      }
    }
  }
  const settle = async (event: ParticipantTrackEvent): Promise<TrackSummary> => {
    await run(apply(event));
    return agenda.summary();
  };
  /** An update's validator: the agenda's refusal becomes the track's rejection, naming the field. */
  const validate = (request: ParticipantTrackRequest): void => {
    try {
      agenda.check(request, today());
    } catch (e) {
      throw e instanceof Refusal ? reject(REJECTION.participantTrack, e.message, e.field) : e;
    }
  };

  // ── messages ────────────────────────────────────────────────────────────────────────────────
  setHandler(participantSummaryQuery, () => agenda.summary());
  setHandler(
    recordAttendanceUpdate,
    async ({ weekStart, hours, present, recordedBy }) => {
      const isPresent = present ?? hours > 0;
      await writeAttendance({ trackId, weekStart, hours, present: isPresent, recordedBy });
      return settle({ type: 'attendance-recorded', weekStart, hours, present: isPresent });
    },
    { validator: ({ weekStart, hours, recordedBy }) => validate({ type: 'record-attendance', weekStart, hours, recordedBy }) },
  );
  setHandler(
    assignMentorUpdate,
    async ({ staffMemberId }) => {
      await assignParticipantMentor({ trackId, staffMemberId }).catch(rethrowRejection);
      return settle({ type: 'mentor-assigned', staffMemberId });
    },
    { validator: ({ staffMemberId }) => validate({ type: 'assign-mentor', staffMemberId }) },
  );
  setHandler(tickTrainingTopicUpdate, ({ topic, done = true }) => settle({ type: 'topic-ticked', topic, done }), {
    validator: ({ topic }) => validate({ type: 'tick-topic', topic }),
  });
  setHandler(recordEmployerContactUpdate, ({ on }) => settle({ type: 'employer-contact-recorded', on }), {
    validator: ({ on }) => validate({ type: 'record-employer-contact', on }),
  });
  setHandler(
    placeParticipantUpdate,
    async ({ companyId, supportPersonId }) => {
      const placed = await placeParticipantInCompany({ trackId, companyId, supportPersonId }).catch(rethrowRejection);
      return settle({ type: 'placed', companyId, role: placed.role, supportPersonId: placed.supportPersonId });
    },
    { validator: ({ companyId }) => validate({ type: 'place', companyId }) },
  );
  setHandler(
    recordTrackOutcomeUpdate,
    async ({ kind, occurredOn, hoursPerWeek, evidenceRef, evidenceId }) => {
      const recorded = await recordOutcome({
        ...agenda.outcomeRecord(kind, occurredOn, hoursPerWeek),
        trackEndsOn: agenda.trackEndsOn(today()),
        evidenceRef,
        evidenceId,
      });
      return settle({
        type: 'outcome-recorded',
        kind,
        occurredOn,
        hoursPerWeek,
        outcomeId: recorded.outcomeId,
        amountOre: recorded.amountOre,
      });
    },
    {
      validator: ({ kind, occurredOn, hoursPerWeek, ...evidence }) =>
        validate({ type: 'record-outcome', kind, occurredOn, hoursPerWeek, evidence: evidenceOf(evidence) }),
    },
  );
  setHandler(
    answerRetentionUpdate,
    async ({ weeks, stillEmployed, evidenceRef, evidenceId }) => {
      const recorded = stillEmployed
        ? await recordOutcome({ ...agenda.retentionRecord(weeks), trackEndsOn: agenda.trackEndsOn(today()), evidenceRef, evidenceId })
        : undefined;
      return settle({ type: 'retention-answered', weeks, stillEmployed, recorded });
    },
    { validator: ({ weeks, ...evidence }) => validate({ type: 'answer-retention', weeks, evidence: evidenceOf(evidence) }) },
  );
  // Signals cannot be rejected: the agenda ignores a pause without a reason, or for an ended track.
  setHandler(pauseTrackSignal, (p) => run(apply({ type: 'paused', reason: reasonOf(p), source: p?.source ?? TRACK_PAUSE_SOURCE })));
  setHandler(resumeTrackSignal, (r) => run(apply({ type: 'resumed', source: r?.source ?? TRACK_PAUSE_SOURCE })));
  setHandler(pauseTrackUpdate, (p) => settle({ type: 'paused', reason: reasonOf(p), source: p.source ?? TRACK_PAUSE_SOURCE }), {
    validator: (p) => validate({ type: 'pause', reason: reasonOf(p) }),
  });
  setHandler(resumeTrackUpdate, ({ source }) => settle({ type: 'resumed', source: source ?? TRACK_PAUSE_SOURCE }), {
    validator: (_: unknown) => validate({ type: 'resume' }),
  });
  setHandler(dropOutUpdate, (r) => settle({ type: 'dropped-out', reason: reasonOf(r) }), {
    validator: (r) => validate({ type: 'drop-out', reason: reasonOf(r) }),
  });
  setHandler(
    transferUpdate,
    async ({ toTrackId, toPartnershipId, ...reason }) => {
      const effects = apply({ type: 'transferred', toTrackId, toPartnershipId, reason: reasonOf(reason) });
      await run(effects);
      const handOver = effects.find((e) => e.kind === 'hand-over');
      return { summary: agenda.summary(), carried: handOver!.carried };
    },
    {
      validator: ({ toTrackId, toPartnershipId, ...reason }) =>
        validate({ type: 'transfer', toTrackId, toPartnershipId, reason: reasonOf(reason) }),
    },
  );

  // ── the loop ────────────────────────────────────────────────────────────────────────────────
  keepSearchAttribute(PHASE, state.phase);
  changed();
  await project();
  while (!agenda.ended) {
    if (agenda.shouldContinueAsNew(workflowInfo())) {
      // Finish what handlers are doing, so the next run starts from settled state.
      await condition(allHandlersFinished);
      await projection;
      if (agenda.ended) break;
      await continueAsNew<typeof participantTrackWorkflow>({ ...input, startsOn: undefined, carried: state });
    }
    woken = false;
    const next = agenda.next(Date.now(), begunAt);
    if (next.kind === 'wait') {
      // Paused, or nothing ahead: only a message moves the track on.
      await condition(() => woken);
      continue;
    }
    if (next.kind === 'sleep-until') {
      await condition(() => woken, Math.max(1, next.at - Date.now()));
      continue;
    }
    if (next.kind === 'catch-up') await run(apply({ type: 'caught-up', begunAt }));
    else {
      // One task at a time: a message handled while an e-mail goes out (a pause, an end) stops the rest.
      for (const due of next.due) {
        if (agenda.ended || agenda.paused) break;
        await run(apply({ type: 'due', ...due }));
      }
    }
    changed();
    await project();
  }
  await condition(allHandlersFinished);
  await project();
  return agenda.summary();
}
