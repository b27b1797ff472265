// Outcomes over time priced by the rate card: an internship then a job pays both where the card says
// so; a partial job become full pays what the card's transition line says (here the difference).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OutcomeKind, RateCard } from '../../domain/programme.js';
import { rateCard } from '../../domain/programme.js';
import { priceOutcome } from '../../domain/rate-card.js';

// The SIB card's shape: full and partial self-support, and transitions from a partial job that top up.
const card: RateCard = {
  currency: 'DKK',
  capPerParticipant: '150000',
  lines: [
    { id: 'internship', outcome: 'INTERNSHIP', description: 'Internship', amount: '10000' },
    { id: 'full', outcome: 'ORDINARY_JOB', description: 'Full self-support', amount: '88817' },
    { id: 'partial', outcome: 'PARTIAL_JOB', description: 'Partial, pro rata', amount: '88817', fullTimeHours: 37 },
    {
      id: 'full-after-partial',
      outcome: 'ORDINARY_JOB',
      description: 'Partial become full',
      amount: '88817',
      after: ['PARTIAL_JOB'],
      topUp: true,
    },
    {
      id: 'more-hours',
      outcome: 'PARTIAL_JOB',
      description: 'More hours',
      amount: '88817',
      fullTimeHours: 37,
      after: ['PARTIAL_JOB'],
      topUp: true,
    },
  ],
};
const fresh = { alreadyChargedOre: 0n };

describe('rate card transitions', () => {
  it('an internship, then a job: both are charged by their own lines', () => {
    const internship = priceOutcome(card, { kind: 'INTERNSHIP', occurredOn: '2026-05-04' }, fresh);
    // 10 000 DKK = 1 000 000 øre.
    expect(internship.totalOre).toBe(1_000_000n);
    const job = priceOutcome(
      card,
      { kind: 'ORDINARY_JOB', occurredOn: '2026-08-03', earlier: [{ kind: 'INTERNSHIP', chargedOre: 1_000_000n }] },
      { alreadyChargedOre: 1_000_000n },
    );
    expect(job.lines.map((l) => [l.lineId, l.amountOre])).toEqual([['full', 8_881_700n]]);
  });

  it('a partial job become full pays the difference, not the full figure again', () => {
    // 88 817 × 15/37 = 36 006.89 DKK (3 600 689.19 øre, rounded to 3 600 689).
    const partial = priceOutcome(card, { kind: 'PARTIAL_JOB', occurredOn: '2026-05-04', hoursPerWeek: 15 }, fresh);
    expect(partial.totalOre).toBe(3_600_689n);
    const full = priceOutcome(
      card,
      { kind: 'ORDINARY_JOB', occurredOn: '2026-08-03', earlier: [{ kind: 'PARTIAL_JOB', chargedOre: partial.totalOre }] },
      { alreadyChargedOre: partial.totalOre },
    );
    // 8 881 700 − 3 600 689 = 5 281 011 øre, by the transition line only.
    expect(full.lines.map((l) => [l.lineId, l.amountOre])).toEqual([['full-after-partial', 5_281_011n]]);
  });

  it('a transition line is not used for an outcome that follows another kind', () => {
    const p = priceOutcome(
      card,
      { kind: 'ORDINARY_JOB', occurredOn: '2026-08-03', earlier: [{ kind: 'EDUCATION', chargedOre: 0n }] },
      fresh,
    );
    expect(p.lines.map((l) => l.lineId)).toEqual(['full']);
  });

  it('refuses topUp without after', () => {
    const r = rateCard.safeParse({ lines: [{ id: 'x', outcome: 'ORDINARY_JOB', description: 'x', amount: '1', topUp: true }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['lines', 0, 'topUp']);
  });

  it('however the hours of a partial job grow, the steps up to a full job add up to the full figure', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3700 }), { minLength: 1, maxLength: 5 }), (centiHours) => {
        const hours = [...centiHours].sort((a, b) => a - b).map((h) => h / 100);
        const earlier: { kind: OutcomeKind; chargedOre: bigint }[] = [];
        let total = 0n;
        for (const h of hours) {
          const p = priceOutcome(
            card,
            { kind: 'PARTIAL_JOB', occurredOn: '2026-05-04', hoursPerWeek: h, earlier },
            { alreadyChargedOre: total },
          );
          earlier.push({ kind: 'PARTIAL_JOB', chargedOre: p.totalOre });
          total += p.totalOre;
        }
        const full = priceOutcome(card, { kind: 'ORDINARY_JOB', occurredOn: '2026-08-03', earlier }, { alreadyChargedOre: total });
        expect(total + full.totalOre).toBe(8_881_700n);
      }),
    );
  });
});
