// Payment by Results with a payer check: every priced outcome is a claim that the paying
// municipality's caseworker approves or rejects (with a reason). What the municipality owes counts
// approved claims only; pending and rejected ones are shown beside it. A decision is final: an
// approved claim found wrong is corrected by a reversal in the ledger, never by an edit. Pure.
import type { Ore } from './money.js';

export const CLAIM_STATUSES = ['APPROVED', 'PENDING', 'REJECTED', 'WITHDRAWN'] as const;
/** WITHDRAWN: every charge was reversed before a decision or after one; nothing is owed or awaited. */
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export interface ClaimEntry {
  id: string;
  kind: 'CHARGE' | 'REVERSAL';
  reversesId: string | null;
}

/** An outcome whose every charge was reversed was withdrawn: it saves nothing and meets no target. */
export function isWithdrawn(ledgerEntries: ReadonlyArray<ClaimEntry | { id: string; kind: string; reversesId: string | null }>): boolean {
  const charges = ledgerEntries.filter((e) => e.kind === 'CHARGE');
  return charges.length > 0 && charges.every((c) => ledgerEntries.some((e) => e.reversesId === c.id));
}

/**
 * The claim of an outcome: none when nothing was charged for it (nothing to approve); WITHDRAWN when
 * every charge was reversed and no decision was given; else the decision, or PENDING without one.
 * An approved or rejected claim keeps its decision when it is reversed later: the reversal shows in
 * the ledger.
 */
export function claimStatusOf(
  ledgerEntries: ReadonlyArray<{ id: string; kind: string; reversesId: string | null }>,
  decision: 'APPROVED' | 'REJECTED' | null | undefined,
): ClaimStatus | null {
  if (!ledgerEntries.some((e) => e.kind === 'CHARGE')) return null;
  if (decision) return decision;
  return isWithdrawn(ledgerEntries) ? 'WITHDRAWN' : 'PENDING';
}

/** Why the decision cannot be given, or undefined: only a pending claim is decided, a rejection names its reason. */
export function decisionRefusal(
  status: ClaimStatus | null,
  decision: 'APPROVED' | 'REJECTED',
  reason: string | undefined,
): { code: 'NOT_A_CLAIM' | 'ALREADY_DECIDED' | 'WITHDRAWN' | 'REASON_REQUIRED'; field: string; message: string } | undefined {
  if (status === null)
    return { code: 'NOT_A_CLAIM', field: 'outcomeId', message: 'nothing was charged for this outcome: there is no claim to decide' };
  if (status === 'APPROVED' || status === 'REJECTED')
    return {
      code: 'ALREADY_DECIDED',
      field: 'outcomeId',
      message: `the claim was ${status.toLowerCase()} already; a decision is final (correct an approved claim by a reversal)`,
    };
  if (status === 'WITHDRAWN')
    return { code: 'WITHDRAWN', field: 'outcomeId', message: 'every charge of the claim was reversed: nothing to decide' };
  if (decision === 'REJECTED' && !reason?.trim())
    return { code: 'REASON_REQUIRED', field: 'reason', message: 'a rejection needs its reason' };
  return undefined;
}

export interface ClaimTotals {
  approvedOre: Ore;
  pendingOre: Ore;
  rejectedOre: Ore;
}

/** Sums ledger entries (charges and their reversals) by the status of their outcome's claim; withdrawn ones net to 0. */
export function claimTotals(entries: ReadonlyArray<{ amountOre: Ore; claimStatus: ClaimStatus | null }>): ClaimTotals {
  const totals: ClaimTotals = { approvedOre: 0n, pendingOre: 0n, rejectedOre: 0n };
  for (const e of entries) {
    if (e.claimStatus === 'APPROVED') totals.approvedOre += e.amountOre;
    else if (e.claimStatus === 'PENDING') totals.pendingOre += e.amountOre;
    else if (e.claimStatus === 'REJECTED') totals.rejectedOre += e.amountOre;
  }
  return totals;
}
