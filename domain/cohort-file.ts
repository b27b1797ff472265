// A cohort file (klynge) as data: the programme it runs, its year, the municipalities with their
// accelerator slots and the partnership in each (one employment actor, the companies), and optionally
// the participants to import. Validated with zod; schemas/cohort.schema.json is generated from this.
// Participants' personal data is imported into PostgreSQL only: workflows receive ids.
import { z } from 'zod';
import { InvalidDateError, isLocalDate, parseLocalDate } from './calendar.js';
import { housingAssociationSchema, steeringSchema } from './housing-partners.js';
import { dkk } from './programme.js';

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

/** Bounds that keep every value within its column and every id within the workflow ids built from it. */
export const LIMITS = {
  /** `cohort-<id>`, `<id>-<ref>` (a participant's track, at most 120) and `<id>-camp-01` stay short. */
  idLength: 60,
  refLength: 59,
  nameLength: 200,
  locationLength: 300,
  emailLength: 254,
  phoneLength: 40,
  slots: 1000,
  capacity: 1000,
  municipalities: 98,
  companiesPerPartnership: 500,
  participants: 10_000,
  closingDays: 366,
  extraEmails: 20,
  camps: 100,
  staffPerPartnership: 200,
} as const;

const slug = z
  .string()
  .max(LIMITS.idLength, `at most ${LIMITS.idLength} characters`)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and -');
/** A name or title: not empty, not blank, bounded. */
export const text = (max: number = LIMITS.nameLength) =>
  z
    .string()
    .min(1)
    .max(max, `at most ${max} characters`)
    .refine((s) => s.trim().length > 0, 'is blank');
export const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD')
  .refine(isCalendarDate, 'not a calendar date');

export const cvr = z
  .string()
  .regex(/^\d{8}$/, 'a CVR number is 8 digits')
  .refine((c) => !/^\d{8}$/.test(c) || isValidCvr(c), 'not a valid CVR number (the modulus-11 check fails)');

const email = z.string().max(LIMITS.emailLength, `at most ${LIMITS.emailLength} characters`).pipe(z.email('an e-mail address'));
const contact = z.object({ name: text(), email }).strict();

/**
 * The birth date in a CPR number (DDMMYY, the century from the seventh digit, as the CPR office
 * assigns it): false when the first six digits name no day.
 */
export function cprBirthDate(cpr: string): string | undefined {
  const m = /^(\d{2})(\d{2})(\d{2})-?(\d)\d{3}$/.exec(cpr);
  if (!m) return undefined;
  const [dd, mm, yy, c] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  const century = c <= 3 ? 1900 : c === 4 || c === 9 ? (yy <= 36 ? 2000 : 1900) : yy <= 57 ? 2000 : 1800;
  const y = century + yy;
  const date = `${y}-${m[2]}-${m[1]}`;
  return isLocalDate(date) ? date : undefined;
}

const municipality = z
  .object({
    /** The three-digit municipality code, e.g. "621" for Kolding. */
    code: z.string().regex(/^\d{3}$/, 'a three-digit municipality code such as "621"'),
    name: text(),
    /** Accelerator slots in this cohort. */
    slots: z.number().int().min(0).max(LIMITS.slots),
    /** The jobcentre's own closing days beside the national holidays. */
    closingDays: z.array(localDate).max(LIMITS.closingDays).default([]),
  })
  .strict();

const employmentActor = z
  .object({
    id: slug,
    name: text(),
    cvr: cvr.optional(),
    contact,
  })
  .strict();

export const PARTNERSHIP_ROLES = ['ACCELERATOR', 'OWN_SOCIAL_ECONOMY'] as const;

const company = z
  .object({
    cvr,
    name: text(),
    contact,
    /** Further addresses that receive camp invitations and follow-ups. */
    extraEmails: z.array(email).max(LIMITS.extraEmails).default([]),
    role: z.enum(PARTNERSHIP_ROLES).default('ACCELERATOR'),
    /** Participants the company can take in job training at once. */
    capacity: z.number().int().min(0).max(LIMITS.capacity).default(1),
    socialEconomy: z.boolean().default(true),
  })
  .strict();

/** The roles a staff member of an employment actor can have (the same as `staff add`'s). */
export const COHORT_FILE_STAFF_ROLES = ['MENTOR', 'SUPPORT_PERSON', 'STAFF', 'COORDINATOR', 'JOB_CONSULTANT'] as const;

/** A staff member of the partnership's employment actor, known by the address (one address, one person). */
const staffMember = z
  .object({
    name: text(),
    email,
    role: z.enum(COHORT_FILE_STAFF_ROLES),
  })
  .strict();

