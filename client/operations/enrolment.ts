// Enrolling a participant: the one operation behind `enrol participant` and `cohort enrol-late` (CLI),
// POST /api/tracks/participant and POST /api/cohorts/{cohortId}/enrolments (API), and the start of
// the new track of a transfer. The track's row and place are written in PostgreSQL, its workflow
// `participant-<enrolmentId>` is started here, and a running cohort is told of it.
//
// Why the client starts the track, and not the cohort workflow as its child: the place is claimed in
// the transaction that writes the row (cohort-places.ts), the same for every door, so the workflow
// must start after that transaction whatever the cohort's state; a cohort's workflow is not always
// there to start it (a cohort written but not started, a closed one, a transfer's carried progress).
// The running cohort is told afterwards (enrolLateUpdate), serialised with its pause and resume, so a
// track enrolled into a paused cohort starts paused and a pause under way cannot miss it.
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Connection,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { localDateAt, utcMidnightOf, type LocalDate } from '../../domain/calendar.js';
import { programmeSchema, type Programme } from '../../domain/programme.js';
import { Prisma, sqlPoolIfAny, type CohortStatus } from '../../prisma/client.js';
import { closingDaysOf } from '../../prisma/closing-days.js';
import type { cohortWorkflow } from '../../workflows/index.js';
import { participantTrackWorkflow } from '../../workflows/index.js';
import {
  COHORT_REJECTION,
  cohortWorkflowId,
  enrolLateUpdate,
  participantTrackWorkflowId,
  type ParticipantTrackState,
} from '../../contracts/index.js';
import { COHORT, MUNICIPALITY, PHASE, TRACK_KIND } from '../../contracts/search-attributes.js';
import { participantTrackInput, startingPhase } from '../../contracts/participant-enrolment.js';
import { startSearchAttributes } from '../search-attributes.js';
import type { OperationContext } from './context.js';
import { participantInReach, requireCohort, requireParticipantFor } from './scope.js';
import { writeTrackInPlace } from './cohort-places.js';
import { dbRefusal } from './db-errors.js';
import { partnershipIdOf } from './cohorts.js';
import { OperationError } from './operation-error.js';
import { checkDate } from './date-input.js';

