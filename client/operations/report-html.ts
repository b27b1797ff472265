// The Payment-by-Results report as one self-contained HTML page with inline SVG charts.
import { formatDkkDanish, parseDkk } from '../../domain/money.js';
import type { PbrReport } from '../../domain/pbr-report.js';
import type { OutcomeKind } from '../../domain/programme.js';
import { lineChart } from './report-chart.js';

const esc = (s: string | number) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const KIND_COLORS: Record<OutcomeKind, string> = {
  ORDINARY_JOB: '#1b7f3b',
  PARTIAL_JOB: '#6aa84f',
  EDUCATION: '#3d6fb6',
  INTERNSHIP: '#8e7cc3',
  NONE: '#999999',
  RETENTION: '#e69138',
  ANCHORING: '#a61c00',
};

/** A self-contained page: the answer first, then the charts, the targets, the weeks and the ledger. */
export function reportAsHtml(r: PbrReport): string {
  const dk = (dkk: string) => formatDkkDanish(parseDkk(dkk));
  /** Whole kroner for an axis: "-40.000 kr." */
  const krAxis = (kr: number) => `${kr < 0 ? '-' : ''}${String(Math.abs(Math.round(kr))).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} kr.`;
  const toKr = (dkk: string) => Number(parseDkk(dkk)) / 100;
  const realisedWeeks = r.toDate.weeks;
  const money = lineChart(
    'Cumulative outcome payments (ledger) against cumulative benefit savings',
    [
      { name: 'payments (ledger)', color: '#a61c00', values: r.weeks.map((w) => toKr(w.cumulativePaymentsDkk)) },
      { name: 'savings (benefit weeks avoided)', color: '#1b7f3b', values: r.weeks.map((w) => toKr(w.cumulativeSavingsDkk)) },
    ],
    krAxis,
    { integer: true, realisedWeeks },
  );
  const kinds = [...new Set(r.outcomes.filter((o) => o.counted).map((o) => o.kind))];
  const outcomeSeries = kinds.map((kind) => {
    let total = 0;
    return { name: kind, color: KIND_COLORS[kind], values: r.weeks.map((w) => (total += w.outcomes[kind] ?? 0)) };
  });
  const outcomesChart = outcomeSeries.length
    ? lineChart('Outcomes over time (cumulative count by kind)', outcomeSeries, (v) => String(v), { integer: true, realisedWeeks })
    : '<p>No outcomes recorded yet.</p>';
  const row = (cells: (string | number)[]) => `<tr>${cells.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`;
  const pair = (label: string, value: string | number) => `<tr><th scope="row">${esc(label)}</th><td>${esc(value)}</td></tr>`;
  const trio = (label: string, toDate: string, whole: string) =>
    `<tr><th scope="row">${esc(label)}</th><td>${esc(toDate)}</td><td>${esc(whole)}</td></tr>`;
  const g = r.generatedFor;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(`Payment by Results: ${g.cohortName}, ${g.municipalityName}`)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}h1{font-size:1.3rem}.answer{font-size:1.15rem;padding:.8rem 1rem;border-left:6px solid ${r.paidOff ? '#1b7f3b' : '#a61c00'};background:#f6f6f6}table{border-collapse:collapse;width:100%;font-size:.85rem;margin:1rem 0}td,th{border-bottom:1px solid #ddd;padding:.25rem .4rem;text-align:left}td:nth-child(n+3){font-variant-numeric:tabular-nums}figure{margin:1.5rem 0}figcaption{font-weight:600}.note{color:#555;font-size:.85rem}</style></head>
<body>
<h1>Payment by Results — ${esc(g.programmeName)}: ${esc(g.cohortName)}, ${esc(g.municipalityCode === null ? g.municipalityName : `${g.municipalityName} Kommune`)}</h1>
<p class="answer" id="answer">${esc(r.headline)}</p>
<table><thead><tr><th></th><th>to date (${esc(r.toDate.asOf)}, week ${r.toDate.weeks} of ${r.period.weeks})</th><th>whole period to ${esc(r.period.endsOn)}, projected</th></tr></thead><tbody>
${trio('Outcome payments', dk(r.toDate.paymentsDkk), dk(r.totals.paymentsDkk))}
${trio('Benefit savings (municipality’s share after the state refund)', dk(r.toDate.savingsDkk), dk(r.totals.savingsDkk))}
${trio('Net result', dk(r.toDate.netDkk), dk(r.totals.netDkk))}
${trio('Paid off', r.toDate.paidOff ? 'yes' : 'not yet', r.paidOff ? 'yes, if everyone in work stays in work' : 'no')}
</tbody></table>
<p class="note">The projection counts the weeks still to come as if everyone now in work stays in work and nothing more is paid; it is not realised.</p>
<table><tbody>
${pair('Outcome payments owed (net, = the ledger entries of approved claims)', dk(r.totals.paymentsDkk))}
${pair('Claims approved / awaiting approval / rejected', `${dk(r.totals.claims.approvedDkk)} / ${dk(r.totals.claims.pendingDkk)} / ${dk(r.totals.claims.rejectedDkk)}`)}
${pair('of which charges / reversals', `${dk(r.totals.chargesDkk)} / ${dk(r.totals.reversalsDkk)}`)}
${pair('Break-even week', r.totals.breakEvenWeek === null ? 'not reached' : `week ${r.totals.breakEvenWeek} (${r.totals.breakEvenOn})${r.totals.breakEvenWeek > r.toDate.weeks ? ', projected' : ''}`)}
${pair('Benefit weeks avoided', r.totals.benefitWeeksAvoided)}
${pair('Participants / companies', `${r.totals.participants} / ${r.totals.companies}`)}
${pair('Nominal programme price (price list × participants and companies)', dk(r.totals.nominalPriceDkk))}
${r.sib ? pair('SIB: invested / repaid to investors / return', `${dk(r.sib.investedDkk)} / ${dk(r.sib.repaidDkk)} / ${dk(r.sib.returnDkk)}`) : ''}
${r.sib ? pair('SIB: maximum return / principal back', `${r.sib.maxReturnPercent} % (at most ${dk(r.sib.maxRepaymentDkk)}) / ${r.sib.principalRepaidWeek === null ? 'not yet' : `week ${r.sib.principalRepaidWeek}`}; terms from ${esc(r.sib.termsFrom === 'default' ? 'the nominal price (no terms given)' : r.sib.termsFrom)}`) : ''}
</tbody></table>
${r.byMunicipality ? `<h2>By municipality (whole period, projected)</h2><table><thead><tr><th>municipality</th><th>paid off to date</th><th>paid off, projected</th><th>payments</th><th>savings</th><th>net</th><th>break-even week</th></tr></thead><tbody>${r.byMunicipality.map((m) => row([m.name, m.paidOffToDate ? 'yes' : 'not yet', m.paidOff ? 'yes' : 'no', dk(m.paymentsDkk), dk(m.savingsDkk), dk(m.netDkk), m.breakEvenWeek ?? '–'])).join('')}</tbody></table>` : ''}
${money}
${outcomesChart}
<h2>Targets</h2>
<table><thead><tr><th>target</th><th>counts</th><th>achieved</th><th>of</th><th>%</th><th>met</th></tr></thead><tbody>
${r.targets.map((t) => row([t.description, t.counts, t.achieved, t.target, t.percent, t.met === null ? 'contribution; judged for the cohort' : t.met ? 'yes' : 'no'])).join('\n')}
</tbody></table>
${
  r.jobOpenings
    ? `<h2>Job openings and matches</h2><table><thead><tr><th>kind</th><th>registered</th><th>open</th><th>filled</th><th>withdrawn</th><th>proposals</th><th>accepted</th><th>declined</th></tr></thead><tbody>${[...r.jobOpenings.byKind, { kind: 'all', ...r.jobOpenings.total }].map((k) => row([k.kind, k.registered, k.open, k.filled, k.withdrawn, k.proposals, k.accepted, k.declined])).join('')}</tbody></table>
<table><thead><tr><th>target</th><th>kinds of opening</th><th>registered</th><th>filled</th><th>of</th></tr></thead><tbody>${r.jobOpenings.byTarget.map((t) => row([t.description, t.kinds.join(', '), t.registered, t.filled, t.target ?? '–'])).join('')}</tbody></table>`
    : ''
}
${r.capacity ? `<h2>Places in the cohort</h2><table><thead><tr><th>places for</th><th>planned</th><th>taken</th><th>free</th></tr></thead><tbody>${(['participants', 'companies'] as const).flatMap((k) => (r.capacity![k] ? [row([k, r.capacity![k]!.planned, r.capacity![k]!.taken, r.capacity![k]!.free])] : [])).join('')}</tbody></table>` : ''}
${r.waitlist ? `<p>Waitlist: ${r.waitlist.waiting} waiting for a participant place</p>` : ''}
<h2>Ledger</h2>
<table><thead><tr><th>entry</th><th>kind</th><th>date</th><th>amount</th><th>rate-card line</th><th>outcome</th><th>evidence</th><th>claim</th><th>reverses / reversed by</th></tr></thead><tbody>
${r.ledger.map((e) => row([`#${e.id}`, e.kind, e.occurredOn, dk(e.amountDkk), e.rateCardLine, `${e.outcomeKind ?? ''} ${e.outcomeId ?? ''}`, e.evidenceRef, e.claimStatus ?? '', e.reversesId ? `reverses #${e.reversesId}` : e.reversedById ? `reversed by #${e.reversedById}` : ''])).join('\n')}
</tbody></table>
<h2>Weeks with payments or outcomes</h2>
<table><thead><tr><th>week</th><th>from</th><th>payments</th><th>savings</th><th>cumulative net</th><th>ledger entries</th></tr></thead><tbody>
${r.weeks
  .filter((w) => w.ledgerEntryIds.length || Object.keys(w.outcomes).length)
  .map((w) => row([w.week, w.startsOn, dk(w.paymentsDkk), dk(w.savingsDkk), dk(w.netDkk), w.ledgerEntryIds.map((i) => `#${i}`).join(' ')]))
  .join('\n')}
</tbody></table>
<h2>Assumptions and sources</h2>
<p class="note">Every participant is assumed to be in benefit category <code>${esc(r.assumptions.category)}</code> with ${r.assumptions.benefitWeeksBefore} weeks on benefit before the start, unless given per participant; deadweight ${r.assumptions.deadweightPercent} %. ${esc(r.assumptions.weekRule)}. Partial jobs count pro rata to hours over ${r.assumptions.fullTimeHours}. Refund steps: ${esc(r.assumptions.refundStepsSource)}.</p>
<table><thead><tr><th>category</th><th>from</th><th>benefit</th><th>monthly</th><th>status</th><th>source</th></tr></thead><tbody>
${r.assumptions.ratesUsed.map((u) => row([u.category, u.validFrom, u.benefit, dk(u.monthly), u.status, u.source])).join('\n')}
</tbody></table>
${r.illustrative.length ? `<p class="note">Illustrative figures of the programme (not from its sources; replace them before real use):</p><table><thead><tr><th>field</th><th>value</th><th>why illustrative</th></tr></thead><tbody>${r.illustrative.map((f) => row([f.path, f.value, f.why])).join('')}</tbody></table>` : ''}
</body></html>
`;
}
