// Date-versioned benefit rates and the state's refund steps, read from data (data/benefit-rates.yaml)
// and validated here. Pure: the caller loads the document; these functions only look figures up.
import { z } from 'zod';
import { dateOfUtcMidnight, type LocalDate } from './calendar.js';
import { mulDivRound, parseDkk, type Ore } from './money.js';
import { dkk } from './programme.js';

const localDate = z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.date().transform(dateOfUtcMidnight)]);

const period = z
  .object({
    validFrom: localDate,
    benefit: z.string().min(1),
    monthly: dkk,
    status: z.enum(['sourced', 'illustrative']),
    source: z.string().min(1),
  })
  .strict();

const refundStepTable = z
  .object({
    validFrom: localDate,
    source: z.string().min(1),
    steps: z
      .array(z.object({ fromWeek: z.number().int().positive(), statePercent: z.number().int().min(0).max(100) }).strict())
      .min(1)
      .refine(
        (steps) => steps[0]!.fromWeek === 1 && steps.every((s, i) => i === 0 || s.fromWeek > steps[i - 1]!.fromWeek),
        'steps start at week 1 and rise',
      ),
  })
  .strict();

export const benefitDataSchema = z
  .object({
    refundSteps: z.array(refundStepTable).min(1),
    categories: z.record(z.string().regex(/^[a-z0-9-]+$/), z.object({ description: z.string(), periods: z.array(period).min(1) }).strict()),
  })
  .strict();

export type BenefitData = z.infer<typeof benefitDataSchema>;
export type BenefitPeriod = z.infer<typeof period>;

export class BenefitRateError extends Error {
  override name = 'BenefitRateError';
  constructor(
    readonly code: 'UNKNOWN_CATEGORY' | 'NO_RATE_IN_FORCE' | 'INVALID_DATA',
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export function parseBenefitData(document: unknown): BenefitData {
  const result = benefitDataSchema.safeParse(document);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.join('.') ?? '';
    throw new BenefitRateError('INVALID_DATA', `invalid benefit data at ${path}: ${issue?.message}`, path);
  }
  return result.data;
}

function newestOnOrBefore<T extends { validFrom: string }>(rows: readonly T[], on: LocalDate): T | undefined {
  let best: T | undefined;
  for (const row of rows) if (row.validFrom <= on && (!best || row.validFrom > best.validFrom)) best = row;
  return best;
}

/** The rate period in force for a category on a date. */
export function benefitPeriodOn(data: BenefitData, category: string, on: LocalDate): BenefitPeriod {
  const entry = data.categories[category];
  if (!entry) throw new BenefitRateError('UNKNOWN_CATEGORY', `no benefit category "${category}"`, 'category');
  const found = newestOnOrBefore(entry.periods, on);
  if (!found) throw new BenefitRateError('NO_RATE_IN_FORCE', `no rate for "${category}" on ${on}`, 'category');
  return found;
}

/** A month's rate as a week's: monthly × 12 ÷ 52, rounded to the øre (halves away from zero). */
export function weeklyFromMonthly(monthly: Ore): Ore {
  return mulDivRound(monthly, 12n, 52n);
}

export function weeklyRateOre(data: BenefitData, category: string, on: LocalDate): Ore {
  return weeklyFromMonthly(parseDkk(benefitPeriodOn(data, category, on).monthly));
}

/** The state's refund in percent for the n-th week (1-based) on benefit, by the steps in force on a date. */
export function statePercent(data: BenefitData, benefitWeek: number, on: LocalDate): number {
  const table = newestOnOrBefore(data.refundSteps, on) ?? data.refundSteps[0]!;
  let percent = table.steps[0]!.statePercent;
  for (const step of table.steps) if (benefitWeek >= step.fromWeek) percent = step.statePercent;
  return percent;
}