export interface EnrolParticipantInput {
  participantId: string;
  cohortId: string;
  /** The partnership the participant joins, by id; or give `municipalityCode`. */
  partnershipId?: string;
  /** The partnership by its municipality's code (`<cohortId>-<code>`); with `partnershipId` too, they must agree. */
  municipalityCode?: string;
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

/** Today in Copenhagen by the operation's clock (the Temporal server's, where time is skipped), not the machine's. */
export const todayOf = async (ctx: OperationContext): Promise<LocalDate> => localDateAt(await (ctx.now?.() ?? Date.now()));

interface CohortPlan {
  plan: Programme['participant'];
  status: CohortStatus;
  /** The participant places the programme plans a cohort; absent when it plans none. */
  places?: number;
}

/** The cohort's participant plan from its programme's stored configuration, or INVALID_PROGRAMME. */
function cohortPlan(
  cohortId: string,
  programmeId: string,
  status: CohortStatus,
  config: unknown,
  parsed = programmeSchema.safeParse(config),
): CohortPlan {
  if (!parsed.success) {
    throw new OperationError(
      'invalid',
      'INVALID_PROGRAMME',
      `programme ${programmeId} of cohort ${cohortId} is not a valid programme: ${parsed.error.issues[0]?.message}`,
      'cohortId',
    );
  }
  return { plan: parsed.data.participant, status, places: parsed.data.capacity?.participants };
}

async function planOf(ctx: OperationContext, cohortId: string): Promise<CohortPlan> {
  const cohort = await ctx.db.cohort.findUnique({ where: { id: cohortId }, include: { programme: true } });
  if (!cohort) throw new OperationError('not-found', 'NOT_FOUND', `no cohort ${cohortId}`, 'cohortId');
  return cohortPlan(cohortId, cohort.programmeId, cohort.status, cohort.programme.config);
}

/** The cohort's workflow runs (started, not closed): it is told of every new track of the cohort. */
const cohortRuns = (cohort: CohortPlan) => cohort.status === 'RUNNING' || cohort.status === 'PAUSED';

/**
 * Everything an enrolment reads before it writes, in one round trip: whether the participant is
 * there (and not erased), the named partnership with its municipality's closing days, the cohort and
 * its programme. Each Prisma query costs a compilation and a round trip, a joined read costs neither
 * again; under many enrolments at once, that is most of their time. Null columns stand for rows missing.
 */
interface EnrolmentFacts {
  participantErased: boolean | null;
  partnershipCohortId: string | null;
  municipalityCode: string | null;
  /** Sorted, each once, as the tracks take them (closing-days.ts). */
  closingDays: LocalDate[];
  cohortStatus: CohortStatus | null;
  programmeId: string | null;
  /** The programme's configuration, null when its hash is among those parsed already (parsedConfigs). */
  config: unknown;
  configHash: string | null;
}

/**
 * Programme configurations parsed, by the md5 of their stored text: an enrolment parses its
 * programme's only when it changed, and the read leaves out a configuration parsed already. A few
 * programmes run at once; past PARSED_CONFIGS_MAX, new ones are parsed each time. A hash once kept is
 * never dropped: a read in flight may have left its configuration out.
 */
const parsedConfigs = new Map<string, ReturnType<typeof programmeSchema.safeParse>>();
const PARSED_CONFIGS_MAX = 32;

function parsedConfig(hash: string | null, config: unknown): ReturnType<typeof programmeSchema.safeParse> {
  const known = hash === null ? undefined : parsedConfigs.get(hash);
  if (known) return known;
  const parsed = programmeSchema.safeParse(config);
  if (hash !== null && parsedConfigs.size < PARSED_CONFIGS_MAX) parsedConfigs.set(hash, parsed);
  return parsed;
}

const ENROLMENT_FACTS = `
    SELECT (SELECT "erasedAt" IS NOT NULL FROM "Participant" WHERE id = $1) AS "participantErased",
           pa."cohortId" AS "partnershipCohortId", pa."municipalityCode",
           ARRAY(SELECT DISTINCT to_char(d, 'YYYY-MM-DD') FROM unnest(m."closingDays") AS d ORDER BY 1) AS "closingDays",
           c.status::text AS "cohortStatus", c."programmeId",
           CASE WHEN md5(pr.config::text) = ANY($4::text[]) THEN NULL ELSE pr.config END AS config,
           md5(pr.config::text) AS "configHash"
      FROM (SELECT 1) AS one
      LEFT JOIN "Partnership" pa ON pa.id = $2
      LEFT JOIN "Municipality" m ON m.code = pa."municipalityCode"
      LEFT JOIN "Cohort" c ON c.id = $3
      LEFT JOIN "Programme" pr ON pr.id = c."programmeId"`;

/**
 * The read on the pg pool under a client made by createDb, as a prepared statement: through Prisma
 * it cost the client 1.5 ms of CPU at a load near 8 (its query interpreter), on the pool 0.35 ms.
 * Through Prisma for any other client.
 */
async function enrolmentFacts(ctx: OperationContext, participantId: string, partnershipId: string, cohortId: string) {
  const values = [participantId, partnershipId, cohortId, [...parsedConfigs.keys()]];
  const sql = await sqlPoolIfAny(ctx.db);
  const rows = sql
    ? (await sql.query<EnrolmentFacts>({ name: 'enrolment-facts', text: ENROLMENT_FACTS, values })).rows
    : await ctx.db.$queryRawUnsafe<EnrolmentFacts[]>(ENROLMENT_FACTS, ...values);
  return rows[0]!;
}

/** The partnership the input names, by id or by municipality's code; refuses a missing or contradicting name. */
function partnershipIdIn(input: EnrolParticipantInput): string {
  const byCode = input.municipalityCode === undefined ? undefined : partnershipIdOf(input.cohortId, input.municipalityCode);
  if (input.partnershipId === undefined && byCode === undefined)
    throw new OperationError('invalid', 'INVALID_INPUT', 'name the partnership: partnershipId or municipalityCode', 'partnershipId');
  if (input.partnershipId !== undefined && byCode !== undefined && input.partnershipId !== byCode)
    throw new OperationError(
      'invalid',
      'INVALID_INPUT',
      `partnership ${input.partnershipId} is not the partnership of municipality ${input.municipalityCode} (${byCode})`,
      'municipalityCode',
    );
  return input.partnershipId ?? byCode!;
}

/** The partnership read, or why it does not do: unknown, or of another cohort. */
function partnershipOf(input: EnrolParticipantInput, id: string, facts: EnrolmentFacts) {
  if (facts.partnershipCohortId === null || facts.municipalityCode === null) {
    if (input.partnershipId === undefined)
      throw new OperationError(
        'invalid',
        'INVALID_INPUT',
        `cohort ${input.cohortId} has no partnership in municipality ${input.municipalityCode}`,
        'municipalityCode',
      );
    throw new OperationError('not-found', 'NOT_FOUND', `no partnership ${input.partnershipId}`, 'partnershipId');
  }
  if (facts.partnershipCohortId !== input.cohortId) {
    throw new OperationError(
      'invalid',
      'INVALID_INPUT',
      `partnership ${id} belongs to cohort ${facts.partnershipCohortId}, not ${input.cohortId}`,
      'partnershipId',
    );
  }
  return { id, cohortId: facts.partnershipCohortId, municipalityCode: facts.municipalityCode };
}

const cohortHandle = (ctx: OperationContext, cohortId: string) =>
  ctx.client.workflow.getHandle<typeof cohortWorkflow>(cohortWorkflowId(cohortId));

/**
 * Enrols a participant (already in PostgreSQL) into a cohort's partnership: claims a place and
 * writes the ParticipantTrack row in one transaction, starts the track's workflow and tells a
 * running cohort of it. The same enrolment twice is refused with DUPLICATE_ENROLMENT, never a second
 * track; a full cohort with COHORT_FULL, a closed one with COHORT_CLOSED, each writing nothing.
 */
export async function enrolParticipant(ctx: OperationContext, input: EnrolParticipantInput): Promise<EnrolParticipantResult> {
  const trackId = input.enrolmentId ?? `${input.cohortId}-${input.participantId}`.slice(0, 120);
  if (!/^[A-Za-z0-9_-]{1,120}$/.test(trackId))
    throw new OperationError('invalid', 'INVALID_INPUT', 'the enrolment id may hold letters, digits, - and _', 'enrolmentId');
  if (input.startsOn) checkDate(input.startsOn, 'startsOn');
  const partnershipId = partnershipIdIn(input);
  const facts = await enrolmentFacts(ctx, input.participantId, partnershipId, input.cohortId);
  if (facts.participantErased !== false || !(await participantInReach(ctx, input.participantId, 'enrol participant'))) {
    throw new OperationError('not-found', 'NOT_FOUND', `no participant ${input.participantId}`, 'participantId');
  }
  const partnership = partnershipOf(input, partnershipId, facts);
  await requireCohort(ctx, input.cohortId, 'enrol participant');
  await requireParticipantFor(ctx, input.participantId, partnership, 'enrol participant');
  if (facts.cohortStatus === null || facts.programmeId === null)
    throw new OperationError('not-found', 'NOT_FOUND', `no cohort ${input.cohortId}`, 'cohortId');
  const cohort = cohortPlan(
    input.cohortId,
    facts.programmeId,
    facts.cohortStatus,
    facts.config,
    parsedConfig(facts.configHash, facts.config),
  );
  if (cohort.status === 'CLOSED')
    throw new OperationError('conflict', 'COHORT_CLOSED', `cohort ${input.cohortId} is closed: it takes no more enrolments`, 'cohortId');
  const startsOn = input.startsOn ?? (await todayOf(ctx));
  const workflowId = participantTrackWorkflowId(trackId);
  const duplicate = () =>
    new OperationError('conflict', 'DUPLICATE_ENROLMENT', `enrolment ${trackId} exists already (workflow ${workflowId})`, 'enrolmentId');
  const track = {
    id: trackId,
    participantId: input.participantId,
    cohortId: input.cohortId,
    partnershipId: partnership.id,
    workflowId,
    startedOn: startsOn,
  };
  try {
    await writeTrackInPlace(ctx.db, track, { id: facts.programmeId, capacity: { participants: cohort.places } }, 'cohortId');
  } catch (e) {
    // The same enrolment again is answered DUPLICATE_ENROLMENT, full cohort or not.
    if (dbRefusal(e)?.kind === 'unique') throw duplicate();
    if (e instanceof OperationError && e.code === 'COHORT_FULL') {
      if (await ctx.db.participantTrack.findUnique({ where: { id: trackId }, select: { id: true } })) throw duplicate();
    }
    throw e;
  }
  try {
    const started = await startEnrolledTrack(
      ctx,
      { trackId, cohortId: input.cohortId, partnershipId: partnership.id, municipalityCode: partnership.municipalityCode, startsOn },
      { ...cohort, closingDays: facts.closingDays },
    );
    return { trackId, ...started, startsOn };
  } catch (e) {
    // Without its workflow the row would block a retry of the enrolment.
    if (!(e instanceof OperationError && e.code === 'DUPLICATE_ENROLMENT'))
      await ctx.db.participantTrack.delete({ where: { id: trackId } }).catch(() => undefined);
    throw e;
  }
}

export interface EnrolledTrack {
  trackId: string;
  cohortId: string;
  partnershipId: string;
  municipalityCode: string;
  startsOn?: LocalDate;
  /** A transfer's progress, carried into the new track. */
  carried?: ParticipantTrackState;
}

/**
 * Starts the workflow of a track whose row is written (an enrolment, a transfer's new track), with
 * its search attributes, and tells the cohort's workflow when it runs. `known` is the cohort and the
 * partnership's closing days as the caller read them already: every Prisma query is compiled anew.
 */
export async function startEnrolledTrack(
  ctx: OperationContext,
  row: EnrolledTrack,
  known?: CohortPlan & { closingDays: LocalDate[] },
): Promise<{ workflowId: string; runId: string }> {
  const cohort = known ?? (await planOf(ctx, row.cohortId));
  const closingDays = known?.closingDays ?? (await closingDaysOf(ctx.db, { partnerships: { some: { id: row.partnershipId } } }));
  const workflowId = participantTrackWorkflowId(row.trackId);
  const input = participantTrackInput({ ...row, plan: cohort.plan, closingDays });
  const phase = startingPhase(input, await todayOf(ctx));
  let runId: string;
  try {
    const handle = await ctx.client.workflow.start(participantTrackWorkflow, {
      taskQueue: ctx.taskQueue,
      workflowId,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [input],
      typedSearchAttributes: await startSearchAttributes(ctx.client.connection as Connection, ctx.namespace ?? 'default', [
        { key: COHORT, value: row.cohortId },
        { key: MUNICIPALITY, value: row.municipalityCode },
        { key: PHASE, value: phase },
        { key: TRACK_KIND, value: 'PARTICIPANT' },
      ]),
    });
    runId = handle.firstExecutionRunId;
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
  if (cohortRuns(cohort)) await tellCohort(ctx, row);
  return { workflowId, runId };
}

/**
 * The cohort adopts the track: its pauses reach it from now on, and a paused cohort pauses it at
 * once. A cohort whose workflow has ended (closed meanwhile) has nothing to pass on.
 */
async function tellCohort(ctx: OperationContext, row: EnrolledTrack): Promise<void> {
  try {
    await cohortHandle(ctx, row.cohortId).executeUpdate(enrolLateUpdate, {
      args: [
        {
          trackId: row.trackId,
          partnershipId: row.partnershipId,
          municipalityCode: row.municipalityCode,
          ...(row.startsOn ? { startsOn: row.startsOn } : {}),
        },
      ],
    });
  } catch (e) {
    if (e instanceof WorkflowNotFoundError) return;
    if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure && e.cause.type === COHORT_REJECTION) {
      // Closed while the track started: a closed cohort pauses nobody.
      if (String(e.cause.details?.[0] ?? '') === 'cohortId') return;
      throw new OperationError('conflict', 'COHORT_REJECTED', e.cause.message, String(e.cause.details?.[0] ?? '') || undefined);
    }
    throw e;
  }
}
