// The cohort workflow's input built from a cohort file and its programme, and the ids of its
// partnerships and participants. Pure and free of the engine's clients, so the what-if run
// (`cohort simulate`) builds the same input without loading Temporal or Prisma.
import { closingDaysOf, cohortCompanyPlan, type ClosingDays } from '../../domain/cohort-dates.js';
import type { CohortFile } from '../../domain/cohort-file.js';
import type { Programme } from '../../domain/programme.js';
import type { CohortInput } from '../../contracts/index.js';

export const partnershipIdOf = (cohortId: string, municipalityCode: string) => `${cohortId}-${municipalityCode}`;
export const participantIdOf = (cohortId: string, ref: string) => `${cohortId}-${ref}`;

/** The workflow's input: ids, dates and the plans; no names or addresses. */
export function cohortInput(
  cohort: CohortFile,
  programme: Programme,
  companyIds: Record<string, string>,
  enrolments: Array<{ trackId: string; partnershipId: string; municipalityCode: string }>,
  closing: ClosingDays = closingDaysOf(cohort),
): CohortInput {
  const closingOf = (code: string) =>
    [...closing]
      .filter(([, names]) => names.includes(cohort.municipalities.find((m) => m.code === code)?.name ?? ''))
      .map(([d]) => d)
      .sort();
  return {
    cohortId: cohort.id,
    programmeId: programme.id,
    year: cohort.year,
    participantPlan: programme.participant,
    companyPlan: cohortCompanyPlan(cohort, programme.company),
    startsOn: cohort.startsOn,
    bootCampStartOn: cohort.bootCamp?.dates[0],
    fixedCamps: cohort.camps?.map((c) => ({ id: c.id, days: c.days, date: c.date })),
    closingDays: [...closing.keys()].sort(),
    partnerships: cohort.partnerships.map((p) => ({
      partnershipId: partnershipIdOf(cohort.id, p.municipality),
      municipalityCode: p.municipality,
      closingDays: closingOf(p.municipality),
    })),
    companies: cohort.partnerships.flatMap((p) =>
      p.companies.map((c) => ({
        companyId: companyIds[c.cvr]!,
        cvr: c.cvr,
        partnershipId: partnershipIdOf(cohort.id, p.municipality),
        municipalityCode: p.municipality,
      })),
    ),
    enrolments: enrolments.map((e) => ({ ...e, startsOn: cohort.startsOn })),
  };
}
