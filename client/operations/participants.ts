// Operations on participant tracks, for the coordinator's CLI and the HTTP API: enrol a referred
// participant (one ParticipantTrack row and one workflow `participant-<enrolmentId>`), and send the
// track its updates. Every failure is an OperationError with a code and, for a rejected
// value, the field it concerns.
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Connection,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { localDateAt, mondayOf, parseLocalDate, utcMidnightOf, type LocalDate } from '../../domain/calendar.js';
import { programmeSchema } from '../../domain/programme.js';
import { Prisma } from '../../prisma/client.js';
import { closingDaysOf } from '../../prisma/closing-days.js';
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
  type ParticipantTrackState,
  type PlaceParticipantInput,
  type RecordAttendanceInput,
  type TrackOutcomeKind,
  type TrackSummary,
} from '../../contracts/index.js';
import { COHORT, MUNICIPALITY, PHASE, TRACK_KIND } from '../../contracts/search-attributes.js';
import { participantTrackInput, startingPhase } from '../../contracts/participant-enrolment.js';
import { startSearchAttributes } from '../search-attributes.js';
import type { OperationContext } from './context.js';
import { participantInReach, requireCohort, requireParticipantFor, requireTrack } from './scope.js';
import { withFreeText } from './free-text.js';
import { claimParticipantPlace } from './cohort-places.js';
import { OperationError } from './operation-error.js';

export interface EnrolParticipantInput {
  participantId: string;
  cohortId: string;
  partnershipId: string;
  /** Defaults to `<cohortId>-<participantId>`: enrolling the same participant in the same cohort twice is refused. */
  enrolmentId?: string;
  /** First day; today (Europe/Copenhagen) when absent. A later date waits in ENROLLED. */
  startsOn?: LocalDate;
}

export interface EnrolParticipantResult {
  trackId: string;
  workflowId: string;
  runId: string;
  startsOn: LocalDate;
}

async function planOf(ctx: OperationContext, cohortId: string) {
  const cohort = await ctx.db.cohort.findUnique({ where: { id: cohortId }, include: { programme: true } });
  if (!cohort) throw new OperationError('not-found', 'NOT_FOUND', `no cohort ${cohortId}`, 'cohortId');
  const parsed = programmeSchema.safeParse(cohort.programme.config);
  if (!parsed.success) {
    throw new OperationError(
      'invalid',
      'INVALID_PROGRAMME',
      `programme ${cohort.programmeId} of cohort ${cohortId} is not a valid programme: ${parsed.error.issues[0]?.message}`,
      'cohortId',
    );
  }
  return parsed.data.participant;
}

/** Today in Copenhagen by the operation's clock (the Temporal server's, where time is skipped), not the machine's. */
const todayOf = async (ctx: OperationContext): Promise<LocalDate> => localDateAt(await (ctx.now?.() ?? Date.now()));

async function startTrack(
  ctx: OperationContext,
  row: {
    trackId: string;
    cohortId: string;
    partnershipId: string;
    municipalityCode: string;
    startsOn?: LocalDate;
    carried?: ParticipantTrackState;
  },
  // The caller's plan when it read it already: every Prisma query is compiled anew, about a tenth of an enrolment's time.
  known?: { plan: Awaited<ReturnType<typeof planOf>> },
): Promise<{ workflowId: string; runId: string }> {
  const plan = known?.plan ?? (await planOf(ctx, row.cohortId));
  const closingDays = await closingDaysOf(ctx.db, { partnerships: { some: { id: row.partnershipId } } });
  const workflowId = participantTrackWorkflowId(row.trackId);
  const namespace = ctx.namespace ?? 'default';
  const input = participantTrackInput({
    trackId: row.trackId,
    cohortId: row.cohortId,
    partnershipId: row.partnershipId,
    municipalityCode: row.municipalityCode,
    plan,
    startsOn: row.startsOn,
    closingDays,
    carried: row.carried,
  });
  const phase = startingPhase(input, await todayOf(ctx));
  try {
    const handle = await ctx.client.workflow.start(participantTrackWorkflow, {
      taskQueue: ctx.taskQueue,
      workflowId,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [input],
      typedSearchAttributes: await startSearchAttributes(ctx.client.connection as Connection, namespace, [
        { key: COHORT, value: row.cohortId },
        { key: MUNICIPALITY, value: row.municipalityCode },
        { key: PHASE, value: phase },
        { key: TRACK_KIND, value: 'PARTICIPANT' },
      ]),
    });
    return { workflowId, runId: handle.firstExecutionRunId };
  } catch (e) {
    if (e instanceof WorkflowExecutionAlreadyStartedError) {
      throw new OperationError(
        'conflict',
        'DUPLICATE_ENROLMENT',
        `enrolment ${row.trackId} has a track already (workflow ${workflowId})`,
        'enrolmentId',
      );
    }
    throw e;
  }
}

