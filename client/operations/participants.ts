// Operations on participant tracks, for the coordinator's CLI and the HTTP API: send a track its
// updates, and transfer a participant (the new track starts as every enrolment's does, enrolment.ts).
// Every failure is an OperationError with a code and, for a rejected value, the field it concerns.
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { mondayOf, utcMidnightOf, type LocalDate } from '../../domain/calendar.js';
import { endReasonText, freeTexts, type FreeTextKind } from '../../store/free-text.js';
import { participantTrackWorkflow } from '../../workflows/index.js';
import {
  TRACK_REJECTION,
  answerRetentionUpdate,
  participantTrackWorkflowId,
  assignMentorUpdate,
  dropOutUpdate,
  participantSummaryQuery,
  pauseTrackUpdate,
  placeParticipantUpdate,
  recordAttendanceUpdate,
  recordEmployerContactUpdate,
  recordTrackOutcomeUpdate,
  resumeTrackUpdate,
  tickTrainingTopicUpdate,
  transferUpdate,
  type PlaceParticipantInput,
  type RecordAttendanceInput,
  type TrackOutcomeKind,
  type TrackSummary,
} from '../../contracts/index.js';
import type { OperationContext } from './context.js';
import { requireCohort, requireTrack } from './scope.js';
import { withFreeText } from './free-text.js';
import { startEnrolledTrack, todayOf } from './enrolment.js';
import { OperationError } from './operation-error.js';
import { noteCooperation } from './company-cooperation.js';
import { offerFreedPlace } from './waitlist.js';

function handleOf(ctx: OperationContext, trackId: string): WorkflowHandle<typeof participantTrackWorkflow> {
  return ctx.client.workflow.getHandle<typeof participantTrackWorkflow>(participantTrackWorkflowId(trackId));
}

/** Turns the workflow's rejections into OperationErrors with their field. */
async function send<T>(trackId: string, call: () => Promise<T>, scope?: { ctx: OperationContext; action: string }): Promise<T> {
  if (scope) await requireTrack(scope.ctx, trackId, scope.action);
  try {
    return await call();
  } catch (e) {
    if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure) {
      const field = e.cause.type === TRACK_REJECTION ? String(e.cause.details?.[0] ?? '') : undefined;
      throw new OperationError('conflict', 'REJECTED', e.cause.message, field || undefined);
    }
    if (e instanceof WorkflowNotFoundError) throw new OperationError('not-found', 'NOT_FOUND', `no running track ${trackId}`, 'trackId');
    throw e;
  }
}

/**
 * The summary with the texts of its pause and end reasons: the workflow keeps their FreeText ids,
 * the caller reads the words.
 */
async function withTexts(ctx: OperationContext, summary: TrackSummary): Promise<TrackSummary> {
  const [pauseReasons, endReason] = await Promise.all([
    freeTexts(ctx.db, summary.pauseReasons),
    summary.endReason ? endReasonText(ctx.db, summary.endReason) : undefined,
  ]);
  return { ...summary, pauseReasons, ...(endReason === undefined ? {} : { endReason }) };
}

/** Stores the text of a reason or an evidence reference of this track; a refusal by the track removes it again. */
function textOf<T>(
  ctx: OperationContext,
  trackId: string,
  kind: FreeTextKind,
  text: string,
  field: string,
  call: (id: string) => Promise<T>,
): Promise<T> {
  if (typeof text !== 'string' || !text.trim()) throw new OperationError('invalid', 'INVALID_INPUT', `${field} is required`, field);
  return withFreeText(ctx.db, { kind, entity: 'ParticipantTrack', entityId: trackId, text }, call, (e) => e instanceof OperationError);
}

export async function participantSummary(ctx: OperationContext, trackId: string): Promise<TrackSummary> {
  return withTexts(ctx, await send(trackId, () => handleOf(ctx, trackId).query(participantSummaryQuery)));
}

export async function placeParticipant(ctx: OperationContext, trackId: string, input: PlaceParticipantInput): Promise<TrackSummary> {
  const summary = await send(trackId, () => handleOf(ctx, trackId).executeUpdate(placeParticipantUpdate, { args: [input] }), {
    ctx,
    action: 'place participant',
  });
  // Without an accelerator, a placement is cooperation with the company (the light company track).
  const track = await ctx.db.participantTrack.findUnique({ where: { id: trackId }, select: { cohortId: true, partnershipId: true } });
  if (track)
    await noteCooperation(ctx, { ...track, companyId: input.companyId, cause: 'PLACEMENT', message: { type: 'placement', trackId } });
  return summary;
}

