// One cohort's job openings (GET /api/cohorts/:cohortId/job-openings, `?cohort=…`): kind, company,
// status and next deadline as the opening's workflow projected them, its proposals; a resident is
// proposed by the track's id, an opening registered for a company. Danish; dates are Copenhagen days.
import { renderActions } from './actions.js';
import { escapeHtml } from './format.js';
import { callApi, pathOf, readToken } from './session.js';

const STATUS = { OPEN: 'Åben', FILLED: 'Besat', WITHDRAWN: 'Trukket tilbage' };
const ANSWER = { PROPOSED: 'afventer svar', ACCEPTED: 'ja', DECLINED: 'nej' };

const $ = (id) => document.getElementById(id);
let token = null;
const cohort = new URLSearchParams(location.search).get('cohort') ?? '';
const api = (path, options = {}) => callApi(token, path, options);

function showError(message) {
  $('error').textContent = message;
  $('error').hidden = !message;
}

function row(o) {
  const tr = document.createElement('tr');
  tr.dataset.testid = 'opening-row';
  tr.dataset.openingId = o.id;
  const proposals = o.matches.map((m) => `${escapeHtml(m.trackId)}: ${escapeHtml(ANSWER[m.status] ?? m.status)}`).join('<br>');
  tr.innerHTML = `
    <td>${escapeHtml(o.kindLabel)}${o.hoursPerWeek ? ` (${escapeHtml(o.hoursPerWeek)} t/uge)` : ''}</td>
    <td title="${escapeHtml(o.id)}">${escapeHtml(o.title)}</td>
    <td>${escapeHtml(o.companyName)} <small>CVR ${escapeHtml(o.cvr)}</small></td>
    <td>${escapeHtml(o.openedOn)}</td>
    <td>${escapeHtml(STATUS[o.status] ?? o.status)}</td>
    <td>${o.nextDeadlineOn ? `${escapeHtml(o.nextDeadlineOn)} ${escapeHtml(o.nextDeadlineWhat ?? '')}` : '–'}</td>
    <td>${proposals || '–'}</td>
    <td>${
      o.status === 'OPEN'
        ? `<form data-propose="${escapeHtml(o.id)}"><input name="trackId" required placeholder="forløbets id" aria-label="Forløbets id"> <button type="submit">Foreslå</button></form>`
        : ''
    }</td>`;
  return tr;
}

async function load() {
  try {
    const rows = await api(`/api/cohorts/${encodeURIComponent(cohort)}/job-openings`);
    $('openings-rows').replaceChildren(...rows.map(row));
    $('openings-status').textContent =
      rows.length === 0 ? 'Ingen jobåbninger.' : `${rows.length} jobåbning${rows.length === 1 ? '' : 'er'}.`;
    showError('');
  } catch (e) {
    showError(e.message);
  }
}

async function start() {
  token = readToken();
  if (!token) return showError('Log ind i konsollen først (et bearer token).');
  if (!cohort) return showError('Vælg en klynge: openings.html?cohort=<id>.');
  try {
    const me = await api('/api/me');
    $('whoami').textContent = `${me.sub} · ${me.role}`;
    $('openings-scope').textContent = `Jobåbninger i ${cohort}`;
    $('back-link').href = `/console/dashboard.html?cohort=${encodeURIComponent(cohort)}`;
    // The steps on the cohort's openings (answer a proposal, withdraw, invite the companies), confirmed and answered in words.
    renderActions($('opening-actions'), 'opening', {
      role: me.role,
      lang: 'da',
      today: new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen' }).format(new Date()),
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
    $('openings-status').textContent = 'Forslaget er sendt til virksomheden.';
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
    $('openings-status').textContent = 'Jobåbningen er meldt.';
  } catch (err) {
    showError(err.message);
  }
});

start();
