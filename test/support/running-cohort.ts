// The cohort workflow over a seeded cohort whose company tracks or camp invitations a test started
// itself: it runs as a cohort carried over a continue-as-new does (its camps known, no tracks to
// start), so camp moves and cancellations go through the real operation and the cohort, which tells
// every company's invitation.
import type { CohortCamps } from '../../activities/company/camps.js';
import type { Db } from '../../prisma/client.js';
import { cohortWorkflow } from '../../workflows/index.js';
import { cohortWorkflowId, type CohortInput } from '../../contracts/index.js';
import { COMPANY_PLAN, type CohortFixture } from './company-fixtures.js';
import { testProgramme } from './participant-world.js';
import type { Harness } from './temporal.js';

export async function startRunningCohort(h: Harness, db: Db, cohort: CohortFixture, camps: CohortCamps): Promise<string> {
  const rows = await db.camp.findMany({ where: { cohortId: cohort.cohortId }, orderBy: { startsAt: 'asc' } });
  const partnerships = [...new Map(cohort.companies.map((c) => [c.partnershipId, c.municipalityCode])).entries()];
  const input: CohortInput = {
    cohortId: cohort.cohortId,
    programmeId: 'growth-partnership-test',
    year: cohort.year,
    participantPlan: testProgramme().participant,
    companyPlan: COMPANY_PLAN,
    closingDays: [],
    partnerships: partnerships.map(([partnershipId, municipalityCode]) => ({ partnershipId, municipalityCode, closingDays: [] })),
    companies: cohort.companies.map((c) => ({
      companyId: c.id,
      cvr: c.cvr,
      partnershipId: c.partnershipId,
      municipalityCode: c.municipalityCode,
    })),
    carried: {
      status: 'RUNNING',
      acceleratorStartsOn: camps.acceleratorStartsOn,
      acceleratorEndsOn: camps.acceleratorEndsOn,
      camps: rows.map((r, i) => ({
        id: r.id,
        kind: r.kind,
        number: r.kind === 'BOOT_CAMP' ? 0 : i,
        days: [],
        status: 'SCHEDULED',
        sequence: r.sequence,
      })),
      companyTracks: [],
      participantTracks: [],
      version: 0,
    },
  };
  const workflowId = cohortWorkflowId(cohort.cohortId);
  await h.env.client.workflow.start(cohortWorkflow, { taskQueue: h.taskQueue, workflowId, args: [input] });
  await db.cohort.update({ where: { id: cohort.cohortId }, data: { workflowId, status: 'RUNNING' } });
  return workflowId;
}
