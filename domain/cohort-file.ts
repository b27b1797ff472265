// A cohort file (klynge) as data: the programme it runs, its year, the municipalities with their
// accelerator slots and the partnership in each (one employment actor, the companies), and optionally
// the participants to import. Validated with zod; schemas/cohort.schema.json is generated from this.
// Participants' personal data is imported into PostgreSQL only: workflows receive ids.
import { z } from 'zod';
import { InvalidDateError, parseLocalDate } from './calendar.js';

/** Modulus-11 check of a Danish CVR number: weights 2 7 6 5 4 3 2 1, the sum divisible by 11. */
export function isValidCvr(cvr: string): boolean {
  if (!/^[1-9]\d{7}$/.test(cvr)) return false;
  const weights = [2, 7, 6, 5, 4, 3, 2, 1];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(cvr[i]), 0);
  return sum % 11 === 0;
}

/** False only for strings of the right shape that name no day (2019-02-30); the regex reports the rest. */
function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return true;
  try {
    parseLocalDate(s);
    return true;
  } catch (e) {
    if (e instanceof InvalidDateError) return false;
    throw e;
  }
}

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and -');
export const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD')
  .refine(isCalendarDate, 'not a calendar date');

export const cvr = z
  .string()
  .regex(/^\d{8}$/, 'a CVR number is 8 digits')
  .refine((c) => !/^\d{8}$/.test(c) || isValidCvr(c), 'not a valid CVR number (the modulus-11 check fails)');

const email = z.email('an e-mail address');
const contact = z.object({ name: z.string().min(1), email }).strict();

const municipality = z
  .object({
    /** The three-digit municipality code, e.g. "621" for Kolding. */
    code: z.string().regex(/^\d{3}$/, 'a three-digit municipality code such as "621"'),
    name: z.string().min(1),
    /** Accelerator slots in this cohort. */
    slots: z.number().int().min(0),
    /** The jobcentre's own closing days beside the national holidays. */
    closingDays: z.array(localDate).default([]),
  })
  .strict();

const employmentActor = z
  .object({
    id: slug,
    name: z.string().min(1),
    cvr: cvr.optional(),
    contact,
  })
  .strict();

export const PARTNERSHIP_ROLES = ['ACCELERATOR', 'OWN_SOCIAL_ECONOMY'] as const;

const company = z
  .object({
    cvr,
    name: z.string().min(1),
    contact,
    /** Further addresses that receive camp invitations and follow-ups. */
    extraEmails: z.array(email).default([]),
    role: z.enum(PARTNERSHIP_ROLES).default('ACCELERATOR'),
    /** Participants the company can take in job training at once. */
    capacity: z.number().int().min(0).default(1),
    socialEconomy: z.boolean().default(true),
  })
  .strict();

const partnership = z
  .object({
    /** The municipality's code; it must be listed under `municipalities`. */
    municipality: z.string(),
    employmentActor,
    companies: z.array(company).default([]),
  })
  .strict();

const participant = z
  .object({
    /** A reference of the file's own, unique within it (not a CPR number). */
    ref: slug,
    givenName: z.string().min(1),
    familyName: z.string().min(1),
    cpr: z.string().regex(/^\d{6}-?\d{4}$/, 'a CPR number: 10 digits, optionally DDMMYY-XXXX').optional(),
    email: email.optional(),
    phone: z.string().optional(),
    municipality: z.string(),
    referredOn: localDate,
    /** From the referral, for the savings simulation: a category of data/benefit-rates.yaml. */
    benefitCategory: slug.optional(),
    /** Weeks on benefit before the programme; they set the state's refund step. */
    benefitWeeksBefore: z.number().int().min(0).max(2600).optional(),
  })
  .strict();

const camp = z
  .object({
    id: slug,
    title: z.string().min(1),
    /** First day; a two-day camp runs on the next working day too. */
    date: localDate,
    days: z.number().int().min(1).max(5).default(1),
    location: z.string().min(1),
  })
  .strict();

