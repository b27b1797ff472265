// Read-only listings for the coordinator's CLI: the cohorts, a cohort's companies (by CVR) and the
// tracks (the same listing the API and the console page through, client/api/track-list.ts).
import type { Db } from '../../prisma/client.js';
import { OperationError } from './operation-error.js';

export interface CohortListItem {
  id: string;
  name: string;
  year: number;
  status: string;
  programmeId: string;
  municipalities: Array<{ code: string; name: string; slots: number }>;
  participantTracks: number;
  companyTracks: number;
}

export async function listCohorts(db: Db): Promise<CohortListItem[]> {
  const cohorts = await db.cohort.findMany({
    orderBy: [{ year: 'asc' }, { id: 'asc' }],
    include: {
      municipalities: { include: { municipality: { select: { name: true } } }, orderBy: { municipalityCode: 'asc' } },
      _count: { select: { participantTracks: true, companyTracks: true } },
    },
  });
  return cohorts.map((c) => ({
    id: c.id,
    name: c.name,
    year: c.year,
    status: c.status,
    programmeId: c.programmeId,
    municipalities: c.municipalities.map((m) => ({ code: m.municipalityCode, name: m.municipality.name, slots: m.slots })),
    participantTracks: c._count.participantTracks,
    companyTracks: c._count.companyTracks,
  }));
}

export interface CompanyListItem {
  cvr: string;
  name: string;
  municipalityCode: string;
  municipalityName: string;
  role: string;
  contactName: string;
  contactEmail: string;
  /** The company's track in the cohort, when started. */
  trackId: string | null;
  phase: string | null;
}

/** The companies of a cohort's partnerships, by municipality and name. */
export async function listCompanies(db: Db, cohortId: string): Promise<CompanyListItem[]> {
  const cohort = await db.cohort.findUnique({ where: { id: cohortId }, select: { id: true } });
  if (!cohort) throw new OperationError('not-found', 'COHORT_NOT_FOUND', `no cohort with id ${cohortId} (see \`cohort list\`)`, 'cohort');
  const rows = await db.partnershipCompany.findMany({
    where: { partnership: { cohortId } },
    include: {
      company: { include: { companyTracks: { where: { cohortId }, select: { id: true, phase: true } } } },
      partnership: { include: { municipality: { select: { name: true } } } },
    },
  });
  return rows
    .map((r) => ({
      cvr: r.company.cvr,
      name: r.company.name,
      municipalityCode: r.partnership.municipalityCode,
      municipalityName: r.partnership.municipality.name,
      role: r.role,
      contactName: r.company.contactName,
      contactEmail: r.company.contactEmail,
      trackId: r.company.companyTracks[0]?.id ?? null,
      phase: r.company.companyTracks[0]?.phase ?? null,
    }))
    .sort((a, b) => a.municipalityName.localeCompare(b.municipalityName, 'da') || a.name.localeCompare(b.name, 'da'));
}
