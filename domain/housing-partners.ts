// Housing job-match partners in a cohort file: per city partnership the housing associations
// (boligorganisationer) with the housing areas their residents live in and the companies that serve
// them, and the city's steering coordinator (den lokale styregruppe). Each field has an effect: the
// associations and the companies they serve are stored (an association registers openings only for
// them), the areas bound the residents' `housingArea` (named in the company's proposal mail), and the
// steering coordinator hears of openings left without a proposal. Pure.
import { z } from 'zod';
import type { Programme } from './programme.js';

const slug = z
  .string()
  .max(60, 'at most 60 characters')
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and -');
const name = z
  .string()
  .min(1)
  .max(200, 'at most 200 characters')
  .refine((s) => s.trim().length > 0, 'is blank');
const email = z.string().max(254, 'at most 254 characters').pipe(z.email('an e-mail address'));
const contact = z.object({ name, email }).strict();

export const housingAssociationSchema = z
  .object({
    id: slug,
    name,
    contact,
    /** The housing areas (boligområder) of the association whose residents the partnership serves. */
    areas: z.array(name).min(1).max(200),
    /** CVR numbers of the partnership's companies that serve the association (its suppliers). */
    companies: z
      .array(z.string().regex(/^\d{8}$/, 'a CVR number is 8 digits'))
      .max(500)
      .default([]),
  })
  .strict();

/** The city's steering coordinator: escalations of openings without a proposal go here. */
export const steeringSchema = z.object({ coordinator: contact }).strict();

export type HousingAssociationEntry = z.infer<typeof housingAssociationSchema>;

interface CohortShape {
  partnerships: Array<{
    municipality: string;
    companies: Array<{ cvr: string }>;
    housingAssociations?: HousingAssociationEntry[];
    steering?: z.infer<typeof steeringSchema>;
  }>;
  participants?: Array<{ municipality: string; housingArea?: string }>;
}

/** What a cohort file says about housing partners that its programme or its partnerships refuse. */
export function housingPartnerIssues(
  cohort: CohortShape,
  programme: Pick<Programme, 'id' | 'jobOpenings'>,
): Array<{ path: Array<string | number>; message: string }> {
  const issues: Array<{ path: Array<string | number>; message: string }> = [];
  const takesOpenings = programme.jobOpenings !== undefined;
  const noOpenings = (path: Array<string | number>, what: string) =>
    issues.push({ path, message: `programme ${programme.id} has no job openings (jobOpenings): ${what} would have no effect` });
  const seen = new Map<string, number>();
  const areasOf = new Map<string, Set<string>>();
  cohort.partnerships.forEach((p, i) => {
    if (p.steering && !takesOpenings) noOpenings(['partnerships', i, 'steering'], 'a steering coordinator');
    const cvrs = new Set(p.companies.map((c) => c.cvr));
    const areas = new Set<string>();
    (p.housingAssociations ?? []).forEach((a, j) => {
      const path = ['partnerships', i, 'housingAssociations', j];
      if (!takesOpenings && j === 0) noOpenings(['partnerships', i, 'housingAssociations'], 'housing associations');
      if (seen.has(a.id)) issues.push({ path: [...path, 'id'], message: `housing association ${a.id} is listed twice` });
      seen.set(a.id, i);
      a.areas.forEach((area) => areas.add(area.trim().toLowerCase()));
      a.companies.forEach((cvr, k) => {
        if (!cvrs.has(cvr))
          issues.push({
            path: [...path, 'companies', k],
            message: `CVR ${cvr} is no company of this partnership (list it under partnerships[${i}].companies)`,
          });
      });
    });
    areasOf.set(p.municipality, areas);
  });
  cohort.participants?.forEach((p, i) => {
    if (p.housingArea === undefined) return;
    const path = ['participants', i, 'housingArea'];
    if (!takesOpenings) return void noOpenings(path, 'a housing area');
    const areas = areasOf.get(p.municipality);
    if (!areas?.has(p.housingArea.trim().toLowerCase()))
      issues.push({
        path,
        message: `${p.housingArea} is no housing area of the associations of municipality ${p.municipality}'s partnership`,
      });
  });
  return issues;
}