export const cohortFileSchema = z
  .object({
    id: slug,
    name: z.string().min(1),
    /** The id of a programme template (programmes/<id>.yaml). */
    programme: slug,
    year: z.number().int().min(2000).max(2100),
    /** First day of the participants' tracks; defaults to the first working day after the boot camp. */
    startsOn: localDate.optional(),
    /** The boot camp's days; absent: the programme's boot-camp month of the cohort's year is used. */
    bootCamp: z.object({ dates: z.array(localDate).min(1).max(5), location: z.string().min(1) }).strict().optional(),
    /** Shared camps fixed in advance; absent: they follow the programme's camp rhythm. */
    camps: z.array(camp).optional(),
    municipalities: z.array(municipality).min(1),
    partnerships: z.array(partnership).default([]),
    /** For import into PostgreSQL only. */
    participants: z.array(participant).optional(),
  })
  .strict()
  .superRefine((file, ctx) => {
    const codes = new Map<string, number>();
    file.municipalities.forEach((m, i) => {
      if (codes.has(m.code)) ctx.addIssue({ code: 'custom', path: ['municipalities', i, 'code'], message: `municipality ${m.code} is listed twice` });
      codes.set(m.code, i);
    });
    const withPartnership = new Set<string>();
    const cvrs = new Map<string, string>();
    file.partnerships.forEach((p, i) => {
      if (!codes.has(p.municipality)) {
        ctx.addIssue({ code: 'custom', path: ['partnerships', i, 'municipality'], message: `municipality ${p.municipality} is not listed under municipalities` });
      }
      if (withPartnership.has(p.municipality)) {
        ctx.addIssue({ code: 'custom', path: ['partnerships', i, 'municipality'], message: `municipality ${p.municipality} has more than one partnership` });
      }
      withPartnership.add(p.municipality);
      p.companies.forEach((c, j) => {
        const other = cvrs.get(c.cvr);
        if (other !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['partnerships', i, 'companies', j, 'cvr'], message: `CVR ${c.cvr} is already in the partnership of ${other}` });
        }
        cvrs.set(c.cvr, p.municipality);
      });
    });
    const refs = new Set<string>();
    const cprs = new Set<string>();
    file.participants?.forEach((p, i) => {
      if (!codes.has(p.municipality)) {
        ctx.addIssue({ code: 'custom', path: ['participants', i, 'municipality'], message: `municipality ${p.municipality} is not listed under municipalities` });
      } else if (!withPartnership.has(p.municipality)) {
        ctx.addIssue({ code: 'custom', path: ['participants', i, 'municipality'], message: `municipality ${p.municipality} has no partnership to enrol into` });
      }
      if (refs.has(p.ref)) ctx.addIssue({ code: 'custom', path: ['participants', i, 'ref'], message: `participant ${p.ref} is listed twice` });
      refs.add(p.ref);
      if (p.cpr) {
        const normalised = p.cpr.replace('-', '');
        if (cprs.has(normalised)) ctx.addIssue({ code: 'custom', path: ['participants', i, 'cpr'], message: 'this CPR number is listed twice' });
        cprs.add(normalised);
      }
    });
    const campIds = new Set<string>();
    file.camps?.forEach((c, i) => {
      if (campIds.has(c.id)) ctx.addIssue({ code: 'custom', path: ['camps', i, 'id'], message: `camp ${c.id} is listed twice` });
      campIds.add(c.id);
    });
  });

export type CohortFile = z.infer<typeof cohortFileSchema>;
export type CohortFileMunicipality = CohortFile['municipalities'][number];
export type CohortFilePartnership = CohortFile['partnerships'][number];
export type CohortFileCompany = CohortFilePartnership['companies'][number];
export type CohortFileParticipant = NonNullable<CohortFile['participants']>[number];
