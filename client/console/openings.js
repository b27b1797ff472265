// One cohort's job openings (GET /api/cohorts/:cohortId/job-openings, `?cohort=…`): kind, company,
// status and next deadline as the opening's workflow projected them, its proposals; a resident is
// proposed by picking the track by name, an opening registered for a company picked by name. Danish
// unless English is chosen; dates are Copenhagen days.
import { CHOICES, renderActions } from './actions.js';
import { copenhagenDay, escapeHtml, formatDay, formatNumber } from './format.js';
import { currentLanguage, textsFor } from './i18n.js';
import { renderNav, roleName } from './nav.js';
import { callApi, pathOf, readToken } from './session.js';

const TEXTS = {
  da: {
    title: 'jobåbninger',
    colKind: 'Slags',
    colTitle: 'Stilling',
    colCompany: 'Virksomhed',
    colOpened: 'Meldt',
    colStatus: 'Status',
    colDeadline: 'Næste frist',
    colProposals: 'Forslag',
    colPropose: 'Foreslå beboer',
    registerHeading: 'Meld en jobåbning',
    company: 'Virksomhed (CVR)',
    kind: 'Slags',
    jobTitle: 'Stilling',
    hours: 'Timer om ugen',
    register: 'Meld jobåbningen',
    actionsHeading: 'Handlinger',
    kinds: {
      APPRENTICESHIP: 'Lære- eller elevplads',
      ORDINARY_JOB: 'Fuldtidsjob',
      FLEX_JOB: 'Fleksjob',
      FEW_HOURS_JOB: 'Job med få timer',
      INTERNSHIP: 'Praktikplads',
    },
    status: { OPEN: 'Åben', FILLED: 'Besat', WITHDRAWN: 'Trukket tilbage' },
    answer: { PROPOSED: 'afventer svar', ACCEPTED: 'ja', DECLINED: 'nej' },
    perWeek: (h) => `${h} t/uge`,
    resident: 'Beboer',
    choose: 'Vælg …',
    propose: 'Foreslå',
    someone: 'en beboer',
    none: 'Ingen jobåbninger.',
    count: (n) => `${n} jobåbning${n === '1' ? '' : 'er'}.`,
    scope: (name) => `Jobåbninger i ${name}`,
    proposed: 'Forslaget er sendt til virksomheden.',
    registered: 'Jobåbningen er meldt.',
    signIn: 'Log ind i konsollen først (et bearer token).',
    noCohort: 'Vælg en klynge: openings.html?cohort=<id>.',
    deadlines: [
      [/^propose a resident$/, () => 'foreslå en beboer'],
      [
        /^a proposal is overdue; the steering coordinator has been told$/,
        () => 'et forslag er forsinket; styregruppens koordinator har fået besked',
      ],
      [
        /^a proposal is overdue; the steering coordinator is told on (\d{4}-\d{2}-\d{2})$/,
        (m) => `et forslag er forsinket; styregruppens koordinator får besked ${formatDay(m[1], 'da')}`,
      ],
    ],
  },
  en: {
    title: 'job openings',
    colKind: 'Kind',
    colTitle: 'Position',
    colCompany: 'Company',
    colOpened: 'Registered',
    colStatus: 'Status',
    colDeadline: 'Next deadline',
    colProposals: 'Proposals',
    colPropose: 'Propose a resident',
    registerHeading: 'Register a job opening',
    company: 'Company (CVR)',
    kind: 'Kind',
    jobTitle: 'Position',
    hours: 'Hours a week',
    register: 'Register the job opening',
    actionsHeading: 'Actions',
    kinds: {
      APPRENTICESHIP: 'Apprenticeship',
      ORDINARY_JOB: 'Full-time job',
      FLEX_JOB: 'Flex job',
      FEW_HOURS_JOB: 'Job with few hours',
      INTERNSHIP: 'Internship',
    },
    status: { OPEN: 'Open', FILLED: 'Filled', WITHDRAWN: 'Withdrawn' },
    answer: { PROPOSED: 'awaiting an answer', ACCEPTED: 'yes', DECLINED: 'no' },
    perWeek: (h) => `${h} h/week`,
    resident: 'Resident',
    choose: 'Choose …',
    propose: 'Propose',
    someone: 'a resident',
    none: 'No job openings.',
    count: (n) => `${n} job opening${n === '1' ? '' : 's'}.`,
    scope: (name) => `Job openings in ${name}`,
    proposed: 'The proposal has been sent to the company.',
    registered: 'The job opening is registered.',
    signIn: 'Sign in to the console first (a bearer token).',
    noCohort: 'Choose a cohort: openings.html?cohort=<id>.',
    deadlines: [],
  },
};

const { lang, t } = textsFor(TEXTS);
const $ = (id) => document.getElementById(id);
let token = null;
const cohort = new URLSearchParams(location.search).get('cohort') ?? '';
const api = (path, options = {}) => callApi(token, path, options);
/** The cohort's participant tracks by name, for the proposals' pickers and names. */
let residents = [];

function showError(message) {
  $('error').textContent = message;
  $('error').hidden = !message;
}

function deadline(what) {
  for (const [pattern, write] of t.deadlines) {
    const m = pattern.exec(what ?? '');
    if (m) return write(m);
  }
  return what ?? '';
}

