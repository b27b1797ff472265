// A programme template as data: phase lengths, hours a week, camp plan, follow-up plans, reminder
// offsets, rate card and targets. Validated with zod; the published JSON Schema
// (schemas/programme.schema.json) is generated from this one definition. Pure; workflows import only its
// types (its schemas would be built again in every workflow).
import { z } from 'zod';
import { DEFAULT_ANSWER_WITHIN_WORKING_DAYS } from './job-opening-defaults.js';

export { DEFAULT_ANSWER_WITHIN_WORKING_DAYS };

/** The longest span a programme may name: ten years in any unit (a track's dates stay computable). */
export const SPAN_MAX = { months: 120, weeks: 522, days: 3653 } as const;
/** Bounds on a template's texts and lists, so a template fits its columns and the workflows' inputs. */
const TEXT_MAX = 2000;
const shortText = z.string().max(200, 'at most 200 characters');
const longText = z.string().max(TEXT_MAX, `at most ${TEXT_MAX} characters`);
const programmeId = z
  .string()
  .max(60, 'at most 60 characters')
  .regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and -');

/** A length of time in whole calendar units, e.g. { months: 6 } or { weeks: 26 }. */
export const span = z
  .object({
    months: z.number().int().min(0).max(SPAN_MAX.months).optional(),
    weeks: z.number().int().min(0).max(SPAN_MAX.weeks).optional(),
    days: z.number().int().min(0).max(SPAN_MAX.days).optional(),
  })
  .strict()
  .refine((s) => (s.months ?? 0) + (s.weeks ?? 0) + (s.days ?? 0) > 0, 'give at least one of months, weeks or days');
export type Span = z.infer<typeof span>;

/** Ids within one list name one thing each: a repeated id is refused where it repeats. */
function uniqueIds(items: ReadonlyArray<{ id: string }>, path: Array<string | number>, what: string, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: [...path, i, 'id'], message: `${what} ${item.id} is listed twice` });
    seen.add(item.id);
  });
}

