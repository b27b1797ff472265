// The operator's view of stuck workflows (GET /api/workflows/stuck): plain browser JavaScript, no
// build step, Danish unless English is chosen, times as in Denmark (Europe/Copenhagen, the zone named)
// whatever the browser's zone.
import { escapeHtml, formatInstant, formatNumber } from './format.js';
import { currentLanguage, textsFor } from './i18n.js';
import { renderNav, roleName } from './nav.js';
import { callApi, readToken, retryEmailOnClick } from './session.js';

const TEXTS = {
  da: {
    title: 'fastlåste workflows',
    intro:
      'Workflows, der er fejlet, afbrudt eller tidsudløbet, og kørende workflows, hvis aktiviteter bliver ved med at fejle, eller hvis workflow-opgaver fejler (fx non-determinisme). Læst direkte fra Temporal, ikke fra oversigten i databasen.',
    minAttempts: 'En aktivitet regnes som fastlåst fra forsøg nr.',
    daysBefore: 'Afsluttede workflows fra de seneste',
    daysAfter: 'dage',
    refresh: 'Opdatér',
    colWorkflow: 'Workflow',
    colProblem: 'Problem',
    colError: 'Fejl',
    colSince: 'Siden',
    colAction: 'Handling',
    kinds: {
      participantTrackWorkflow: 'Deltagerforløb',
      companyTrackWorkflow: 'Virksomhedsforløb',
      cohortWorkflow: 'Klynge',
      campInvitationWorkflow: 'Campinvitation',
      resendEmailWorkflow: 'E-mail sendt igen af en operatør',
    },
    problems: { FAILED: 'Fejlet', TERMINATED: 'Afbrudt', TIMED_OUT: 'Tidsudløbet' },
    activityRetrying: (n) => `Aktivitet prøver igen (forsøg ${n})`,
    taskFailing: (n) => `Workflow-opgave fejler (forsøg ${n})`,
    activity: 'aktivitet',
    temporal: 'Åbn i Temporal Web UI ↗',
    retry: 'Prøv e-mailen igen',
    fixCause: (mail) =>
      `Ret årsagen${mail ? ' (fx SMTP-serveren)' : ''}; aktiviteten prøver selv igen.${mail ? ' Giver den op, vises e-mailen her med knappen »Prøv e-mailen igen«.' : ''}`,
    reset: 'Ret årsagen, og nulstil derefter workflowet:',
    loading: 'Henter fra Temporal …',
    status: (n, scanned, truncated) =>
      `${n === 0 ? 'Ingen fastlåste workflows.' : `${n} fastlåst${n === 1 ? '' : 'e'} workflow${n === 1 ? '' : 's'}.`} ${scanned} kørende workflows gennemset${truncated ? ' (flere kører end gennemset)' : ''}.`,
    signIn: 'Log ind i konsollen først (et bearer token med rollen drift).',
    retried: 'E-mailen sendes igen.',
  },
  en: {
    title: 'stuck workflows',
    intro:
      'Workflows that failed, were terminated or timed out, and running workflows whose activities keep failing or whose workflow tasks fail (e.g. non-determinism). Read straight from Temporal, not from the overview in the database.',
    minAttempts: 'An activity counts as stuck from attempt no.',
    daysBefore: 'Closed workflows of the last',
    daysAfter: 'days',
    refresh: 'Refresh',
    colWorkflow: 'Workflow',
    colProblem: 'Problem',
    colError: 'Error',
    colSince: 'Since',
    colAction: 'Action',
    kinds: {
      participantTrackWorkflow: 'Participant track',
      companyTrackWorkflow: 'Company track',
      cohortWorkflow: 'Cohort',
      campInvitationWorkflow: 'Camp invitation',
      resendEmailWorkflow: 'E-mail resent by an operator',
    },
    problems: { FAILED: 'Failed', TERMINATED: 'Terminated', TIMED_OUT: 'Timed out' },
    activityRetrying: (n) => `Activity retrying (attempt ${n})`,
    taskFailing: (n) => `Workflow task failing (attempt ${n})`,
    activity: 'activity',
    temporal: 'Open in Temporal Web UI ↗',
    retry: 'Retry the e-mail',
    fixCause: (mail) =>
      `Fix the cause${mail ? ' (e.g. the SMTP server)' : ''}; the activity retries by itself.${mail ? ' Should it give up, the e-mail shows here with the button "Retry the e-mail".' : ''}`,
    reset: 'Fix the cause, then reset the workflow:',
    loading: 'Reading from Temporal …',
    status: (n, scanned, truncated) =>
      `${n === 0 ? 'No stuck workflows.' : `${n} stuck workflow${n === 1 ? '' : 's'}.`} ${scanned} running workflows scanned${truncated ? ' (more are running than were scanned)' : ''}.`,
    signIn: 'Sign in to the console first (a bearer token with the operator role).',
    retried: 'The e-mail is being sent again.',
  },
};
const { lang, t } = textsFor(TEXTS);