/** Attendance is recorded for a week that has begun, never ahead. */
export async function recordAttendance(ctx: OperationContext, trackId: string, input: RecordAttendanceInput): Promise<TrackSummary> {
  const today = await todayOf(ctx);
  // The week's Monday decides: a date inside a begun week is left to the track to refuse as no Monday.
  const monday = (() => {
    try {
      return mondayOf(input.weekStart);
    } catch {
      return undefined; // not a date: the track refuses it, naming the field
    }
  })();
  if (monday && monday > today) {
    throw new OperationError(
      'invalid',
      'INVALID_INPUT',
      `the week of ${input.weekStart} has not started yet (today is ${today}): attendance is recorded for a week that has begun`,
      'weekStart',
    );
  }
  return send(trackId, () => handleOf(ctx, trackId).executeUpdate(recordAttendanceUpdate, { args: [input] }), {
    ctx,
    action: 'record attendance',
  });
}

export function assignMentor(ctx: OperationContext, trackId: string, staffMemberId: string): Promise<TrackSummary> {
  return send(trackId, () => handleOf(ctx, trackId).executeUpdate(assignMentorUpdate, { args: [{ staffMemberId }] }), {
    ctx,
    action: 'assign mentor',
  });
}

export function tickTrainingTopic(ctx: OperationContext, trackId: string, topic: string, done = true): Promise<TrackSummary> {
  return send(trackId, () => handleOf(ctx, trackId).executeUpdate(tickTrainingTopicUpdate, { args: [{ topic, done }] }), {
    ctx,
    action: 'tick training topic',
  });
}

export function recordEmployerContact(ctx: OperationContext, trackId: string, on: LocalDate): Promise<TrackSummary> {
  return send(trackId, () => handleOf(ctx, trackId).executeUpdate(recordEmployerContactUpdate, { args: [{ on }] }), {
    ctx,
    action: 'record employer contact',
  });
}

export interface RecordParticipantOutcomeInput {
  kind: TrackOutcomeKind;
  occurredOn: LocalDate;
  hoursPerWeek?: number;
  /** The evidence (a contract, a payslip): stored in FreeText, the track gets its id. */
  evidenceRef: string;
}

/**
 * Outcomes follow one another while the track runs. When an ended track refuses another because of
 * its phase, the refusal names the last outcome recorded rather than the phase it led to.
 */
export async function recordParticipantOutcome(
  ctx: OperationContext,
  trackId: string,
  input: RecordParticipantOutcomeInput,
): Promise<TrackSummary> {
  const { evidenceRef, ...outcome } = input;
  try {
    return withTexts(
      ctx,
      await textOf(ctx, trackId, 'outcome-evidence', evidenceRef, 'evidenceRef', (evidenceId) =>
        send(trackId, () => handleOf(ctx, trackId).executeUpdate(recordTrackOutcomeUpdate, { args: [{ ...outcome, evidenceId }] }), {
          ctx,
          action: 'record outcome',
        }),
      ),
    );
  } catch (e) {
    if (!(e instanceof OperationError && e.code === 'REJECTED' && e.field === 'phase')) throw e;
    const recorded = (await participantSummary(ctx, trackId).catch(() => undefined))?.outcomes.filter((o) => o.kind !== 'RETENTION').at(-1);
    if (!recorded) throw e;
    throw new OperationError(
      'conflict',
      'REJECTED',
      `track ${trackId} has its outcome already: ${recorded.kind} on ${recorded.occurredOn}; the track has ended`,
      'phase',
    );
  }
}

export interface AnswerRetentionRequest {
  weeks: number;
  stillEmployed: boolean;
  /** Stored in FreeText, the track gets its id. */
  evidenceRef: string;
}

export async function answerRetention(ctx: OperationContext, trackId: string, input: AnswerRetentionRequest): Promise<TrackSummary> {
  const { evidenceRef, ...answer } = input;
  return withTexts(
    ctx,
    await textOf(ctx, trackId, 'outcome-evidence', evidenceRef, 'evidenceRef', (evidenceId) =>
      send(trackId, () => handleOf(ctx, trackId).executeUpdate(answerRetentionUpdate, { args: [{ ...answer, evidenceId }] }), {
        ctx,
        action: 'answer retention follow-up',
      }),
    ),
  );
}

