import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  benefitPeriodOn,
  parseBenefitData,
  statePercent,
  weeklyFromMonthly,
  weeklyRateOre,
  type BenefitData,
} from '../../domain/benefit-rates.js';
import { selfSupportOf, simulate } from '../../domain/simulation.js';

// Round figures so the arithmetic can be followed by hand:
// 13 000.00 DKK a month → 1 300 000 øre × 12 / 52 = 300 000 øre a week (until 30 June 2025);
// 10 400.00 DKK a month → 1 040 000 øre × 12 / 52 = 240 000 øre a week (from 1 July 2025).
const data: BenefitData = parseBenefitData({
  refundSteps: [
    {
      validFrom: '2016-01-04',
      source: 'test',
      steps: [
        { fromWeek: 1, statePercent: 80 },
        { fromWeek: 5, statePercent: 40 },
        { fromWeek: 27, statePercent: 30 },
        { fromWeek: 53, statePercent: 20 },
      ],
    },
  ],
  categories: {
    adult: {
      description: 'test',
      periods: [
        { validFrom: '2025-01-01', benefit: 'old kontanthjælp', monthly: '13000.00', status: 'illustrative', source: 'test' },
        { validFrom: '2025-07-01', benefit: 'new kontanthjælp', monthly: '10400.00', status: 'illustrative', source: 'test' },
      ],
    },
  },
});
const whole = { numerator: 1n, denominator: 1n };

describe('benefit rates and refund steps', () => {
  it('converts monthly rates to weekly øre', () => {
    expect(weeklyRateOre(data, 'adult', '2025-06-30')).toBe(300_000n);
    expect(weeklyRateOre(data, 'adult', '2025-07-01')).toBe(240_000n);
    // 11 944.00 DKK: 1 194 400 × 12 / 52 = 14 332 800 / 52 = 275 630.77 → 275 631 øre.
    expect(weeklyFromMonthly(1_194_400n)).toBe(275_631n);
  });

  it('steps the state refund by weeks on benefit', () => {
    expect([1, 4, 5, 26, 27, 52, 53, 200].map((w) => statePercent(data, w, '2026-01-05'))).toEqual([80, 80, 40, 40, 30, 30, 20, 20]);
  });

  it('reads the shipped tables, with the 1 July 2025 reform as a new period', () => {
    const shipped = parseBenefitData(parse(readFileSync(new URL('../../data/benefit-rates.yaml', import.meta.url), 'utf8')));
    expect(benefitPeriodOn(shipped, 'over-30-no-children', '2025-06-30').benefit).toContain('fyldt 30 år, andre');
    expect(benefitPeriodOn(shipped, 'over-30-no-children', '2025-07-01').benefit).toContain('forhøjet sats');
    expect(benefitPeriodOn(shipped, 'integration-no-provider', '2025-07-01').benefit).toContain('mindstesats');
    expect(benefitPeriodOn(shipped, 'under-30-living-away', '2025-07-01').benefit).toContain('grundsats');
    // 2024: 12 326.00 DKK a month, sourced from bm.dk.
    expect(benefitPeriodOn(shipped, 'over-30-no-children', '2024-06-01')).toMatchObject({ monthly: '12326.00', status: 'sourced' });
    for (const category of Object.values(shipped.categories)) for (const p of category.periods) expect(p.source.length).toBeGreaterThan(3);
  });
});

describe('self-support from outcomes', () => {
  it('counts a job or education as whole, a partial job pro rata, NONE as back on benefit', () => {
    expect(selfSupportOf('ORDINARY_JOB')).toEqual(whole);
    expect(selfSupportOf('EDUCATION')).toEqual(whole);
    // 18.5 of 37 hours = 1850 / 3700.
    expect(selfSupportOf('PARTIAL_JOB', 18.5)).toEqual({ numerator: 1850n, denominator: 3700n });
    expect(selfSupportOf('PARTIAL_JOB', 45)).toEqual({ numerator: 3700n, denominator: 3700n });
    expect(selfSupportOf('NONE')).toEqual({ numerator: 0n, denominator: 1n });
    expect(selfSupportOf('RETENTION')).toBeUndefined();
    expect(selfSupportOf('INTERNSHIP')).toBeUndefined();
  });
});

