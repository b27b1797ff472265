// The cohort workflow's activities: its status row, the tracks it speaks for, and camp changes for
// everyone (the camp rows are the company track's; see activities/company/camps.ts).
import type { LocalDate } from '../domain/calendar.js';
import type { Db } from '../prisma/client.js';
import { cancelCamp, CampChangeError, moveCamp, type CampView } from './company/camps.js';
import { reject, REJECTION } from '../contracts/rejection.js';

/** A coordinator's request the cohort cannot carry out; `details[0]` names the field. */
const rejectCohort = (message: string, field: string) => reject(REJECTION.cohort, message, field);

export type CohortRowStatus = 'PLANNED' | 'RUNNING' | 'PAUSED' | 'CLOSED';

export async function setCohortStatus(db: Db, input: { cohortId: string; status: CohortRowStatus }): Promise<void> {
  await db.cohort.update({ where: { id: input.cohortId }, data: { status: input.status } });
}

/**
 * Workflow ids of the cohort's participant tracks, however they were enrolled (as the cohort's
 * children or by the enrol operation directly), so pausing the cohort reaches every one.
 */
export async function listCohortParticipantTracks(db: Db, input: { cohortId: string }): Promise<string[]> {
  const rows = await db.participantTrack.findMany({
    where: { cohortId: input.cohortId },
    select: { workflowId: true },
    orderBy: { id: 'asc' },
  });
  return rows.map((r) => r.workflowId);
}

/** Moves a camp for everyone; validation problems become rejections the coordinator sees with their field. */
export async function moveCohortCamp(db: Db, input: { cohortId: string; campId: string; startsOn: LocalDate }): Promise<CampView> {
  await ownCamp(db, input.cohortId, input.campId);
  try {
    return await moveCamp(db, { campId: input.campId, startsOn: input.startsOn });
  } catch (e) {
    if (e instanceof CampChangeError) throw rejectCohort(e.message, e.field === 'startsOn' ? 'toDate' : (e.field ?? 'campId'));
    throw e;
  }
}

export async function cancelCohortCamp(db: Db, input: { cohortId: string; campId: string }): Promise<CampView> {
  await ownCamp(db, input.cohortId, input.campId);
  try {
    return await cancelCamp(db, { campId: input.campId });
  } catch (e) {
    if (e instanceof CampChangeError) throw rejectCohort(e.message, e.field ?? 'campId');
    throw e;
  }
}

async function ownCamp(db: Db, cohortId: string, campId: string): Promise<void> {
  const camp = await db.camp.findUnique({ where: { id: campId }, select: { cohortId: true } });
  if (!camp || camp.cohortId !== cohortId) throw rejectCohort(`cohort ${cohortId} has no camp ${campId}`, 'campId');
}

export function createCohortActivities(deps: { db: Db }) {
  return {
    setCohortStatus: (input: { cohortId: string; status: CohortRowStatus }) => setCohortStatus(deps.db, input),
    listCohortParticipantTracks: (input: { cohortId: string }) => listCohortParticipantTracks(deps.db, input),
    moveCohortCamp: (input: { cohortId: string; campId: string; startsOn: LocalDate }) => moveCohortCamp(deps.db, input),
    cancelCohortCamp: (input: { cohortId: string; campId: string }) => cancelCohortCamp(deps.db, input),
  };
}
