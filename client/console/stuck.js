// The operator's view of stuck workflows (GET /api/workflows/stuck): plain browser JavaScript, no
// build step, Danish, times as in Denmark (Europe/Copenhagen, the zone named) whatever the browser's zone.
import { escapeHtml } from './format.js';
import { callApi, readToken, retryEmailOnClick } from './session.js';

const INSTANT = new Intl.DateTimeFormat('da-DK', {
  timeZone: 'Europe/Copenhagen',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});

const KINDS = {
  participantTrackWorkflow: 'Deltagerforløb',
  companyTrackWorkflow: 'Virksomhedsforløb',
  cohortWorkflow: 'Klynge',
  campInvitationWorkflow: 'Campinvitation',
  resendEmailWorkflow: 'E-mail sendt igen af en operatør',
};

function problemText(item) {
  switch (item.problem) {
    case 'FAILED':
      return 'Fejlet';
    case 'TERMINATED':
      return 'Afbrudt';
    case 'TIMED_OUT':
      return 'Tidsudløbet';
    case 'ACTIVITY_RETRYING':
      return `Aktivitet prøver igen (forsøg ${item.attempts})`;
    case 'WORKFLOW_TASK_FAILING':
      return `Workflow-opgave fejler (forsøg ${item.attempts})`;
    default:
      return item.problem;
  }
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
          `<button type="button" data-action="retry-email" data-ref="${escapeHtml(id)}" title="E-mail ${escapeHtml(id)}">Prøv e-mailen igen</button>`,
      )
      .join(' ');
  }
  if (item.action.kind === 'fix-cause') {
    const mail = /mail/i.test(item.activity ?? '');
    return `Ret årsagen${mail ? ' (fx SMTP-serveren)' : ''}; aktiviteten prøver selv igen.${mail ? ' Giver den op, vises e-mailen her med knappen »Prøv e-mailen igen«.' : ''}`;
  }
  return `Ret årsagen, og nulstil derefter workflowet:<code>${escapeHtml(item.action.command)}</code>`;
}

function row(item) {
  const tr = document.createElement('tr');
  tr.dataset.testid = 'stuck-row';
  tr.dataset.workflowId = item.workflowId;
  tr.dataset.problem = item.problem;
  const kind = KINDS[item.type] ?? item.type;
  const retrying = item.problem === 'ACTIVITY_RETRYING' || item.problem === 'WORKFLOW_TASK_FAILING';
  tr.innerHTML = `
    <td><span title="${escapeHtml(`${item.type} · ${item.workflowId}`)}">${escapeHtml(kind)}</span>
      <small><a href="${escapeHtml(item.temporalUrl)}" target="_blank" rel="noopener" title="${escapeHtml(item.workflowId)}">Åbn i Temporal Web UI ↗</a></small></td>
    <td><span class="problem${retrying ? ' retrying' : ''}">${escapeHtml(problemText(item))}</span>${item.activity ? `<small title="${escapeHtml(item.activity)}">aktivitet ${escapeHtml(item.activity)}</small>` : ''}</td>
    <td class="error">${escapeHtml(item.error)}</td>
    <td><time datetime="${escapeHtml(item.since)}">${escapeHtml(INSTANT.format(new Date(item.since)))}</time></td>
    <td>${actionCell(item)}</td>`;
  return tr;
}

async function load() {
  const q = new URLSearchParams({ minAttempts: $('min-attempts').value || '3', days: $('days').value || '30' });
  $('stuck-status').textContent = 'Henter fra Temporal …';
  try {
    const result = await api(`/api/workflows/stuck?${q}`);
    $('stuck-rows').replaceChildren(...result.items.map(row));
    const n = result.items.length;
    $('stuck-status').textContent =
      `${n === 0 ? 'Ingen fastlåste workflows.' : `${n} fastlåst${n === 1 ? '' : 'e'} workflow${n === 1 ? '' : 's'}.`} ${result.runningScanned} kørende workflows gennemset${result.runningTruncated ? ' (flere kører end gennemset)' : ''}.`;
    showError('');
  } catch (e) {
    $('stuck-status').textContent = '';
    showError(e.message);
  }
}

async function start() {
  token = readToken();
  if (!token) {
    showError('Log ind i konsollen først (et bearer token med rollen operator).');
    return;
  }
  try {
    const me = await api('/api/me');
    $('whoami').textContent = `${me.sub} · ${me.role}`;
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
  if (status) $('stuck-status').textContent = status;
  showError(error);
});
// The list refreshes itself, so a retried or reset workflow leaves it without a reload.
setInterval(() => {
  if (token && document.visibilityState === 'visible') load();
}, 30_000);
start();
