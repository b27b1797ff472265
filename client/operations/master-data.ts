// Shared master data — municipalities, employment actors, companies — as a cohort file meets what
// PostgreSQL holds. Rows are keyed by business keys (code, actor id, CVR) and shared between cohorts,
// so a file that disagrees with a stored row would change the running cohorts that use it.
//
// The rule: a row used by a cohort of another programme belongs to that programme. A file that
// disagrees with such a row (another name, contact, address list, role, or closing days the row does
// not hold) is refused, naming the field; nothing is written. A row used only by the uploader's own
// programme's cohorts (or by none) is updated, and every update is written to the audit log with the
// fields it changed. Who may upload at all is the programme's coordinator (checked before, in scope.ts).
import type { CohortFile } from '../../domain/cohort-file.js';
import type { Prisma } from '../../prisma/client.js';
import { closingDaysOfRow } from '../../prisma/closing-days.js';

type Tx = Prisma.TransactionClient;

export interface MasterDataIssue {
  path: Array<string | number>;
  message: string;
}

export interface MasterDataChange {
  entity: 'Municipality' | 'EmploymentActor' | 'Company';
  id: string;
  action: 'create' | 'update' | 'unchanged';
  /** The fields an update changes (names only, never values: they may be personal). */
  fields: string[];
}

export interface MasterDataPlan {
  issues: MasterDataIssue[];
  changes: MasterDataChange[];
}

function differing(stored: Record<string, unknown>, wanted: Record<string, unknown>): string[] {
  return Object.keys(wanted).filter((k) => JSON.stringify(stored[k] ?? null) !== JSON.stringify(wanted[k] ?? null));
}

/** The company row a file's company asks for (the role decides whose own social-economy company it is). */
export function companyData(c: CohortFile['partnerships'][number]['companies'][number], employmentActorId: string) {
  return {
    name: c.name,
    contactName: c.contact.name,
    contactEmail: c.contact.email,
    extraEmails: c.extraEmails,
    socialEconomy: c.socialEconomy,
    employmentActorId: c.role === 'OWN_SOCIAL_ECONOMY' ? employmentActorId : null,
  };
}

export function actorData(ea: CohortFile['partnerships'][number]['employmentActor']) {
  return { name: ea.name, cvr: ea.cvr ?? null, contactName: ea.contact.name, contactEmail: ea.contact.email };
}

const FIELD_PATHS: Record<string, string[]> = {
  name: ['name'],
  cvr: ['cvr'],
  contactName: ['contact', 'name'],
  contactEmail: ['contact', 'email'],
  extraEmails: ['extraEmails'],
  socialEconomy: ['socialEconomy'],
  employmentActorId: ['role'],
};

/** Other programmes' cohorts using a row, as "programme (cohort)" for a message. */
function others(
  cohorts: Array<{ id: string; programmeId: string }>,
  cohortId: string,
  programmeId: string,
): Array<{ id: string; programmeId: string }> {
  return cohorts.filter((c) => c.id !== cohortId && c.programmeId !== programmeId);
}

function ownedBy(list: Array<{ id: string; programmeId: string }>): string {
  const first = list[0]!;
  return `programme ${first.programmeId} (cohort ${first.id}${list.length > 1 ? ` and ${list.length - 1} more` : ''})`;
}

/**
 * What writing the file would do to master data, and every disagreement with another programme's
 * rows. Reads only; run inside the write's transaction so the answer holds for the write.
 */
