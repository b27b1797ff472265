// The cohort dashboard (GET /api/cohorts/:cohortId/dashboard): plain browser JavaScript, no build step,
// Danish unless English is chosen (words in dashboard-texts.js), times as in Denmark (Europe/Copenhagen,
// the zone named) whatever the browser's zone. Each figure that counts tracks links to the track list
// with the same filters.
import { copenhagenDay, escapeHtml, formatAmount, formatInstant } from './format.js';
import { renderActions } from './actions.js';
import { DASHBOARD_TEXTS } from './dashboard-texts.js';
import { currentLanguage, textsFor } from './i18n.js';
import { renderNav, roleName } from './nav.js';
import { callApi, readToken } from './session.js';

const { lang, t } = textsFor(DASHBOARD_TEXTS);
const INSTANT = { format: (date) => formatInstant(date.toISOString(), lang) };
const NUMBER = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'da-DK');
const PERCENT = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'da-DK', { style: 'percent', maximumFractionDigits: 0 });

const COMPANY_PHASES = t.companyPhases;
const PARTICIPANT_PHASES = t.participantPhases;
const CAMP_KINDS = t.campKinds;
const CAMP_STATUS = t.campStatus;
const COHORT_STATUS = t.cohortStatus;

const $ = (id) => document.getElementById(id);
let token = null;
let role = null;
/** Each cohort's programme, by cohort id: a participant registered from the dashboard is the programme's. */
const programmeOf = new Map();
const api = (path) => callApi(token, path);

function showError(message) {
  $('error').textContent = message;
  $('error').hidden = !message;
}

/** The track list filtered to what a figure counts. */
function tracksLink(filter) {
  const q = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined && v !== ''));
  return `/console/index.html?${q}`;
}

/** A figure, linked to the list it counts; `testid` names it for tests and screen readers alike. */
function figure(n, filter, testid, title) {
  const text = NUMBER.format(n);
  const attrs = `data-testid="${escapeHtml(testid)}"${title ? ` title="${escapeHtml(title)}"` : ''}`;
  return filter
    ? `<a class="figure" href="${escapeHtml(tracksLink(filter))}" ${attrs}>${text}</a>`
    : `<span class="figure" ${attrs}>${text}</span>`;
}

function phaseList(kind, labels, counts, cohort, code) {
  const items = Object.entries(labels)
    .filter(([phase]) => counts[phase])
    .map(
      ([phase, label]) =>
        `<li>${escapeHtml(label)}: ${figure(counts[phase], { kind, cohort, municipality: code, phase }, `${kind}-${code}-${phase}`, label)}</li>`,
    );
  return items.length ? `<ul class="phases">${items.join('')}</ul>` : '–';
}

function municipalityRow(cohortId, m) {
  const tr = document.createElement('tr');
  tr.dataset.testid = 'municipality-row';
  tr.dataset.municipality = m.code;
  const s = m.selection;
  const company = (phase) => ({ kind: 'company', cohort: cohortId, municipality: m.code, phase });
  const rate = m.attendance.rate === null ? t.noAttendance : PERCENT.format(m.attendance.rate);
  tr.innerHTML = `
    <td title="${escapeHtml(t.municipalityCode(m.code))}">${escapeHtml(m.name)}${m.employmentActor ? `<small>${escapeHtml(m.employmentActor)}</small>` : ''}</td>
    <td class="num"><span data-testid="slots-used-${m.code}">${NUMBER.format(m.slotsUsed)}</span> / <span data-testid="slots-${m.code}">${NUMBER.format(m.slots)}</span></td>
    <td class="num ${m.slotsFree === 0 ? 'full' : ''}" data-testid="slots-free-${m.code}">${NUMBER.format(m.slotsFree)}</td>
    <td>${t.pipeline.bootCamp} ${figure(s.atBootCamp, company('BOOT_CAMP'), `pipeline-bootcamp-${m.code}`)}
      → ${t.pipeline.attended} ${figure(s.bootCampAttended, null, `pipeline-attended-${m.code}`, t.attendedTip)}
      → ${t.pipeline.selection} ${figure(s.awaitingSelection, company('SELECTION'), `pipeline-selection-${m.code}`)}
      → ${t.pipeline.selected} ${figure(s.selected, null, `pipeline-selected-${m.code}`)} ${t.pipeline.of} ${NUMBER.format(m.slots)}</td>
    <td>${phaseList('company', COMPANY_PHASES, m.companiesByPhase, cohortId, m.code)}</td>
    <td>${t.total} ${figure(m.participants, { kind: 'participant', cohort: cohortId, municipality: m.code }, `participants-${m.code}`)}
      ${phaseList('participant', PARTICIPANT_PHASES, m.participantsByPhase, cohortId, m.code)}</td>
    <td data-testid="attendance-${m.code}">${escapeHtml(rate)}${
      m.attendance.weeksRecorded
        ? `<small>${escapeHtml(t.hoursRecorded(NUMBER.format(m.attendance.hoursRecorded), NUMBER.format(m.attendance.hoursPlanned), NUMBER.format(m.attendance.weeksRecorded), NUMBER.format(m.attendance.hoursPerWeek)))}</small>`
        : ''
    }</td>`;
  return tr;
}

