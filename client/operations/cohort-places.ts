// Places in a cohort, read and claimed in PostgreSQL: an enrolment (cohort start, enrol-late, enrol
// participant) claims its place in the same transaction that writes the track, with the cohort's row
// locked, so two enrolments at once cannot both take the last place. The rule is domain/capacity.ts.
import { participantCapacityRefusal, PHASES_WITHOUT_PLACE, placesOf, type Places } from '../../domain/capacity.js';
import { programmeSchema, type Programme } from '../../domain/programme.js';
import type { CompanyPhase, Prisma } from '../../prisma/client.js';
import { OperationError } from './operation-error.js';

type Tx = Prisma.TransactionClient;

/** Participant places taken in the cohort: every track but those dropped out or transferred away. */
export function participantPlacesTaken(tx: Tx, cohortId: string): Promise<number> {
  return tx.participantTrack.count({ where: { cohortId, phase: { notIn: [...PHASES_WITHOUT_PLACE] } } });
}

/**
 * Claims a place for a new track of the cohort, or refuses (409 COHORT_FULL, naming `field`) when
 * the programme's capacity.participants is reached. Call inside the transaction that writes the track.
 */
export async function claimParticipantPlace(tx: Tx, cohortId: string, field: string): Promise<void> {
  // The lock serialises claims on one cohort until the transaction ends. NO KEY UPDATE: claims still
  // wait for each other, but not for the key-share lock a track row written meanwhile holds on the cohort.
  const locked = await tx.$queryRaw<{ programmeId: string }[]>`SELECT "programmeId" FROM "Cohort" WHERE id = ${cohortId} FOR NO KEY UPDATE`;
  if (!locked.length) return;
  const stored = await tx.programme.findUnique({ where: { id: locked[0]!.programmeId }, select: { config: true } });
  const programme = programmeSchema.safeParse(stored?.config);
  if (!programme.success || programme.data.capacity?.participants === undefined) return;
  const refusal = participantCapacityRefusal(programme.data, await participantPlacesTaken(tx, cohortId), 1);
  if (refusal) throw new OperationError('conflict', 'COHORT_FULL', `cohort ${cohortId} is full: ${refusal}`, field);
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