function problemText(item) {
  if (item.problem === 'ACTIVITY_RETRYING') return t.activityRetrying(formatNumber(item.attempts, lang));
  if (item.problem === 'WORKFLOW_TASK_FAILING') return t.taskFailing(formatNumber(item.attempts, lang));
  return t.problems[item.problem] ?? item.problem;
}

const $ = (id) => document.getElementById(id);
let token = null;

function showError(message) {
  $('error').textContent = message;
  $('error').hidden = !message;
}

const api = (path, options = {}) => callApi(token, path, options);

function actionCell(item) {
  if (item.action.kind === 'retry-email') {
    return item.action.outboxIds
      .map(
        (id) =>
          `<button type="button" data-action="retry-email" data-ref="${escapeHtml(id)}" title="E-mail ${escapeHtml(id)}">${escapeHtml(t.retry)}</button>`,
      )
      .join(' ');
  }
  if (item.action.kind === 'fix-cause') {
    const mail = /mail/i.test(item.activity ?? '');
    return escapeHtml(t.fixCause(mail));
  }
  return `${escapeHtml(t.reset)}<code>${escapeHtml(item.action.command)}</code>`;
}

function row(item) {
  const tr = document.createElement('tr');
  tr.dataset.testid = 'stuck-row';
  tr.dataset.workflowId = item.workflowId;
  tr.dataset.problem = item.problem;
  const kind = t.kinds[item.type] ?? item.type;
  const retrying = item.problem === 'ACTIVITY_RETRYING' || item.problem === 'WORKFLOW_TASK_FAILING';
  tr.innerHTML = `
    <td><span title="${escapeHtml(`${item.type} · ${item.workflowId}`)}">${escapeHtml(kind)}</span>
      <small><a href="${escapeHtml(item.temporalUrl)}" target="_blank" rel="noopener" title="${escapeHtml(item.workflowId)}">${escapeHtml(t.temporal)}</a></small></td>
    <td><span class="problem${retrying ? ' retrying' : ''}">${escapeHtml(problemText(item))}</span>${item.activity ? `<small title="${escapeHtml(item.activity)}">${escapeHtml(t.activity)} ${escapeHtml(item.activity)}</small>` : ''}</td>
    <td class="error">${escapeHtml(item.error)}</td>
    <td><time datetime="${escapeHtml(item.since)}">${escapeHtml(formatInstant(item.since, lang))}</time></td>
    <td>${actionCell(item)}</td>`;
  return tr;
}

async function load() {
  const q = new URLSearchParams({ minAttempts: $('min-attempts').value || '3', days: $('days').value || '30' });
  $('stuck-status').textContent = t.loading;
  try {
    const result = await api(`/api/workflows/stuck?${q}`);
    $('stuck-rows').replaceChildren(...result.items.map(row));
    const n = result.items.length;
    $('stuck-status').textContent = t.status(n, result.runningScanned, result.runningTruncated);
    showError('');
  } catch (e) {
    $('stuck-status').textContent = '';
    showError(e.message);
  }
}

async function start() {
  document.querySelectorAll('[data-t]').forEach((el) => (el.textContent = t[el.dataset.t]));
  document.title = `Dobbeltspor · ${t.title}`;
  renderNav($('nav'), currentLanguage());
  token = readToken();
  if (!token) {
    showError(t.signIn);
    return;
  }
  try {
    const me = await api('/api/me');
    $('whoami').textContent = `${me.sub} · ${roleName(me.role, lang)}`;
  } catch (e) {
    showError(e.message);
    return;
  }
  await load();
}

$('stuck-filters').addEventListener('submit', (e) => {
  e.preventDefault();
  load();
});
retryEmailOnClick($('stuck-rows'), 'button[data-action="retry-email"]', api, (status, error) => {
  if (status) $('stuck-status').textContent = t.retried;
  showError(error);
});
// The list refreshes itself, so a retried or reset workflow leaves it without a reload.
setInterval(() => {
  if (token && document.visibilityState === 'visible') load();
}, 30_000);
start();