export async function planMasterData(tx: Tx, cohort: CohortFile, programmeId: string): Promise<MasterDataPlan> {
  const issues: MasterDataIssue[] = [];
  const changes: MasterDataChange[] = [];

  const codes = cohort.municipalities.map((m) => m.code);
  const [municipalities, namesTaken] = await Promise.all([
    tx.municipality.findMany({
      where: { code: { in: codes } },
      include: { cohorts: { select: { cohort: { select: { id: true, programmeId: true } } } } },
    }),
    tx.municipality.findMany({
      where: { name: { in: cohort.municipalities.map((m) => m.name) }, code: { notIn: codes } },
      select: { code: true, name: true },
    }),
  ]);
  const byCode = new Map(municipalities.map((m) => [m.code, m]));
  cohort.municipalities.forEach((m, i) => {
    const taken = namesTaken.find((t) => t.name === m.name);
    if (taken)
      issues.push({
        path: ['municipalities', i, 'name'],
        message: `${m.name} is the name of municipality ${taken.code} already; municipality ${m.code} needs its own name`,
      });
    const row = byCode.get(m.code);
    if (!row) {
      changes.push({ entity: 'Municipality', id: m.code, action: 'create', fields: [] });
      return;
    }
    const stored = closingDaysOfRow(row.closingDays);
    const added = m.closingDays.filter((d) => !stored.includes(d));
    const fields = [...(row.name !== m.name ? ['name'] : []), ...(added.length ? ['closingDays'] : [])];
    const foreign = others(
      row.cohorts.map((c) => c.cohort),
      cohort.id,
      programmeId,
    );
    if (fields.length && foreign.length) {
      if (row.name !== m.name)
        issues.push({
          path: ['municipalities', i, 'name'],
          message: `municipality ${m.code} is stored as ${row.name} and used by ${ownedBy(foreign)}: a cohort of ${programmeId} cannot rename it`,
        });
      for (const d of added) {
        issues.push({
          path: ['municipalities', i, 'closingDays', m.closingDays.indexOf(d)],
          message: `${d} is no closing day of municipality ${m.code} as stored, and the municipality is used by ${ownedBy(foreign)}: a cohort of ${programmeId} cannot add closing days to its calendar`,
        });
      }
      return;
    }
    changes.push({ entity: 'Municipality', id: m.code, action: fields.length ? 'update' : 'unchanged', fields });
  });

  const actorIds = [...new Set(cohort.partnerships.map((p) => p.employmentActor.id))];
  const actorCvrs = cohort.partnerships.flatMap((p) => (p.employmentActor.cvr ? [p.employmentActor.cvr] : []));
  const [actors, actorsByCvr] = await Promise.all([
    tx.employmentActor.findMany({
      where: { id: { in: actorIds } },
      include: { partnerships: { select: { cohort: { select: { id: true, programmeId: true } } } } },
    }),
    tx.employmentActor.findMany({ where: { cvr: { in: actorCvrs }, id: { notIn: actorIds } }, select: { id: true, cvr: true } }),
  ]);
  const actorById = new Map(actors.map((a) => [a.id, a]));
  const seenActors = new Set<string>();
  cohort.partnerships.forEach((p, i) => {
    const ea = p.employmentActor;
    const base = ['partnerships', i, 'employmentActor'];
    const cvrOwner = actorsByCvr.find((a) => a.cvr === ea.cvr);
    if (cvrOwner) issues.push({ path: [...base, 'cvr'], message: `CVR ${ea.cvr} is employment actor ${cvrOwner.id}'s already` });
    if (seenActors.has(ea.id)) return;
    seenActors.add(ea.id);
    const row = actorById.get(ea.id);
    if (!row) {
      changes.push({ entity: 'EmploymentActor', id: ea.id, action: 'create', fields: [] });
      return;
    }
    const fields = differing(row, actorData(ea));
    const foreign = others(
      row.partnerships.map((x) => x.cohort),
      cohort.id,
      programmeId,
    );
    if (fields.length && foreign.length) {
      for (const f of fields) {
        issues.push({
          path: [...base, ...FIELD_PATHS[f]!],
          message: `employment actor ${ea.id} is stored with another ${f} and works for ${ownedBy(foreign)}: a cohort of ${programmeId} cannot change it (use the stored details, or another id)`,
        });
      }
      return;
    }
    changes.push({ entity: 'EmploymentActor', id: ea.id, action: fields.length ? 'update' : 'unchanged', fields });
  });

  // An actor working for another programme keeps its staff: a file may name them as stored, not add or change them.
  const staffOf = new Map<string, Array<{ name: string; email: string; role: string }>>();
  for (const [i, p] of cohort.partnerships.entries()) {
    const row = actorById.get(p.employmentActor.id);
    if (!row || p.staff.length === 0) continue;
    const foreign = others(
      row.partnerships.map((x) => x.cohort),
      cohort.id,
      programmeId,
    );
    if (!foreign.length) continue;
    if (!staffOf.has(row.id))
      staffOf.set(
        row.id,
        await tx.staffMember.findMany({ where: { employmentActorId: row.id, deactivatedAt: null }, orderBy: { id: 'asc' } }),
      );
    const stored = staffOf.get(row.id)!;
    p.staff.forEach((m, j) => {
      const same = stored.find((x) => x.email.toLowerCase() === m.email.toLowerCase());
      const fields = same ? (['name', 'role'] as const).filter((f) => same[f] !== m[f]) : (['email'] as const);
      for (const f of fields)
        issues.push({
          path: ['partnerships', i, 'staff', j, f],
          message: same
            ? `${m.email} is stored with another ${f} at employment actor ${row.id}, which works for ${ownedBy(foreign)}: a cohort of ${programmeId} cannot change it`
            : `${m.email} is no staff of employment actor ${row.id}, which works for ${ownedBy(foreign)}: a cohort of ${programmeId} cannot register staff for it`,
        });
    });
  }

  const cvrs = cohort.partnerships.flatMap((p) => p.companies.map((c) => c.cvr));
  const companies = await tx.company.findMany({
    where: { cvr: { in: cvrs } },
    include: { partnerships: { select: { partnership: { select: { cohort: { select: { id: true, programmeId: true } } } } } } },
  });
  const byCvr = new Map(companies.map((c) => [c.cvr, c]));
  cohort.partnerships.forEach((p, i) =>
    p.companies.forEach((c, j) => {
      const row = byCvr.get(c.cvr);
      if (!row) {
        changes.push({ entity: 'Company', id: c.cvr, action: 'create', fields: [] });
        return;
      }
      const fields = differing(row, companyData(c, p.employmentActor.id));
      const foreign = others(
        row.partnerships.map((x) => x.partnership.cohort),
        cohort.id,
        programmeId,
      );
      if (fields.length && foreign.length) {
        for (const f of fields) {
          issues.push({
            path: ['partnerships', i, 'companies', j, ...FIELD_PATHS[f]!],
            message: `company ${c.cvr} is stored with another ${f} and takes part in ${ownedBy(foreign)}: a cohort of ${programmeId} cannot change it (use the stored details)`,
          });
        }
        return;
      }
      changes.push({ entity: 'Company', id: c.cvr, action: fields.length ? 'update' : 'unchanged', fields });
    }),
  );
  return { issues, changes };
}