const partnership = z
  .object({
    /** The municipality's code; it must be listed under `municipalities`. */
    municipality: z.string().max(3),
    employmentActor,
    companies: z.array(company).max(LIMITS.companiesPerPartnership).default([]),
    /** The employment actor's staff: registered on start, updated by address when the file is started again. */
    staff: z.array(staffMember).max(LIMITS.staffPerPartnership).default([]),
    /** Housing job-match: the housing associations of the city, their areas and the companies that serve them. */
    housingAssociations: z.array(housingAssociationSchema).max(LIMITS.companiesPerPartnership).optional(),
    /** Housing job-match: the city's steering coordinator. */
    steering: steeringSchema.optional(),
  })
  .strict();

const participant = z
  .object({
    /** A reference of the file's own, unique within it (not a CPR number). */
    ref: slug.max(LIMITS.refLength, `at most ${LIMITS.refLength} characters`),
    givenName: text(),
    familyName: text(),
    cpr: z
      .string()
      .regex(/^\d{6}-?\d{4}$/, 'a CPR number: 10 digits, optionally DDMMYY-XXXX')
      .refine(
        (c) => !/^\d{6}-?\d{4}$/.test(c) || cprBirthDate(c) !== undefined,
        'not a CPR number: its first six digits (DDMMYY) are no date',
      )
      .optional(),
    email: email.optional(),
    phone: z
      .string()
      .max(LIMITS.phoneLength, `at most ${LIMITS.phoneLength} characters`)
      .regex(/^[+0-9 ()-]*$/, 'digits, spaces, +, - and parentheses')
      .optional(),
    municipality: z.string().max(3),
    referredOn: localDate,
    /** From the referral, for the savings simulation: a category of data/benefit-rates.yaml. */
    benefitCategory: slug.optional(),
    /** Weeks on benefit before the programme; they set the state's refund step. */
    benefitWeeksBefore: z.number().int().min(0).max(2600).optional(),
    /** Housing job-match: the housing area the resident lives in, one of its partnership's associations'. */
    housingArea: text().optional(),
  })
  .strict();

/** A referral registered on its own (`participant register`): a cohort file's participant without its file-local ref. */
export const participantReferralSchema = participant.omit({ ref: true });

const camp = z
  .object({
    id: slug,
    title: text(),
    /** First day, a working day; a camp of more days runs on the working days after it. */
    date: localDate,
    days: z.number().int().min(1).max(5).default(1),
    location: text(LIMITS.locationLength),
  })
  .strict();