/**
 * Enrols a referred participant into a cohort's partnership: writes the ParticipantTrack row and
 * starts its workflow. The same enrolment twice is refused with DUPLICATE_ENROLMENT, never a second track.
 */
export async function enrolParticipant(ctx: OperationContext, input: EnrolParticipantInput): Promise<EnrolParticipantResult> {
  const trackId = input.enrolmentId ?? `${input.cohortId}-${input.participantId}`;
  if (!/^[A-Za-z0-9_-]{1,120}$/.test(trackId))
    throw new OperationError('invalid', 'INVALID_INPUT', 'the enrolment id may hold letters, digits, - and _', 'enrolmentId');
  if (input.startsOn) checkDate(input.startsOn, 'startsOn');
  const startsOn = input.startsOn ?? (await todayOf(ctx));
  const [participant, partnership] = await Promise.all([
    ctx.db.participant.findUnique({ where: { id: input.participantId }, select: { id: true, erasedAt: true } }),
    ctx.db.partnership.findUnique({ where: { id: input.partnershipId } }),
  ]);
  if (!participant || participant.erasedAt || !(await participantInReach(ctx, input.participantId, 'enrol participant'))) {
    throw new OperationError('not-found', 'NOT_FOUND', `no participant ${input.participantId}`, 'participantId');
  }
  if (!partnership) throw new OperationError('not-found', 'NOT_FOUND', `no partnership ${input.partnershipId}`, 'partnershipId');
  if (partnership.cohortId !== input.cohortId) {
    throw new OperationError(
      'invalid',
      'INVALID_INPUT',
      `partnership ${input.partnershipId} belongs to cohort ${partnership.cohortId}, not ${input.cohortId}`,
      'partnershipId',
    );
  }
  await requireCohort(ctx, input.cohortId, 'enrol participant');
  await requireParticipantFor(ctx, input.participantId, partnership, 'enrol participant');
  const plan = await planOf(ctx, input.cohortId);
  const workflowId = participantTrackWorkflowId(trackId);
  try {
    await ctx.db.$transaction(async (tx) => {
      // The same enrolment again is answered DUPLICATE_ENROLMENT below, full cohort or not.
      if (!(await tx.participantTrack.findUnique({ where: { id: trackId }, select: { id: true } })))
        await claimParticipantPlace(tx, input.cohortId, 'cohortId');
      await tx.participantTrack.create({
        data: {
          id: trackId,
          participantId: input.participantId,
          cohortId: input.cohortId,
          partnershipId: input.partnershipId,
          workflowId,
          startedOn: utcMidnightOf(startsOn),
          phase: 'ENROLLED',
        },
      });
    });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') {
      throw new OperationError(
        'conflict',
        'DUPLICATE_ENROLMENT',
        `enrolment ${trackId} exists already (workflow ${workflowId})`,
        'enrolmentId',
      );
    }
    throw e;
  }
  try {
    const started = await startTrack(
      ctx,
      { trackId, cohortId: input.cohortId, partnershipId: input.partnershipId, municipalityCode: partnership.municipalityCode, startsOn },
      { plan },
    );
    return { trackId, ...started, startsOn };
  } catch (e) {
    // Without its workflow the row would block a retry of the enrolment.
    if (!(e instanceof OperationError && e.code === 'DUPLICATE_ENROLMENT'))
      await ctx.db.participantTrack.delete({ where: { id: trackId } }).catch(() => undefined);
    throw e;
  }
}

function checkDate(value: string, field: string): void {
  try {
    parseLocalDate(value);
  } catch (e) {
    throw new OperationError('invalid', 'INVALID_INPUT', (e as Error).message, field);
  }
}

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

export function placeParticipant(ctx: OperationContext, trackId: string, input: PlaceParticipantInput): Promise<TrackSummary> {
  return send(trackId, () => handleOf(ctx, trackId).executeUpdate(placeParticipantUpdate, { args: [input] }), {
    ctx,
    action: 'place participant',
  });
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
  return withTexts(
    ctx,
    await textOf(ctx, trackId, 'drop-out-reason', reason, 'reason', (reasonId) =>
      send(trackId, () => handleOf(ctx, trackId).executeUpdate(dropOutUpdate, { args: [{ reasonId }] }), { ctx, action: 'end track' }),
    ),
  );
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
  const started = await startTrack(ctx, {
    trackId: newId,
    cohortId: target.cohortId,
    partnershipId: target.id,
    municipalityCode: target.municipalityCode,
    carried,
  });
  return { from: await withTexts(ctx, summary), to: { trackId: newId, ...started } };
}
