import type { CohortCamps } from '../../activities/company/camps.js';
import type { CompanyPlan } from '../../domain/programme.js';
import type { CompanyTrackInput } from '../../contracts/index.js';
import type { Db } from '../../prisma/client.js';

export const COMPANY_PLAN: CompanyPlan = {
  bootCamp: { month: 11, days: 2, location: 'Kolding, Eksempel Konferencecenter' },
  campReminderWorkingDays: [14, 2],
  invitationLeadWeeks: 6,
  accelerator: { length: { months: 12 }, campEveryWeeks: 7 },
  milestones: [
    { id: 'onboarding-programme', title: 'Indslusningsprogram designet', dueAfter: { months: 3 } },
    { id: 'buddy-training', title: 'Medarbejdere trænet som buddies', dueAfter: { months: 6 } },
  ],
  anchoring: { checksAtMonths: [2, 4, 6] },
  problemReportEscalationWorkingDays: 1,
};

export interface CompanyFixture {
  id: string;
  cvr: string;
  name: string;
  email: string;
  partnershipId: string;
  municipalityCode: string;
}

export interface CohortFixture {
  cohortId: string;
  year: number;
  coordinatorEmail: string;
  employmentActorEmail: string;
  companies: CompanyFixture[];
}

/**
 * A cohort of the growth-partnership programme with two municipalities (Kolding: 1 slot, Aalborg:
 * 2 slots), one employment actor each, the coordinator, and `perMunicipality` companies in each.
 */
export async function seedCohort(
  db: Db,
  opts: { cohortId: string; year: number; perMunicipality: number; cvrPrefix: string; closingDays?: string[] },
): Promise<CohortFixture> {
  const programmeId = 'growth-partnership-test';
  await db.programme.upsert({
    where: { id: programmeId },
    update: {},
    create: { id: programmeId, name: 'Vækstpartnerskaber', kind: 'DUAL_TRACK', hoursPerWeek: 10, config: { company: COMPANY_PLAN } },
  });
  await db.cohort.create({ data: { id: opts.cohortId, name: `Klynge ${opts.cohortId}`, programmeId, year: opts.year } });
  await db.staffMember.upsert({
    where: { id: 'coordinator' },
    update: {},
    create: { id: 'coordinator', name: 'Karen Koordinator', email: 'koordinator@dobbeltspor.example.dk', role: 'COORDINATOR' },
  });
  const municipalities = [
    { code: '621', name: 'Kolding', slots: 1, actor: 'ea-kolding', contact: 'kim@indslusning-kolding.example.dk' },
    { code: '851', name: 'Aalborg', slots: 2, actor: 'ea-aalborg', contact: 'eva@beskaeftigelse-aalborg.example.dk' },
  ];
  const companies: CompanyFixture[] = [];
  let n = 0;
  for (const m of municipalities) {
    await db.municipality.upsert({
      where: { code: m.code },
      update: {},
      create: { code: m.code, name: m.name, closingDays: (opts.closingDays ?? []).map((d) => new Date(`${d}T00:00:00Z`)) },
    });
    await db.cohortMunicipality.create({ data: { cohortId: opts.cohortId, municipalityCode: m.code, slots: m.slots } });
    await db.employmentActor.upsert({
      where: { id: m.actor },
      update: {},
      create: { id: m.actor, name: `Eksempel Beskæftigelse ${m.name}`, contactName: `Kontakt ${m.name}`, contactEmail: m.contact },
    });
    const partnershipId = `${opts.cohortId}-${m.code}`;
    await db.partnership.create({
      data: { id: partnershipId, cohortId: opts.cohortId, municipalityCode: m.code, employmentActorId: m.actor },
    });
    for (let i = 0; i < opts.perMunicipality; i++) {
      n++;
      const cvr = `${opts.cvrPrefix}${String(n).padStart(4, '0')}`;
      const email = `kontakt${n}@virksomhed-${cvr}.example.dk`;
      const name = `Eksempel Virksomhed ${cvr} ApS`;
      const company = await db.company.create({
        data: { cvr, name, contactName: `Kontakt ${n}`, contactEmail: email, socialEconomy: true },
      });
      await db.partnershipCompany.create({ data: { partnershipId, companyId: company.id } });
      companies.push({ id: company.id, cvr, name, email, partnershipId, municipalityCode: m.code });
    }
  }
  return {
    cohortId: opts.cohortId,
    year: opts.year,
    coordinatorEmail: 'koordinator@dobbeltspor.example.dk',
    employmentActorEmail: municipalities[0]!.contact,
    companies,
  };
}

/** A company track's input for one company of a seeded cohort and its camps. */
export function companyTrackInput(cohort: CohortFixture, camps: CohortCamps, c: CompanyFixture): CompanyTrackInput {
  return {
    cohortId: cohort.cohortId,
    companyId: c.id,
    cvr: c.cvr,
    partnershipId: c.partnershipId,
    municipalityCode: c.municipalityCode,
    year: cohort.year,
    plan: COMPANY_PLAN,
    bootCampId: camps.bootCampId,
    campIds: camps.campIds,
    acceleratorStartsOn: camps.acceleratorStartsOn,
    acceleratorEndsOn: camps.acceleratorEndsOn,
  };
}
