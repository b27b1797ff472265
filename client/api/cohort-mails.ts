import { campInvitationWorkflowId } from '../../contracts/workflow-ids.js';
import { Prisma, type Db } from '../../prisma/client.js';

/**
 * The e-mails of a cohort, as an SQL condition on "EmailOutbox": those its own workflow, its
 * participant and company tracks and its camp invitations sent. The participant tracks' workflow
 * ids stay in the database (thousands of them); the others are few. The dashboard counts by it and
 * the outbox list filters by it, so a figure and its list cannot disagree.
 */
export async function cohortMailCondition(db: Db, cohortId: string): Promise<Prisma.Sql> {
  const [cohort, companyTracks, invitations] = await Promise.all([
    db.cohort.findUnique({ where: { id: cohortId }, select: { workflowId: true } }),
    db.companyTrack.findMany({ where: { cohortId }, select: { workflowId: true } }),
    db.campInvitation.findMany({ where: { camp: { cohortId } }, select: { campId: true, company: { select: { cvr: true } } } }),
  ]);
  const few = [
    ...(cohort?.workflowId ? [cohort.workflowId] : []),
    ...companyTracks.map((t) => t.workflowId),
    ...invitations.map((i) => campInvitationWorkflowId(i.campId, i.company.cvr)),
  ];
  return Prisma.sql`("workflowId" IN (SELECT "workflowId" FROM "ParticipantTrack" WHERE "cohortId" = ${cohortId}) OR "workflowId" = ANY(${few}::text[]))`;
}
