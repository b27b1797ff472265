// A municipality's closing days as the database keeps them (a `date[]` column), read in one place:
// the tracks, the camps and the cohort files all see the same sorted, distinct dates.
import { dateOfUtcMidnight, type LocalDate } from '../domain/calendar.js';
import type { Db, Prisma } from './client.js';

/** The stored column as dates, sorted, each once. */
export function closingDaysOfRow(closingDays: readonly Date[]): LocalDate[] {
  return [...new Set(closingDays.map(dateOfUtcMidnight))].sort();
}

/** Each municipality `where` selects, by code, with its closing days. */
export async function closingDaysByMunicipality(
  db: Db | Prisma.TransactionClient,
  where: Prisma.MunicipalityWhereInput,
): Promise<Map<string, LocalDate[]>> {
  const rows = await db.municipality.findMany({ where, select: { code: true, closingDays: true }, orderBy: { code: 'asc' } });
  return new Map(rows.map((r) => [r.code, closingDaysOfRow(r.closingDays)]));
}

/**
 * The closing days of every municipality `where` selects, together: one municipality's (`{ code }`),
 * a partnership's (`{ partnerships: { some: { id } } }`) or a whole cohort's, which its shared camps avoid.
 */
export async function closingDaysOf(db: Db | Prisma.TransactionClient, where: Prisma.MunicipalityWhereInput): Promise<LocalDate[]> {
  const byCode = await closingDaysByMunicipality(db, where);
  return [...new Set([...byCode.values()].flat())].sort();
}
