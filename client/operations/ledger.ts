// Ledger operations for coordinators: list a cohort's entries and correct one by a reversal. The
// ledger is append-only; a correction is a REVERSAL entry, never an edit. An entry is reversed at
// most once, so the reversal's idempotency key is derived from the entry: repeating the command
// returns the same reversal.
import { reverseLedgerEntry, type ReverseLedgerEntryResult } from '../../store/ledger.js';
import { formatDkk } from '../../domain/money.js';
import { dateOfUtcMidnight, type LocalDate } from '../../domain/calendar.js';
import type { OperationContext } from './context.js';

export interface LedgerRow {
  id: string;
  kind: 'CHARGE' | 'REVERSAL';
  occurredOn: LocalDate;
  amountDkk: string;
  municipalityCode: string;
  rateCardLine: string;
  outcomeId: string | null;
  evidenceRef: string;
  reversesId: string | null;
}

export async function ledgerEntries(
  ctx: Pick<OperationContext, 'db'>,
  input: { cohortId: string; municipalityCode?: string },
): Promise<{ entries: LedgerRow[]; totalDkk: string }> {
  const rows = await ctx.db.ledgerEntry.findMany({
    where: { cohortId: input.cohortId, ...(input.municipalityCode ? { municipalityCode: input.municipalityCode } : {}) },
    orderBy: { id: 'asc' },
  });
  return {
    entries: rows.map((e) => ({
      id: e.id.toString(),
      kind: e.kind,
      occurredOn: dateOfUtcMidnight(e.occurredOn),
      amountDkk: formatDkk(e.amountOre),
      municipalityCode: e.municipalityCode,
      rateCardLine: e.rateCardLine,
      outcomeId: e.outcomeId,
      evidenceRef: e.evidenceRef,
      reversesId: e.reversesId?.toString() ?? null,
    })),
    totalDkk: formatDkk(rows.reduce((sum, e) => sum + e.amountOre, 0n)),
  };
}

/** Reverses a charge (LedgerError ENTRY_NOT_FOUND, NOT_A_CHARGE or ALREADY_REVERSED otherwise). */
export function reverseCharge(
  ctx: Pick<OperationContext, 'db'>,
  input: { entryId: string; reason: string; occurredOn?: LocalDate },
): Promise<ReverseLedgerEntryResult> {
  return reverseLedgerEntry(ctx.db, { ...input, idempotencyKey: `reverse:${input.entryId}` });
}