export async function pauseParticipant(ctx: OperationContext, trackId: string, reason: string): Promise<TrackSummary> {
  return withTexts(
    ctx,
    await textOf(ctx, trackId, 'pause-reason', reason, 'reason', (reasonId) =>
      send(trackId, () => handleOf(ctx, trackId).executeUpdate(pauseTrackUpdate, { args: [{ reasonId }] }), { ctx, action: 'pause track' }),
    ),
  );
}

export async function resumeParticipant(ctx: OperationContext, trackId: string): Promise<TrackSummary> {
  return withTexts(
    ctx,
    await send(trackId, () => handleOf(ctx, trackId).executeUpdate(resumeTrackUpdate, { args: [{}] }), { ctx, action: 'resume track' }),
  );
}

export async function dropOutParticipant(ctx: OperationContext, trackId: string, reason: string): Promise<TrackSummary> {
  const summary = await withTexts(
    ctx,
    await textOf(ctx, trackId, 'drop-out-reason', reason, 'reason', (reasonId) =>
      send(trackId, () => handleOf(ctx, trackId).executeUpdate(dropOutUpdate, { args: [{ reasonId }] }), { ctx, action: 'end track' }),
    ),
  );
  await offerToWaitlist(ctx, trackId);
  return summary;
}

/**
 * The place a track freed goes to the cohort's waitlist. The track has ended whatever happens here:
 * a failed offer leaves the list waiting for the next freed place or `waitlist offer`.
 */
async function offerToWaitlist(ctx: OperationContext, trackId: string): Promise<void> {
  await offerFreedPlace(ctx, trackId).catch(() => undefined);
}

export interface TransferParticipantInput {
  toPartnershipId: string;
  reason: string;
  /** Defaults to `<trackId>-to-<toPartnershipId>`. */
  newEnrolmentId?: string;
}

/**
 * Moves a participant to another partnership: the old track ends as TRANSFERRED (its history stays,
 * pointing at the new one) and a new track continues from its progress.
 */
export async function transferParticipant(
  ctx: OperationContext,
  trackId: string,
  input: TransferParticipantInput,
): Promise<{ from: TrackSummary; to: { trackId: string; workflowId: string; runId: string } }> {
  const old = await ctx.db.participantTrack.findUnique({ where: { id: trackId } });
  if (!old) throw new OperationError('not-found', 'NOT_FOUND', `no track ${trackId}`, 'trackId');
  const target = await ctx.db.partnership.findUnique({ where: { id: input.toPartnershipId } });
  if (!target) throw new OperationError('not-found', 'NOT_FOUND', `no partnership ${input.toPartnershipId}`, 'toPartnershipId');
  await requireTrack(ctx, trackId, 'transfer participant');
  await requireCohort(ctx, target.cohortId, 'transfer participant', 'toPartnershipId');
  const newId = input.newEnrolmentId ?? `${trackId}-to-${input.toPartnershipId}`;
  if (await ctx.db.participantTrack.findUnique({ where: { id: newId } })) {
    throw new OperationError('conflict', 'DUPLICATE_ENROLMENT', `enrolment ${newId} exists already`, 'newEnrolmentId');
  }
  const { summary, carried } = await textOf(ctx, trackId, 'transfer-reason', input.reason, 'reason', (reasonId) =>
    send(trackId, () =>
      handleOf(ctx, trackId).executeUpdate(transferUpdate, {
        args: [{ toTrackId: newId, toPartnershipId: input.toPartnershipId, reasonId }],
      }),
    ),
  );
  await ctx.db.participantTrack.create({
    data: {
      id: newId,
      participantId: old.participantId,
      cohortId: target.cohortId,
      partnershipId: target.id,
      workflowId: participantTrackWorkflowId(newId),
      startedOn: utcMidnightOf(carried.startedOn),
      phase: carried.phase,
    },
  });
  const started = await startEnrolledTrack(ctx, {
    trackId: newId,
    cohortId: target.cohortId,
    partnershipId: target.id,
    municipalityCode: target.municipalityCode,
    carried,
  });
  await offerToWaitlist(ctx, trackId);
  return { from: await withTexts(ctx, summary), to: { trackId: newId, ...started } };
}