describe('investment against savings, week by week', () => {
  // Week 1 starts Monday 2 June 2025; week 5 starts 30 June (old rate); week 6 starts 7 July (new rate).
  // Citizen A: new on benefit (0 weeks before), job from week 1.
  //   weeks 1-4: benefit weeks 1-4, state refunds 80 %, municipality's share 20 %: 300 000 × 20 % = 60 000 each
  //   week 5:    benefit week 5, share 60 %: 300 000 × 60 % = 180 000
  //   week 6:    new rate, share 60 %: 240 000 × 60 % = 144 000
  //   A saves 4 × 60 000 + 180 000 + 144 000 = 564 000 øre.
  // Citizen B: 60 weeks on benefit before (share 80 % throughout), partial job of 18.5 of 37 hours
  //   (fraction 1/2) from Wednesday 25 June, i.e. from week 4:
  //   weeks 4-5: 300 000 × 1/2 × 80 % = 120 000 each; week 6: 240 000 × 1/2 × 80 % = 96 000
  //   B saves 120 000 + 120 000 + 96 000 = 336 000 øre.
  // Payments: ledger entry 1 of 500 000 øre on 2 June (week 1), entry 2 of 200 000 øre on 25 June (week 4).
  const input = {
    startsOn: '2025-06-04',
    weeks: 6,
    benefitData: data,
    citizens: [
      { id: 'A', category: 'adult', benefitWeeksBefore: 0, changes: [{ from: '2025-06-02', fraction: whole, outcomeId: 'o-a' }] },
      {
        id: 'B',
        category: 'adult',
        benefitWeeksBefore: 60,
        changes: [{ from: '2025-06-25', fraction: selfSupportOf('PARTIAL_JOB', 18.5)!, outcomeId: 'o-b' }],
      },
    ],
    payments: [
      { entryId: '1', occurredOn: '2025-06-02', amountOre: 500_000n },
      { entryId: '2', occurredOn: '2025-06-25', amountOre: 200_000n },
    ],
  };

  it('values the weeks avoided by the rate in force and the refund step, net of the payments', () => {
    const r = simulate(input);
    expect(r.startsOn).toBe('2025-06-02');
    expect(r.weeks.map((w) => w.savingsOre)).toEqual([60_000n, 60_000n, 60_000n, 180_000n, 300_000n, 240_000n]);
    expect(r.weeks.map((w) => w.paymentsOre)).toEqual([500_000n, 0n, 0n, 200_000n, 0n, 0n]);
    // Cumulative net: −440 000, −380 000, −320 000, −340 000, −40 000, +200 000.
    expect(r.weeks.map((w) => w.netOre)).toEqual([-440_000n, -380_000n, -320_000n, -340_000n, -40_000n, 200_000n]);
    expect(r.weeks[3]!.paymentEntryIds).toEqual(['2']);
    expect(r.citizens.map((c) => [c.id, c.savingsOre])).toEqual([
      ['A', 564_000n],
      ['B', 336_000n],
    ]);
    // 564 000 + 336 000 = 900 000 saved, 700 000 paid, net 200 000.
    expect(r).toMatchObject({
      totalSavingsOre: 900_000n,
      totalPaymentsOre: 700_000n,
      netOre: 200_000n,
      paidOff: true,
      breakEvenWeek: 6,
      breakEvenOn: '2025-07-07',
    });
    // A 6 whole weeks + B 3 half weeks = 7.5 benefit weeks avoided.
    expect(r.benefitWeeksAvoided).toBe(7.5);
    expect(r.ratesUsed.map((u) => u.validFrom)).toEqual(['2025-01-01', '2025-07-01']);
  });

  it('takes the deadweight off the savings, rounding once per citizen and week', () => {
    // 25 % deadweight: A's week 1 = 300 000 × 20 % × 75 % = 45 000; B's week 4 = 300 000 × 1/2 × 80 % × 75 % = 90 000.
    // Totals: 900 000 × 75 % = 675 000 (every weekly figure divides exactly).
    const r = simulate({ ...input, deadweightPercent: 25 });
    expect(r.weeks[0]!.savingsOre).toBe(45_000n);
    expect(r.citizens[1]!.savingsOre).toBe(252_000n);
    expect(r.totalSavingsOre).toBe(675_000n);
    // A share that is not a whole percent is refused rather than rounded.
    expect(() => simulate({ ...input, deadweightPercent: 12.5 })).toThrow(RangeError);
  });

  it('has no break-even week while savings are below payments', () => {
    const r = simulate({ ...input, weeks: 5 });
    expect(r).toMatchObject({ netOre: -40_000n, paidOff: false, breakEvenWeek: null });
  });

  it('counts a reversal as a negative payment in its week and extends the horizon to cover it', () => {
    // Entry 2 reversed on 14 July (week 7): payments 500 000 + 200 000 − 200 000 = 500 000.
    // Week 7 saves A 144 000 + B 96 000 = 240 000 more: 900 000 + 240 000 = 1 140 000 saved.
    const r = simulate({ ...input, payments: [...input.payments, { entryId: '3', occurredOn: '2025-07-14', amountOre: -200_000n }] });
    expect(r.weeks).toHaveLength(7);
    expect(r).toMatchObject({ totalPaymentsOre: 500_000n, totalSavingsOre: 1_140_000n, netOre: 640_000n });
  });

  it('stops the savings when a citizen is back on benefit', () => {
    // A back on benefit from week 3 (NONE on 16 June): A saves weeks 1-2 only, 2 × 60 000 = 120 000.
    const r = simulate({
      ...input,
      citizens: [
        {
          ...input.citizens[0]!,
          changes: [...input.citizens[0]!.changes, { from: '2025-06-16', fraction: selfSupportOf('NONE')!, outcomeId: 'o-none' }],
        },
      ],
    });
    expect(r.citizens[0]!.savingsOre).toBe(120_000n);
  });

  it('repays the SIB investors from the outcome payments up to principal plus the maximum return', () => {
    // Invested 600 000, maximum return 10 %: at most 660 000 repaid. Payments reach 500 000 in week 1
    // and 700 000 in week 4, capped at 660 000: principal repaid in week 4, return 60 000.
    const r = simulate({ ...input, sib: { investedOre: 600_000n, maxReturnPercent: 10 } });
    expect(r.weeks.map((w) => w.sibRepaidCumulativeOre)).toEqual([500_000n, 500_000n, 500_000n, 660_000n, 660_000n, 660_000n]);
    expect(r.sib).toEqual({
      investedOre: 600_000n,
      maxRepaymentOre: 660_000n,
      repaidOre: 660_000n,
      returnOre: 60_000n,
      principalRepaidWeek: 4,
    });
  });
});