const S = t.selection;
/** Phases in which the coordinator still decides: the boot camp and the selection after it. */
const UNDECIDED = ['BOOT_CAMP', 'SELECTION'];
/** The last answer to a selection, per municipality: kept across the page's refreshes. */
const selectionResults = new Map();
/** The municipalities as last loaded, by code: what a selection button's question and answer tell. */
const municipalityOf = new Map();

const pladser = (n) => S.places(NUMBER.format(n));

/** One municipality's companies with their boot-camp answer and attendance, and the buttons to decide. */
function selectionBlock(m) {
  const section = document.createElement('section');
  section.className = 'selection-block';
  section.dataset.testid = 'selection-municipality';
  section.dataset.municipality = m.code;
  const writer = role === 'coordinator';
  const rows = m.selection.companies.map((c) => {
    const open = UNDECIDED.includes(c.phase);
    const buttons =
      writer && open
        ? `<button type="button" data-decision="select" data-cvr="${escapeHtml(c.cvr)}">${escapeHtml(S.select)}</button><button type="button" data-decision="reject" data-cvr="${escapeHtml(c.cvr)}">${escapeHtml(S.reject)}</button>`
        : '';
    return `<tr data-testid="selection-company" data-cvr="${escapeHtml(c.cvr)}" data-phase="${escapeHtml(c.phase)}">
      <td title="CVR ${escapeHtml(c.cvr)}">${escapeHtml(c.name)}</td>
      <td data-testid="selection-rsvp">${escapeHtml(c.bootCamp.rsvp ? S.rsvp[c.bootCamp.rsvp] : S.notInvited)}</td>
      <td data-testid="selection-attended">${escapeHtml(S.came[String(c.bootCamp.attended)])}</td>
      <td data-testid="selection-phase">${escapeHtml(COMPANY_PHASES[c.phase] ?? c.phase)}</td>
      <td>${buttons}</td></tr>`;
  });
  const said = selectionResults.get(m.code);
  section.innerHTML = `
    <h3>${escapeHtml(m.name)}<small data-testid="selection-slots-${escapeHtml(m.code)}">${escapeHtml(S.slots(pladser(m.slots), NUMBER.format(m.slotsUsed), NUMBER.format(m.slotsFree)))}</small></h3>
    <table><thead><tr>${S.cols.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>
    <tbody>${rows.join('') || `<tr><td colspan="5">${escapeHtml(S.none)}</td></tr>`}</tbody></table>
    <p class="result ${said ? (said.ok ? 'ok' : 'refused') : ''}" role="status" data-testid="selection-result">${escapeHtml(said?.text ?? '')}</p>`;
  return section;
}

/** The refusal in words: the API's code told in Danish, its message where the page knows no better. */
function selectionRefusal(err, m, company) {
  switch (err.code) {
    case 'SLOTS_EXCEEDED':
      return S.full(m.name, pladser(m.slots), company.name);
    case 'INVALID_STATE':
      return S.decided(company.name);
    case 'FORBIDDEN':
      return S.forbidden;
    default:
      return S.refused(err.message);
  }
}

/** A company chosen or turned down from its row: the same operation as `dobbeltspor select companies`. */
async function decide(button) {
  const cohortId = $('cohort-select').value;
  const m = municipalityOf.get(button.closest('[data-municipality]').dataset.municipality);
  const company = m?.selection.companies.find((c) => c.cvr === button.dataset.cvr);
  if (!m || !company) return;
  const select = button.dataset.decision === 'select';
  const unseen = company.bootCamp.attended === true ? '' : S.unseen;
  const question = select
    ? S.askSelect(company.name, m.name, pladser(m.slots), NUMBER.format(m.slotsFree), unseen)
    : S.askReject(company.name);
  if (!confirm(question)) return;
  for (const b of button.closest('tr').querySelectorAll('button')) b.disabled = true;
  try {
    const r = await callApi(token, `/api/cohorts/${encodeURIComponent(cohortId)}/selection`, {
      method: 'POST',
      body: JSON.stringify({
        municipalityCode: m.code,
        ...(select ? { selected: [company.cvr] } : { selected: [], notSelected: [company.cvr] }),
      }),
    });
    const after = r.municipalities.find((x) => x.code === m.code);
    selectionResults.set(m.code, {
      ok: true,
      text: select
        ? S.selected(company.name, NUMBER.format(after?.taken ?? m.slotsUsed + 1), pladser(m.slots), m.name)
        : S.rejected(company.name),
    });
  } catch (err) {
    selectionResults.set(m.code, { ok: false, text: selectionRefusal(err, m, company) });
    // Refused, nothing changed; the figures are read again all the same (someone else may have decided).
    await load(cohortId);
    return;
  }
  await loadUntilDecided(cohortId, company.cvr);
}

