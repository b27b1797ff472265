// The Payment-by-Results report as CSV for a Danish spreadsheet.
import type { PbrReport } from '../../domain/pbr-report.js';

/** Danish spreadsheet conventions: `;` between cells, a decimal comma, no thousands separator. */
const CSV_DELIMITER = ';';

function csvCell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[";\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** "100000.00" → "100000,00"; 12.5 → "12,5". */
const decimalComma = (value: string | number) => String(value).replace('.', ',');

/**
 * For Excel and LibreOffice set to Danish: UTF-8 with a byte-order mark (so æøå read right), `;`
 * between cells and decimal commas (so amounts are numbers). The answer is a `#` line at the top
 * (read with e.g. pandas' `comment='#', sep=';', decimal=','`), then one row per week (the chart's
 * data: `realised` says whether the week had begun on the report's day) with the ledger entry ids
 * paid in it, then a total row, then one row per claim status (approved: what is owed, the
 * payments; pending: awaiting the municipality's caseworker; rejected) with its amount under
 * payments_dkk and its ledger entries.
 */
export function reportAsCsv(r: PbrReport): string {
  const header = [
    'week',
    'starts_on',
    'realised',
    'payments_dkk',
    'savings_dkk',
    'cumulative_payments_dkk',
    'cumulative_savings_dkk',
    'net_dkk',
    'benefit_weeks_avoided',
    'outcomes',
    'ledger_entry_ids',
  ];
  const rows = r.weeks.map((w) => [
    w.week,
    w.startsOn,
    w.realised ? 'yes' : 'no (projected)',
    decimalComma(w.paymentsDkk),
    decimalComma(w.savingsDkk),
    decimalComma(w.cumulativePaymentsDkk),
    decimalComma(w.cumulativeSavingsDkk),
    decimalComma(w.netDkk),
    decimalComma(w.benefitWeeksAvoided),
    Object.entries(w.outcomes)
      .map(([k, n]) => `${k}:${n}`)
      .join(' '),
    w.ledgerEntryIds.join(' '),
  ]);
  rows.push([
    'to date',
    r.toDate.asOf,
    'yes',
    decimalComma(r.toDate.paymentsDkk),
    decimalComma(r.toDate.savingsDkk),
    decimalComma(r.toDate.paymentsDkk),
    decimalComma(r.toDate.savingsDkk),
    decimalComma(r.toDate.netDkk),
    '',
    '',
    '',
  ]);
  rows.push([
    'total',
    r.period.startsOn,
    r.toDate.weeks >= r.period.weeks ? 'yes' : 'no (projected)',
    decimalComma(r.totals.paymentsDkk),
    decimalComma(r.totals.savingsDkk),
    decimalComma(r.totals.paymentsDkk),
    decimalComma(r.totals.savingsDkk),
    decimalComma(r.totals.netDkk),
    decimalComma(r.totals.benefitWeeksAvoided),
    '',
    r.ledger
      .filter((e) => e.claimStatus === 'APPROVED')
      .map((e) => e.id)
      .join(' '),
  ]);
  const claims = [
    ['claims_approved', r.totals.claims.approvedDkk, 'APPROVED'],
    ['claims_pending', r.totals.claims.pendingDkk, 'PENDING'],
    ['claims_rejected', r.totals.claims.rejectedDkk, 'REJECTED'],
  ] as const;
  for (const [label, dkk, status] of claims) {
    const ids = r.ledger.filter((e) => e.claimStatus === status).map((e) => e.id);
    rows.push([label, r.toDate.asOf, '', decimalComma(dkk), '', '', '', '', '', '', ids.join(' ')]);
  }
  return (
    `\uFEFF# ${r.headline.replace(/[\r\n]+/g, ' ')}\r\n` +
    [header, ...rows].map((row) => row.map(csvCell).join(CSV_DELIMITER)).join('\r\n') +
    '\r\n'
  );
}