export const cohortFileSchema = z
  .object({
    id: slug,
    name: text(),
    /** The id of a programme template (programmes/<id>.yaml). */
    programme: slug,
    year: z.number().int().min(2000).max(2100),
    /** First day of the participants' tracks; defaults to the first working day after the boot camp. */
    startsOn: localDate.optional(),
    /** The boot camp's days; absent: the programme's boot-camp month of the cohort's year is used. */
    /** Consecutive working days in the cohort's year, in order; where every camp of the cohort is held unless a camp says otherwise. */
    bootCamp: z
      .object({ dates: z.array(localDate).min(1).max(5), location: text(LIMITS.locationLength) })
      .strict()
      .optional(),
    /** Shared camps fixed in advance, replacing the programme's camp rhythm (coaching keeps its rhythm). */
    camps: z.array(camp).min(1).max(LIMITS.camps).optional(),
    municipalities: z.array(municipality).min(1).max(LIMITS.municipalities),
    partnerships: z.array(partnership).max(LIMITS.municipalities).default([]),
    /** For import into PostgreSQL only. */
    participants: z.array(participant).max(LIMITS.participants).optional(),
    /**
     * A social investment (SIB): the investors' capital, repaid from the outcome payments up to
     * capital × (1 + maxReturnPercent), and the deadweight the savings are reduced by. The cohort's
     * report uses these terms unless a request gives others.
     */
    investment: z
      .object({
        capitalDkk: dkk,
        maxReturnPercent: z.number().int().min(0).max(100).default(0),
        deadweightPercent: z.number().int().min(0).max(100).default(0),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((file, ctx) => {
    const codes = new Map<string, number>();
    file.municipalities.forEach((m, i) => {
      if (codes.has(m.code))
        ctx.addIssue({ code: 'custom', path: ['municipalities', i, 'code'], message: `municipality ${m.code} is listed twice` });
      codes.set(m.code, i);
    });
    const withPartnership = new Set<string>();
    const cvrs = new Map<string, string>();
    file.partnerships.forEach((p, i) => {
      if (!codes.has(p.municipality)) {
        ctx.addIssue({
          code: 'custom',
          path: ['partnerships', i, 'municipality'],
          message: `municipality ${p.municipality} is not listed under municipalities`,
        });
      }
      if (withPartnership.has(p.municipality)) {
        ctx.addIssue({
          code: 'custom',
          path: ['partnerships', i, 'municipality'],
          message: `municipality ${p.municipality} has more than one partnership`,
        });
      }
      withPartnership.add(p.municipality);
      p.companies.forEach((c, j) => {
        const other = cvrs.get(c.cvr);
        if (other !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['partnerships', i, 'companies', j, 'cvr'],
            message: `CVR ${c.cvr} is already in the partnership of ${other}`,
          });
        }
        cvrs.set(c.cvr, p.municipality);
      });
    });
    const refs = new Set<string>();
    const cprs = new Set<string>();
    file.participants?.forEach((p, i) => {
      if (!codes.has(p.municipality)) {
        ctx.addIssue({
          code: 'custom',
          path: ['participants', i, 'municipality'],
          message: `municipality ${p.municipality} is not listed under municipalities`,
        });
      } else if (!withPartnership.has(p.municipality)) {
        ctx.addIssue({
          code: 'custom',
          path: ['participants', i, 'municipality'],
          message: `municipality ${p.municipality} has no partnership to enrol into`,
        });
      }
      if (refs.has(p.ref))
        ctx.addIssue({ code: 'custom', path: ['participants', i, 'ref'], message: `participant ${p.ref} is listed twice` });
      refs.add(p.ref);
      if (p.cpr) {
        const normalised = p.cpr.replace('-', '');
        if (cprs.has(normalised))
          ctx.addIssue({ code: 'custom', path: ['participants', i, 'cpr'], message: 'this CPR number is listed twice' });
        cprs.add(normalised);
      }
    });
    const campIds = new Set<string>();
    file.camps?.forEach((c, i) => {
      if (campIds.has(c.id)) ctx.addIssue({ code: 'custom', path: ['camps', i, 'id'], message: `camp ${c.id} is listed twice` });
      campIds.add(c.id);
      if (c.id === 'bootcamp')
        ctx.addIssue({
          code: 'custom',
          path: ['camps', i, 'id'],
          message: 'the id "bootcamp" is the boot camp\'s own: give this camp another id',
        });
    });
    // One employment-actor id names one actor: the same id with other details would overwrite the first.
    const actors = new Map<string, { i: number; key: string }>();
    const actorCvrs = new Map<string, string>();
    file.partnerships.forEach((p, i) => {
      const ea = p.employmentActor;
      const key = JSON.stringify([ea.name, ea.cvr ?? null, ea.contact.name, ea.contact.email]);
      const seen = actors.get(ea.id);
      if (seen && seen.key !== key) {
        ctx.addIssue({
          code: 'custom',
          path: ['partnerships', i, 'employmentActor', 'id'],
          message: `employment actor ${ea.id} is described differently in partnerships[${seen.i}]: one id names one actor`,
        });
      }
      if (!seen) actors.set(ea.id, { i, key });
      if (ea.cvr) {
        const other = actorCvrs.get(ea.cvr);
        if (other !== undefined && other !== ea.id) {
          ctx.addIssue({
            code: 'custom',
            path: ['partnerships', i, 'employmentActor', 'cvr'],
            message: `CVR ${ea.cvr} is already employment actor ${other}'s`,
          });
        }
        actorCvrs.set(ea.cvr, ea.id);
      }
    });
    // One address names one staff member of an actor: the same address with another name or role would overwrite it.
    const staff = new Map<string, { at: string; key: string }>();
    file.partnerships.forEach((p, i) =>
      p.staff.forEach((m, j) => {
        const id = `${p.employmentActor.id}\n${m.email.toLowerCase()}`;
        const key = JSON.stringify([m.name, m.role]);
        const seen = staff.get(id);
        if (seen && seen.key !== key)
          ctx.addIssue({
            code: 'custom',
            path: ['partnerships', i, 'staff', j, 'email'],
            message: `${m.email} is already staff of ${p.employmentActor.id} at ${seen.at}, with another name or role: one address names one person`,
          });
        if (!seen) staff.set(id, { at: `partnerships[${i}].staff[${j}]`, key });
      }),
    );
    file.municipalities.forEach((m, i) => {
      const seen = new Set<string>();
      m.closingDays.forEach((d, j) => {
        if (seen.has(d)) ctx.addIssue({ code: 'custom', path: ['municipalities', i, 'closingDays', j], message: `${d} is listed twice` });
        seen.add(d);
      });
    });
    const names = new Map<string, string>();
    file.municipalities.forEach((m, i) => {
      const other = names.get(m.name.trim().toLowerCase());
      if (other !== undefined && other !== m.code)
        ctx.addIssue({
          code: 'custom',
          path: ['municipalities', i, 'name'],
          message: `${m.name} is already the name of municipality ${other}`,
        });
      names.set(m.name.trim().toLowerCase(), m.code);
    });
  });

export type CohortFile = z.infer<typeof cohortFileSchema>;
export type CohortFileMunicipality = CohortFile['municipalities'][number];
export type CohortFilePartnership = CohortFile['partnerships'][number];
export type CohortFileCompany = CohortFilePartnership['companies'][number];
export type CohortFileParticipant = NonNullable<CohortFile['participants']>[number];