export const OUTCOME_KINDS = ['ORDINARY_JOB', 'PARTIAL_JOB', 'EDUCATION', 'INTERNSHIP', 'NONE', 'RETENTION', 'ANCHORING'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

/** Kinds of job opening a company offers (the housing job-match programme matches residents to them). */
export const JOB_KINDS = ['ORDINARY_JOB', 'FLEX_JOB', 'FEW_HOURS_JOB', 'APPRENTICESHIP', 'INTERNSHIP'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** An amount in DKK written as a string with at most two decimals ("88817.00"), never a float. */
export const dkk = z.string().regex(/^\d{1,9}(\.\d{1,2})?$/, 'an amount in DKK such as "25000" or "25000.50"');

const rateCardLine = z
  .object({
    id: programmeId,
    outcome: z.enum(OUTCOME_KINDS),
    description: longText,
    amount: dkk,
    /** RETENTION lines: weeks after the hire that this line pays for. */
    retentionWeeks: z.number().int().positive().max(SPAN_MAX.weeks).optional(),
    /** PARTIAL_JOB lines: paid pro rata to hours a week against this full-time figure. */
    fullTimeHours: z.number().positive().max(80).optional(),
    /** Only counts when reached within this many months of the end of the track. */
    withinMonthsOfTrackEnd: z.number().int().positive().max(SPAN_MAX.months).optional(),
    /**
     * A transition: the line prices this outcome only when the track's outcome before it was one of
     * these kinds (an internship, then a job); such lines replace the lines without `after`.
     */
    after: z
      .array(z.enum(['ORDINARY_JOB', 'PARTIAL_JOB', 'EDUCATION', 'INTERNSHIP', 'NONE']))
      .min(1)
      .max(5)
      .optional(),
    /** With `after`: pays the amount less what the outcomes of those kinds just before were charged (a partial job become full). */
    topUp: z.boolean().optional(),
  })
  .strict()
  .refine((line) => !line.topUp || line.after !== undefined, { message: 'topUp goes with after', path: ['topUp'] });

export const rateCard = z
  .object({
    currency: z.literal('DKK').default('DKK'),
    /** The most the municipality pays for one participant's outcomes together. */
    capPerParticipant: dkk.optional(),
    lines: z.array(rateCardLine).min(1).max(100),
  })
  .strict()
  .superRefine((card, ctx) => uniqueIds(card.lines, ['lines'], 'rate-card line', ctx));
export type RateCard = z.infer<typeof rateCard>;
export type RateCardLine = z.infer<typeof rateCardLine>;

const participantPlan = z
  .object({
    workReadiness: z.object({ length: span, hoursPerWeek: z.number().positive().max(37) }).strict(),
    jobTraining: z.object({ length: span, hoursPerWeek: z.number().positive().max(37).optional() }).strict(),
    attendance: z
      .object({
        /** Days after the end of a week before the missing record is reminded. */
        graceDays: z.number().int().min(0).max(60).default(2),
        /** Consecutive weeks absent, unrecorded or under-activated before the coordinator is told. */
        escalateAfterWeeks: z.number().int().positive().max(52).default(2),
        /**
         * A week with fewer hours than this share of the hours planned for it (the phase's hours a week
         * over its working days) is under-activated: flagged, and counted toward escalateAfterWeeks.
         */
        minimumShareOfPlannedHours: z.number().min(0).max(1).default(0.75),
      })
      .strict(),
    mentor: z.object({ required: z.boolean(), remindAfterDays: z.number().int().positive().max(365).default(14) }).strict(),
    /** IPS variant: first employer contact due within this many days of the start. */
    ips: z
      .object({ firstEmployerContactDays: z.number().int().positive().max(365).default(30) })
      .strict()
      .optional(),
    trainingTopics: z.array(shortText.min(1)).max(100).default([]),
    placementCheckIns: z
      .array(z.enum(['midway', 'end']))
      .max(2)
      .default(['midway', 'end']),
    retentionFollowUpWeeks: z.array(z.number().int().positive().max(SPAN_MAX.weeks)).max(20).default([4, 13, 26]),
  })
  .strict();

const companyPlan = z
  .object({
    bootCamp: z
      .object({
        month: z.number().int().min(1).max(12).default(11),
        days: z.number().int().min(1).max(5).default(2),
        location: shortText.min(1).optional(),
      })
      .strict(),
    /** Reminders before a camp, in working days, to everyone who has not declined. */
    campReminderWorkingDays: z.array(z.number().int().positive().max(60)).max(10).default([14, 2]),
    /**
     * Weeks before a camp or coaching session its invitation goes out (on the working day on or
     * before), so a company selected months ahead is not sent the whole year at once. The boot
     * camp's invitation goes out at once.
     */
    invitationLeadWeeks: z.number().int().min(0).max(52).default(6),
    accelerator: z
      .object({
        length: span,
        campEveryWeeks: z.number().int().positive().max(52).default(7),
        coachingEveryWeeks: z.number().int().positive().max(52).optional(),
      })
      .strict(),
    milestones: z
      .array(z.object({ id: programmeId, title: shortText.min(1), dueAfter: span }).strict())
      .max(50)
      .default([])
      .superRefine((ms, ctx) => uniqueIds(ms, [], 'milestone', ctx)),
    anchoring: z.object({ checksAtMonths: z.array(z.number().int().positive().max(SPAN_MAX.months)).max(20).default([2, 4, 6]) }).strict(),
    problemReportEscalationWorkingDays: z.number().int().positive().max(60).default(1),
  })
  .strict();

const target = z
  .object({
    id: programmeId,
    description: longText,
    /** What is counted: outcome kinds of participants, or companies recruited. */
    counts: z.union([z.array(z.enum(OUTCOME_KINDS)).min(1), z.literal('COMPANIES')]),
    /**
     * An absolute number for the whole cohort (a cluster-wide target such as 9 companies), or, with
     * `of`, a count out of a count as the source states it ("215 of 256"): judged exactly, scaled to
     * the participants counted …
     */
    count: z.number().int().positive().max(1_000_000).optional(),
    /** … the participants the count was stated of (count ≤ of) … */
    of: z.number().int().positive().max(1_000_000).optional(),
    /** … or a share of the participants, 0–1. */
    share: z.number().min(0).max(1).optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    if ((t.count === undefined) === (t.share === undefined))
      ctx.addIssue({ code: 'custom', path: [], message: 'give exactly one of count or share' });
    if (t.of !== undefined && t.count === undefined)
      ctx.addIssue({ code: 'custom', path: ['of'], message: 'of goes with count ("count: 215, of: 256")' });
    if (t.of !== undefined && t.count !== undefined && t.count > t.of)
      ctx.addIssue({ code: 'custom', path: ['count'], message: `a count of ${t.of} is at most ${t.of}` });
    if (t.of !== undefined && t.counts === 'COMPANIES')
      ctx.addIssue({ code: 'custom', path: ['of'], message: 'a companies target is a number of companies, without of' });
  });

export const programmeSchema = z
  .object({
    id: programmeId,
    name: shortText.min(1),
    kind: z.enum(['DUAL_TRACK', 'BUSINESS_TRAINING', 'SIB', 'HOUSING_JOB_MATCH']),
    version: z.number().int().positive().max(1_000_000).default(1),
    description: longText.optional(),
    participant: participantPlan,
    /** Absent for programmes without a company accelerator. */
    company: companyPlan.optional(),
    price: z.object({ perParticipant: dkk, perCompany: dkk.optional() }).strict(),
    rateCard,
    targets: z
      .array(target)
      .max(50)
      .default([])
      .superRefine((ts, ctx) => uniqueIds(ts, [], 'target', ctx)),
    /** Planned size of one cohort, e.g. the SIB variant's 60 citizens. */
    capacity: z
      .object({
        participants: z.number().int().positive().max(100_000).optional(),
        companies: z.number().int().positive().max(100_000).optional(),
      })
      .strict()
      .optional(),
    /**
     * Job-match programmes (housing job-match; IPS job development): the kinds of opening companies
     * register, how fast a match is proposed, and how fast the company answers a proposal before it is
     * reminded (after as many working days again, the job consultant is told).
     */
    jobOpenings: z
      .object({
        kinds: z.array(z.enum(JOB_KINDS)).min(1),
        matchWithinWorkingDays: z.number().int().positive().max(260).default(10),
        answerWithinWorkingDays: z.number().int().positive().max(260).default(DEFAULT_ANSWER_WITHIN_WORKING_DAYS),
      })
      .strict()
      .optional(),
    /**
     * Programmes without an accelerator: the light company track (one per company and partnership,
     * workflows/company-cooperation.ts): follow-up checks to the company the given weeks after the
     * cooperation starts and after each placement or hire; a problem report is answered by the
     * employment actor within `problemAnswerWorkingDays` (else reminded) and goes to the steering
     * contact (else the coordinator) after `escalateAfterWorkingDays`. Absent: the defaults.
     */
    cooperation: z
      .object({
        followUpWeeks: z.array(z.number().int().positive().max(SPAN_MAX.weeks)).max(20).default([3, 12]),
        problemAnswerWorkingDays: z.number().int().positive().max(60).default(1),
        escalateAfterWorkingDays: z.number().int().positive().max(60).default(2),
      })
      .strict()
      .refine((c) => c.escalateAfterWorkingDays > c.problemAnswerWorkingDays, {
        message: 'escalateAfterWorkingDays comes after problemAnswerWorkingDays (the reminder first, then the escalation)',
        path: ['escalateAfterWorkingDays'],
      })
      .optional(),
    /**
     * Figures of this template the sources do not give: invented for the example, to be replaced
     * before real use. Each names a field by its path (`participant.jobTraining.length`; a list's
     * element by its id, `targets.into-work-or-education.share`); the reports list them.
     */
    illustrative: z
      .array(z.object({ path: z.string().min(1).max(200), why: longText.min(1) }).strict())
      .max(100)
      .default([]),
    source: longText.optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    p.illustrative.forEach((f, i) => {
      if (valueAt(p, f.path) === undefined)
        ctx.addIssue({ code: 'custom', path: ['illustrative', i, 'path'], message: `${f.path} names no field of this template` });
    });
    if (p.cooperation && p.company)
      ctx.addIssue({
        code: 'custom',
        path: ['cooperation'],
        message: 'a programme with an accelerator follows its companies on the company track; cooperation is for programmes without one',
      });
  });

/**
 * The value at a dotted path of a template: keys of objects, and in lists an element's id (or its
 * index). Undefined when the path names nothing.
 */
export function valueAt(root: unknown, path: string): unknown {
  let at: unknown = root;
  for (const part of path.split('.')) {
    if (Array.isArray(at)) at = at.find((x: { id?: unknown }) => x?.id === part) ?? (/^\d+$/.test(part) ? at[Number(part)] : undefined);
    else if (at !== null && typeof at === 'object') at = (at as Record<string, unknown>)[part];
    else return undefined;
    if (at === undefined) return undefined;
  }
  return at;
}

export type Programme = z.infer<typeof programmeSchema>;
export type ParticipantPlan = Programme['participant'];
export type CompanyPlan = NonNullable<Programme['company']>;
export type CooperationPlan = NonNullable<Programme['cooperation']>;