/** Reloads until the company's new phase shows (a company turned down is written a moment after the answer). */
async function loadUntilDecided(cohortId, cvr) {
  for (let i = 0; i < 10; i++) {
    const d = await load(cohortId);
    const phase = d?.municipalities.flatMap((m) => m.selection.companies).find((c) => c.cvr === cvr)?.phase;
    if (!phase || !UNDECIDED.includes(phase)) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function campRow(c) {
  const tr = document.createElement('tr');
  tr.dataset.testid = 'camp-row';
  tr.dataset.campId = c.id;
  const cell = (n, key) => `<td class="num" data-testid="camp-${key}">${NUMBER.format(n)}</td>`;
  const share = (n) => (c.invited ? ` <small>${PERCENT.format(n / c.invited)}</small>` : '');
  tr.innerHTML = `
    <td title="${escapeHtml(c.id)}">${escapeHtml(c.title)}<small>${escapeHtml(CAMP_KINDS[c.kind] ?? c.kind)}, ${escapeHtml(CAMP_STATUS[c.status] ?? c.status)} · ${escapeHtml(c.location)}</small></td>
    <td><time datetime="${escapeHtml(c.startsAt)}">${escapeHtml(INSTANT.format(new Date(c.startsAt)))}</time></td>
    ${cell(c.invited, 'invited')}
    <td class="num" data-testid="camp-yes">${NUMBER.format(c.yes)}${share(c.yes)}</td>
    <td class="num" data-testid="camp-no">${NUMBER.format(c.no)}${share(c.no)}</td>
    <td class="num" data-testid="camp-no-answer">${NUMBER.format(c.noAnswer)}${share(c.noAnswer)}</td>
    <td class="num" data-testid="camp-attended">${NUMBER.format(c.attended)}${share(c.attended)}</td>
    <td data-testid="camp-not-answered">${c.notAnswered.length ? c.notAnswered.map((x) => `<span title="CVR ${escapeHtml(x.cvr)}">${escapeHtml(x.name)}</span>`).join(', ') : '–'}</td>`;
  return tr;
}

function renderResults(r) {
  if (!r.available) {
    $('results').innerHTML = `<p>${escapeHtml(t.noReport(r.reason))}</p>`;
    return;
  }
  const targets = r.targets.length
    ? `<table data-testid="targets"><thead><tr>${t.targetCols.map((c, i) => `<th${i ? ' class="num"' : ''}>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>${r.targets
        .map(
          (t) =>
            `<tr data-testid="target-row" data-target="${escapeHtml(t.id)}"><td title="${escapeHtml(t.id)}">${escapeHtml(t.description)}</td><td class="num" data-testid="target-achieved">${NUMBER.format(t.achieved)}</td><td class="num" data-testid="target-target">${NUMBER.format(t.target)}</td><td class="num ${t.met ? 'met' : ''}">${NUMBER.format(t.percent)} %${t.met ? ' ✓' : ''}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : `<p>${escapeHtml(t.noTargets)}</p>`;
  // The report's headline is written in English with its ids: read on an English page, a tooltip on a Danish one.
  const amount = (dkk) => formatAmount(Number(dkk), lang);
  $('results').innerHTML = `
    ${lang === 'en' ? `<p data-testid="report-headline">${escapeHtml(r.headline)}</p>` : ''}
    <p class="computed" title="${escapeHtml(r.headline)}">${escapeHtml(t.computed(INSTANT.format(new Date(r.computedAt))))}</p>
    <dl>
      <dt>${escapeHtml(t.outcomes)}</dt><dd data-testid="outcomes">${NUMBER.format(r.outcomes)}</dd>
      <dt>${escapeHtml(t.ledgerEntries)}</dt><dd data-testid="ledger-entries">${NUMBER.format(r.ledgerEntries)}</dd>
      <dt>${escapeHtml(t.payments)}</dt><dd data-testid="payments">${escapeHtml(amount(r.paymentsDkk))}</dd>
      <dt>${escapeHtml(t.savings)}</dt><dd>${escapeHtml(amount(r.savingsDkk))}</dd>
      <dt>${escapeHtml(t.net)}</dt><dd>${escapeHtml(amount(r.netDkk))}</dd>
    </dl>
    ${targets}`;
}

/** The outbox list is the operators' (GET /api/emails): for them each figure links to its mails. */
function mailFigure(n, cohortId, status, testid) {
  const text = NUMBER.format(n);
  if (role !== 'operator') return `<span data-testid="${testid}">${text}</span>`;
  const q = new URLSearchParams({ cohort: cohortId, status });
  return `<a class="figure" href="/console/outbox.html?${q}" data-testid="${testid}">${text}</a>`;
}

function renderMails(cohortId, mails) {
  $('mails').innerHTML = `
    <dt>${escapeHtml(t.sent)}</dt><dd>${mailFigure(mails.sent, cohortId, 'SENT', 'mails-sent')}</dd>
    <dt>${escapeHtml(t.pending)}</dt><dd>${mailFigure(mails.pending, cohortId, 'PENDING', 'mails-pending')}</dd>
    <dt>${escapeHtml(t.failed)}</dt><dd class="${mails.failed ? 'full' : ''}">${mailFigure(mails.failed, cohortId, 'FAILED', 'mails-failed')}</dd>`;
}

async function load(cohortId) {
  try {
    const d = await api(`/api/cohorts/${encodeURIComponent(cohortId)}/dashboard`);
    $('cohort-facts').textContent = `${d.cohort.programmeName} · ${d.cohort.year} · ${COHORT_STATUS[d.cohort.status] ?? d.cohort.status}`;
    $('generated').textContent = t.updated(INSTANT.format(new Date(d.generatedAt)));
    $('municipality-rows').replaceChildren(...d.municipalities.map((m) => municipalityRow(d.cohort.id, m)));
    municipalityOf.clear();
    for (const m of d.municipalities) municipalityOf.set(m.code, m);
    $('selection').replaceChildren(...d.municipalities.filter((m) => m.selection.companies.length).map(selectionBlock));
    $('camp-rows').replaceChildren(...d.camps.map(campRow));
    if (!d.camps.length) $('camp-rows').innerHTML = `<tr><td colspan="8">${escapeHtml(t.noCamps)}</td></tr>`;
    renderResults(d.results);
    renderMails(d.cohort.id, d.mails);
    showError('');
    return d;
  } catch (e) {
    showError(e.message);
    return undefined;
  }
}

/** The page's fixed words in the chosen language, and the links to the other pages with the language switch. */
function writeWords() {
  document.querySelectorAll('[data-t]').forEach((el) => (el.textContent = t[el.dataset.t]));
  document.querySelectorAll('[data-t-title]').forEach((el) => (el.title = t[el.dataset.tTitle]));
  document.title = `Dobbeltspor · ${t.title}`;
  showNav(new URLSearchParams(location.search).get('cohort'));
}

/** The links to the other pages, carrying the cohort shown, and the language switch. */
function showNav(cohortId) {
  $('nav').replaceChildren();
  renderNav($('nav'), currentLanguage(), cohortId);
}

async function start() {
  writeWords();
  token = readToken();
  if (!token) {
    showError(t.signIn);
    return;
  }
  try {
    const me = await api('/api/me');
    $('whoami').textContent = `${me.sub} · ${roleName(me.role, lang)}`;
    role = me.role;
    // The cohort's own actions (selection within the slots, late enrolment, pause, close …), confirmed and answered in words.
    renderActions($('cohort-actions'), 'cohort', {
      role,
      lang,
      today: copenhagenDay(new Date().toISOString()),
      api: (path, options) => callApi(token, path, options),
      context: () => ({ cohortId: $('cohort-select').value, programmeId: programmeOf.get($('cohort-select').value) }),
      done: () => load($('cohort-select').value),
    });
    const cohorts = await api('/api/cohorts');
    const select = $('cohort-select');
    for (const c of cohorts) {
      programmeOf.set(c.id, c.programmeId);
      select.append(new Option(`${c.name} (${c.programmeName})`, c.id));
    }
    const wanted = new URLSearchParams(location.search).get('cohort');
    if (wanted && cohorts.some((c) => c.id === wanted)) select.value = wanted;
    if (!select.value) {
      showError(t.noCohorts);
      return;
    }
    showNav(select.value);
    await load(select.value);
  } catch (e) {
    showError(e.message);
  }
}

$('selection').addEventListener('click', (e) => {
  const button = e.target.closest('button[data-decision]');
  if (button) decide(button);
});
$('cohort-select').addEventListener('change', () => {
  selectionResults.clear();
  // The cohort goes into the address, so the view can be bookmarked and shared.
  history.replaceState(null, '', `${location.pathname}?cohort=${encodeURIComponent($('cohort-select').value)}`);
  showNav($('cohort-select').value);
  load($('cohort-select').value);
});
// The figures refresh themselves while the page is shown.
setInterval(() => {
  if (token && document.visibilityState === 'visible' && $('cohort-select').value) load($('cohort-select').value);
}, 60_000);
start();
