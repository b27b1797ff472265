// Writes a cohort file's housing partners (domain/housing-partners.ts): each partnership's steering
// coordinator, its housing associations with their areas, and the companies that serve each. Part of
// the cohort's one transaction (cohorts.ts writeCohortIn), with undo steps like every other row.
import type { CohortFile } from '../../domain/cohort-file.js';
import type { Prisma } from '../../prisma/client.js';

type UndoStep = (tx: Prisma.TransactionClient) => Promise<unknown>;

export async function writeHousingPartners(
  tx: Prisma.TransactionClient,
  cohort: CohortFile,
  partnershipIdOf: (cohortId: string, municipalityCode: string) => string,
  companyIds: Record<string, string>,
  undo: UndoStep[],
): Promise<void> {
  for (const p of cohort.partnerships) {
    const partnershipId = partnershipIdOf(cohort.id, p.municipality);
    const before = await tx.partnership.findUniqueOrThrow({ where: { id: partnershipId } });
    const steering = { steeringName: p.steering?.coordinator.name ?? null, steeringEmail: p.steering?.coordinator.email ?? null };
    if (before.steeringName !== steering.steeringName || before.steeringEmail !== steering.steeringEmail) {
      await tx.partnership.update({ where: { id: partnershipId }, data: steering });
      undo.push((t) =>
        t.partnership.update({
          where: { id: partnershipId },
          data: { steeringName: before.steeringName, steeringEmail: before.steeringEmail },
        }),
      );
    }
    for (const a of p.housingAssociations ?? []) {
      const data = { partnershipId, name: a.name, contactName: a.contact.name, contactEmail: a.contact.email, areas: a.areas };
      const row = await tx.housingAssociation.findUnique({ where: { id: a.id }, include: { companies: true } });
      if (!row) {
        await tx.housingAssociation.create({ data: { id: a.id, ...data } });
        undo.push((t) => t.housingAssociation.delete({ where: { id: a.id } }));
      } else {
        await tx.housingAssociation.update({ where: { id: a.id }, data });
        const { partnershipId: was, name, contactName, contactEmail, areas } = row;
        undo.push((t) =>
          t.housingAssociation.update({ where: { id: a.id }, data: { partnershipId: was, name, contactName, contactEmail, areas } }),
        );
      }
      // The companies that serve it are the file's list, exactly: one no longer listed is let go.
      const wanted = new Set(a.companies.map((cvr) => companyIds[cvr]!));
      const had = new Set((row?.companies ?? []).map((c) => c.companyId));
      for (const companyId of wanted) {
        if (had.has(companyId)) continue;
        await tx.housingAssociationCompany.create({ data: { associationId: a.id, companyId } });
        undo.push((t) => t.housingAssociationCompany.delete({ where: { associationId_companyId: { associationId: a.id, companyId } } }));
      }
      for (const companyId of had) {
        if (wanted.has(companyId)) continue;
        await tx.housingAssociationCompany.delete({ where: { associationId_companyId: { associationId: a.id, companyId } } });
        undo.push((t) => t.housingAssociationCompany.create({ data: { associationId: a.id, companyId } }));
      }
    }
  }
}
