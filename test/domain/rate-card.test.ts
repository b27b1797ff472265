import { describe, expect, it } from 'vitest';
import type { RateCard } from '../../domain/programme.js';
import { parseStoredRateCard, priceOutcome, RateCardError, selectRateCard } from '../../domain/rate-card.js';

// A card in the style of the programmes' cards; amounts in DKK as strings.
const card: RateCard = {
  currency: 'DKK',
  capPerParticipant: '100000.00',
  lines: [
    { id: 'job', outcome: 'ORDINARY_JOB', description: 'Ordinary job', amount: '60000.00' },
    { id: 'partial', outcome: 'PARTIAL_JOB', description: 'Partial job, pro rata', amount: '40000.00', fullTimeHours: 37 },
    { id: 'education', outcome: 'EDUCATION', description: 'Education', amount: '30000.00' },
    {
      id: 'retention-13',
      outcome: 'RETENTION',
      description: 'In work 13 weeks after the hire',
      amount: '10000.00',
      retentionWeeks: 13,
      withinMonthsOfTrackEnd: 6,
    },
    {
      id: 'retention-26',
      outcome: 'RETENTION',
      description: 'In work 26 weeks after the hire',
      amount: '15000.00',
      retentionWeeks: 26,
      withinMonthsOfTrackEnd: 6,
    },
    { id: 'anchoring', outcome: 'ANCHORING', description: 'Social model anchored', amount: '20000.00' },
  ],
};
const fresh = { alreadyChargedOre: 0n };