function residentPicker() {
  return `<select name="trackId" required aria-label="${escapeHtml(t.resident)}"><option value="">${escapeHtml(t.choose)}</option>${residents
    .map((r) => `<option value="${escapeHtml(r.value)}">${escapeHtml(r.label)}</option>`)
    .join('')}</select>`;
}

function row(o) {
  const tr = document.createElement('tr');
  tr.dataset.testid = 'opening-row';
  tr.dataset.openingId = o.id;
  const name = new Map(residents.map((r) => [r.value, r.name]));
  const proposals = o.matches
    .map(
      (m) =>
        `<span title="${escapeHtml(m.trackId)}">${escapeHtml(name.get(m.trackId) ?? t.someone)}</span>: ${escapeHtml(t.answer[m.status] ?? m.status)}`,
    )
    .join('<br>');
  tr.innerHTML = `
    <td>${escapeHtml(t.kinds[o.kind] ?? o.kindLabel)}${o.hoursPerWeek ? ` (${escapeHtml(t.perWeek(formatNumber(o.hoursPerWeek, lang)))})` : ''}</td>
    <td title="${escapeHtml(o.id)}">${escapeHtml(o.title)}</td>
    <td>${escapeHtml(o.companyName)} <small>CVR ${escapeHtml(o.cvr)}</small></td>
    <td>${escapeHtml(formatDay(o.openedOn, lang))}</td>
    <td>${escapeHtml(t.status[o.status] ?? o.status)}</td>
    <td>${o.nextDeadlineOn ? `${escapeHtml(formatDay(o.nextDeadlineOn, lang))} ${escapeHtml(deadline(o.nextDeadlineWhat))}` : '–'}</td>
    <td>${proposals || '–'}</td>
    <td>${
      o.status === 'OPEN'
        ? `<form data-propose="${escapeHtml(o.id)}">${residentPicker()} <button type="submit">${escapeHtml(t.propose)}</button></form>`
        : ''
    }</td>`;
  return tr;
}

async function load() {
  try {
    const rows = await api(`/api/cohorts/${encodeURIComponent(cohort)}/job-openings`);
    $('openings-rows').replaceChildren(...rows.map(row));
    $('openings-status').textContent = rows.length === 0 ? t.none : t.count(formatNumber(rows.length, lang));
    showError('');
  } catch (e) {
    showError(e.message);
  }
}

/** The register form's company: a picker of the cohort's companies when the list can be read, else the CVR typed. */
async function companyPicker() {
  let companies = [];
  try {
    companies = await CHOICES.companies(api, { cohortId: cohort });
  } catch {
    return;
  }
  if (!companies.length) return;
  const select = document.createElement('select');
  select.name = 'cvr';
  select.required = true;
  select.append(new Option(t.choose, ''), ...companies.map((c) => new Option(c.label, c.value)));
  $('register-form').querySelector('[name="cvr"]').replaceWith(select);
}

async function start() {
  document.querySelectorAll('[data-t]').forEach((el) => (el.textContent = t[el.dataset.t]));
  document.querySelectorAll('[data-kind]').forEach((el) => (el.textContent = t.kinds[el.dataset.kind]));
  document.title = `Dobbeltspor · ${t.title}`;
  renderNav($('nav'), currentLanguage(), cohort || null);
  token = readToken();
  if (!token) return showError(t.signIn);
  if (!cohort) return showError(t.noCohort);
  try {
    const me = await api('/api/me');
    $('whoami').textContent = `${me.sub} · ${roleName(me.role, lang)}`;
    const name = (await api('/api/cohorts')).find((c) => c.id === cohort)?.name ?? cohort;
    $('openings-scope').textContent = t.scope(name);
    residents = await CHOICES.participantTracks(api, { cohortId: cohort }).catch(() => []);
    await companyPicker();
    // The steps on the cohort's openings (answer a proposal, withdraw, invite the companies), confirmed and answered in words.
    renderActions($('opening-actions'), 'opening', {
      role: me.role,
      lang,
      today: copenhagenDay(new Date().toISOString()),
      api,
      context: () => ({ cohortId: cohort }),
      done: () => load(),
    });
  } catch (e) {
    return showError(e.message);
  }
  await load();
}

$('openings-rows').addEventListener('submit', async (e) => {
  const form = e.target.closest('form[data-propose]');
  if (!form) return;
  e.preventDefault();
  try {
    const trackId = new FormData(form).get('trackId');
    await api(pathOf('/api/job-openings/:openingId/proposals', { openingId: form.dataset.propose }), {
      method: 'POST',
      body: JSON.stringify({ trackId }),
    });
    // After the reload, which writes the count there: the answer stays in view.
    await load();
    $('openings-status').textContent = t.proposed;
  } catch (err) {
    showError(err.message);
  }
});

$('register-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const data = new FormData(e.target);
  const body = { cvr: data.get('cvr'), kind: data.get('kind'), title: data.get('title') };
  if (data.get('hoursPerWeek')) body.hoursPerWeek = Number(data.get('hoursPerWeek'));
  try {
    await api(pathOf('/api/cohorts/:cohortId/job-openings', { cohortId: cohort }), { method: 'POST', body: JSON.stringify(body) });
    e.target.reset();
    await load();
    $('openings-status').textContent = t.registered;
  } catch (err) {
    showError(err.message);
  }
});

start();
