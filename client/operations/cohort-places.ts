// Places in a cohort, read and claimed in PostgreSQL: an enrolment (cohort start, enrol-late, enrol
// participant) claims its place in the statement that writes the track, with the cohort's row locked
// first in the same call, so two enrolments at once cannot both take the last place. The rule is domain/capacity.ts.
import { participantCapacityRefusal, PHASES_WITHOUT_PLACE, placesOf, type Places } from '../../domain/capacity.js';
import type { LocalDate } from '../../domain/calendar.js';
import type { Programme } from '../../domain/programme.js';
import { sqlPoolIfAny, type CompanyPhase, type Db, type Prisma } from '../../prisma/client.js';
import { OperationError } from './operation-error.js';

type Tx = Prisma.TransactionClient;

/** Participant places taken in the cohort: every track but those dropped out or transferred away (the insert below counts alike). */
export function participantPlacesTaken(tx: Db | Tx, cohortId: string): Promise<number> {
  return tx.participantTrack.count({ where: { cohortId, phase: { notIn: [...PHASES_WITHOUT_PLACE] } } });
}

/** A new track's row, as an enrolment writes it (phase ENROLLED). */
export interface NewParticipantTrack {
  id: string;
  participantId: string;
  cohortId: string;
  partnershipId: string;
  workflowId: string;
  startedOn: LocalDate;
}

/**
 * Locks the cohort's row until the transaction ends, so claims of its places wait for each other.
 * NO KEY UPDATE: not for the key-share lock a track row written meanwhile holds on the cohort.
 * claimPlace takes the same lock; a transaction that holds it keeps every claim of the cohort waiting.
 */
export const lockCohortPlaces = (db: Db | Tx, cohortId: string) =>
  db.$queryRaw<{ id: string }[]>`SELECT id FROM "Cohort" WHERE id = ${cohortId} FOR NO KEY UPDATE`;

/**
 * Writes the track's row when its cohort has a free place of the `planned` (none planned: always);
 * resolves to the rows written, 0 when the cohort is full. One call of the database's
 * claim_participant_place (its migration says how): the cohort's row locked, then one statement
 * counts and writes with a snapshot taken after the lock was granted, so a claim that waited for the
 * lock counts the track of the claim before it. Called outside a transaction it commits on its own,
 * one round trip holding the lock only inside the database; a transaction of several round trips
 * around it would hold the lock, and the cohort's other enrolments, across all of them.
 */
export async function claimPlace(db: Db | Tx, track: NewParticipantTrack, planned: number | undefined): Promise<number> {
  const [claim] = await db.$queryRaw<{ written: number }[]>`
    SELECT "claim_participant_place"(${track.id}, ${track.participantId}, ${track.cohortId}, ${track.partnershipId},
           ${track.workflowId}, ${track.startedOn}::date, ${planned ?? null}::int, ${[...PHASES_WITHOUT_PLACE]}::text[]) AS written`;
  return claim!.written;
}

/**
 * claimPlace on the pg pool under a client made by createDb, as a prepared statement: through
 * Prisma, the call cost the client 1.6 ms of CPU at a load near 8 (its query interpreter), on the
 * pool 0.5 ms, and every enrolment makes it. Undefined for any other client (claimPlace then).
 */
async function claimPlaceOnPool(db: Db, track: NewParticipantTrack, planned: number | undefined): Promise<number | undefined> {
  const sql = await sqlPoolIfAny(db);
  if (!sql) return undefined;
  const { rows } = await sql.query<{ written: number }>({
    name: 'claim-participant-place',
    text: `SELECT "claim_participant_place"($1, $2, $3, $4, $5, $6::date, $7::int, $8::text[]) AS written`,
    values: [
      track.id,
      track.participantId,
      track.cohortId,
      track.partnershipId,
      track.workflowId,
      track.startedOn,
      planned ?? null,
      [...PHASES_WITHOUT_PLACE],
    ],
  });
  return rows[0]!.written;
}

/**
 * Writes a new track's row into a free place of its cohort, or refuses (409 COHORT_FULL, naming
 * `field`) when the programme's `planned` capacity.participants is reached, writing nothing. Two
 * enrolments at once cannot both take the last place: the cohort's row is locked for the count and
 * the write (claimPlace). A programme that plans no places needs no lock: the row alone.
 */
export async function writeTrackInPlace(
  db: Db,
  track: NewParticipantTrack,
  programme: Pick<Programme, 'id' | 'capacity'>,
  field: string,
): Promise<void> {
  const planned = programme.capacity?.participants;
  if (((await claimPlaceOnPool(db, track, planned)) ?? (await claimPlace(db, track, planned))) > 0) return;
  // Full when the count was made; the count now only words the refusal.
  const taken = Math.max(planned ?? 0, await participantPlacesTaken(db, track.cohortId));
  const refusal = participantCapacityRefusal(programme, taken, 1)!;
  throw new OperationError('conflict', 'COHORT_FULL', `cohort ${track.cohortId} is full: ${refusal}`, field);
}

/** The cohort's places against the programme's capacity, for the report; absent where it plans none. */
export async function cohortPlaces(
  tx: Tx,
  cohortId: string,
  capacity: Programme['capacity'],
  selectedCompanyPhases: readonly CompanyPhase[],
): Promise<{ participants?: Places; companies?: Places }> {
  const out: { participants?: Places; companies?: Places } = {};
  if (capacity?.participants !== undefined) out.participants = placesOf(capacity.participants, await participantPlacesTaken(tx, cohortId));
  if (capacity?.companies !== undefined) {
    const taken = await tx.companyTrack.count({ where: { cohortId, phase: { in: [...selectedCompanyPhases] } } });
    out.companies = placesOf(capacity.companies, taken);
  }
  return out;
}