describe('rate card pricing', () => {
  it('charges an ordinary job at the card figure', () => {
    // 60000.00 DKK = 60000 × 100 = 6 000 000 øre.
    const p = priceOutcome(card, { kind: 'ORDINARY_JOB', occurredOn: '2026-05-04' }, fresh);
    expect(p.lines).toHaveLength(1);
    expect(p.lines[0]).toMatchObject({ lineId: 'job', status: 'CHARGED', amountOre: 6_000_000n });
    expect(p.totalOre).toBe(6_000_000n);
  });

  it('pays a partial job pro rata to hours over full time, rounded to the øre', () => {
    // 15 of 37 hours: 4 000 000 øre × 15 / 37 = 60 000 000 / 37 = 1 621 621.62… → 1 621 622 øre (16 216.22 DKK).
    expect(priceOutcome(card, { kind: 'PARTIAL_JOB', occurredOn: '2026-05-04', hoursPerWeek: 15 }, fresh).totalOre).toBe(1_621_622n);
    // 12.5 of 37 hours, exactly: 4 000 000 × 1250 / 3700 = 5 000 000 000 / 3700 = 1 351 351.35… → 1 351 351 øre.
    expect(priceOutcome(card, { kind: 'PARTIAL_JOB', occurredOn: '2026-05-04', hoursPerWeek: 12.5 }, fresh).totalOre).toBe(1_351_351n);
    // More hours than full time pay the full line: min(40, 37) / 37 = 1 → 4 000 000 øre.
    expect(priceOutcome(card, { kind: 'PARTIAL_JOB', occurredOn: '2026-05-04', hoursPerWeek: 40 }, fresh).totalOre).toBe(4_000_000n);
  });

  it('rounds a half øre up', () => {
    const tiny: RateCard = {
      currency: 'DKK',
      lines: [{ id: 'p', outcome: 'PARTIAL_JOB', description: '', amount: '0.37', fullTimeHours: 37 }],
    };
    // 37 øre × 18.5 / 37 = 37 × 1850 / 3700 = 18.5 øre → 19 øre.
    expect(priceOutcome(tiny, { kind: 'PARTIAL_JOB', occurredOn: '2026-01-05', hoursPerWeek: 18.5 }, fresh).totalOre).toBe(19n);
    // 37 øre × 18.49 / 37 = 18.49 øre → 18 øre.
    expect(priceOutcome(tiny, { kind: 'PARTIAL_JOB', occurredOn: '2026-01-05', hoursPerWeek: 18.49 }, fresh).totalOre).toBe(18n);
  });

  it('needs the hours for a pro-rata line', () => {
    const err = (() => {
      try {
        priceOutcome(card, { kind: 'PARTIAL_JOB', occurredOn: '2026-05-04' }, fresh);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(RateCardError);
    expect(err).toMatchObject({ code: 'MISSING_HOURS', field: 'hoursPerWeek' });
  });

  it('cuts a charge to what is left under the cap per participant', () => {
    // Cap 100 000.00 DKK = 10 000 000 øre; 90 000.00 DKK (9 000 000 øre) already charged:
    // left 10 000 000 − 9 000 000 = 1 000 000 øre, less than the job's 6 000 000 → 1 000 000.
    const capped = priceOutcome(card, { kind: 'ORDINARY_JOB', occurredOn: '2026-05-04' }, { alreadyChargedOre: 9_000_000n });
    expect(capped.lines[0]).toMatchObject({ status: 'CAPPED', proRataOre: 6_000_000n, amountOre: 1_000_000n });
    // Nothing left: 10 000 000 − 10 000 000 = 0 → the line is recorded as CAP_REACHED with 0.
    const full = priceOutcome(card, { kind: 'ORDINARY_JOB', occurredOn: '2026-05-04' }, { alreadyChargedOre: 10_000_000n });
    expect(full.lines[0]).toMatchObject({ status: 'CAP_REACHED', amountOre: 0n });
    expect(full.totalOre).toBe(0n);
    // Reversals lower what was charged: 9 500 000 net → 500 000 left.
    expect(priceOutcome(card, { kind: 'EDUCATION', occurredOn: '2026-05-04' }, { alreadyChargedOre: 9_500_000n }).totalOre).toBe(500_000n);
  });

  it('matches retention lines by weeks and honours the time limit', () => {
    // Track ends 2026-08-31; + 6 months = 2027-02-28 (31 February clamped to the month's last day).
    const on = (occurredOn: string, retentionWeeks: number) =>
      priceOutcome(card, { kind: 'RETENTION', occurredOn, retentionWeeks, trackEndsOn: '2026-08-31' }, fresh);
    expect(on('2027-02-28', 13).lines[0]).toMatchObject({ lineId: 'retention-13', status: 'CHARGED', amountOre: 1_000_000n });
    expect(on('2027-02-28', 26).lines[0]).toMatchObject({ lineId: 'retention-26', amountOre: 1_500_000n });
    const late = on('2027-03-01', 13);
    expect(late.lines[0]).toMatchObject({ lineId: 'retention-13', status: 'OUTSIDE_TIME_LIMIT', amountOre: 0n });
    expect(late.lines[0]!.explanation).toContain('2027-02-28');
    // No line for 4 weeks: nothing is charged.
    expect(on('2026-10-01', 4).lines).toEqual([]);
    expect(() => priceOutcome(card, { kind: 'RETENTION', occurredOn: '2026-10-01', retentionWeeks: 13 }, fresh)).toThrow(RateCardError);
    expect(() => priceOutcome(card, { kind: 'RETENTION', occurredOn: '2026-10-01' }, fresh)).toThrow(/retentionWeeks/);
  });

  it('charges every matching line in card order, the cap applied across them', () => {
    const split: RateCard = {
      currency: 'DKK',
      capPerParticipant: '50000',
      lines: [
        { id: 'job-start', outcome: 'ORDINARY_JOB', description: 'At the hire', amount: '30000' },
        { id: 'job-bonus', outcome: 'ORDINARY_JOB', description: 'Bonus', amount: '30000' },
      ],
    };
    // 3 000 000 øre charged in full; then 5 000 000 − 3 000 000 = 2 000 000 left for the bonus of 3 000 000.
    const p = priceOutcome(split, { kind: 'ORDINARY_JOB', occurredOn: '2026-05-04' }, fresh);
    expect(p.lines.map((l) => [l.lineId, l.amountOre])).toEqual([
      ['job-start', 3_000_000n],
      ['job-bonus', 2_000_000n],
    ]);
    expect(p.totalOre).toBe(5_000_000n);
  });

  it('charges nothing for NONE when the card has no line for it', () => {
    expect(priceOutcome(card, { kind: 'NONE', occurredOn: '2026-05-04' }, fresh)).toEqual({ lines: [], totalOre: 0n });
  });
});

describe('which rate card is in force', () => {
  const programmeCard = { source: 'programme:p', card };
  const other = (amount: string): RateCard => ({
    currency: 'DKK',
    lines: [{ id: 'job', outcome: 'ORDINARY_JOB', description: '', amount }],
  });
  const candidates = [
    { source: 'kolding-2025', municipalityCode: '621', validFrom: '2025-01-01', card: other('1') },
    { source: 'kolding-2026', municipalityCode: '621', validFrom: '2026-01-01', card: other('2') },
    { source: 'default-2026', municipalityCode: null, validFrom: '2026-01-01', card: other('3') },
  ];

  it('takes the municipality card with the newest validFrom on or before the date', () => {
    expect(selectRateCard(candidates, '621', '2025-12-31', programmeCard).source).toBe('kolding-2025');
    expect(selectRateCard(candidates, '621', '2026-01-01', programmeCard).source).toBe('kolding-2026');
  });

  it('falls back to the default row, then to the programme configuration', () => {
    expect(selectRateCard(candidates, '791', '2026-06-01', programmeCard).source).toBe('default-2026');
    expect(selectRateCard(candidates, '791', '2025-06-01', programmeCard).source).toBe('programme:p');
    expect(selectRateCard(candidates, '621', '2024-06-01', programmeCard).source).toBe('programme:p');
  });

  it('reads a stored card whole or as its list of lines', () => {
    expect(parseStoredRateCard(card.lines).lines).toHaveLength(6);
    expect(parseStoredRateCard(card).capPerParticipant).toBe('100000.00');
    expect(() => parseStoredRateCard([{ id: 'x', outcome: 'JOB', amount: '1' }])).toThrow(RateCardError);
  });
});
