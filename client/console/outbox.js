// The outbox (GET /api/emails), optionally one cohort's e-mails as its dashboard counts them
// (`?cohort=…&status=FAILED`): Danish, times in Copenhagen time with the zone named.
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
const STATUS = { SENT: 'Sendt', PENDING: 'Venter', FAILED: 'Fejlet' };

const $ = (id) => document.getElementById(id);
let token = null;
let cursor = null;
const address = new URLSearchParams(location.search);
const cohort = address.get('cohort') ?? '';
const api = (path, options = {}) => callApi(token, path, options);

function showError(message) {
  $('error').textContent = message;
  $('error').hidden = !message;
}

const when = (value) => (value ? `<time datetime="${escapeHtml(value)}">${escapeHtml(INSTANT.format(new Date(value)))}</time>` : '–');

function row(m) {
  const tr = document.createElement('tr');
  tr.dataset.testid = 'outbox-row';
  tr.dataset.outboxId = m.id;
  tr.innerHTML = `
    <td title="${escapeHtml(`${m.template} · ${m.id}`)}">${escapeHtml(m.subject)}</td>
    <td>${escapeHtml(m.toAddress)}</td>
    <td>${escapeHtml(STATUS[m.status] ?? m.status)}</td>
    <td class="num">${escapeHtml(m.attempts)}</td>
    <td class="error">${escapeHtml(m.lastError ?? '')}</td>
    <td>${when(m.createdAt)}</td>
    <td>${when(m.sentAt)}</td>
    <td>${m.status === 'FAILED' ? `<button type="button" data-ref="${escapeHtml(m.id)}">Prøv e-mailen igen</button>` : ''}</td>`;
  return tr;
}

async function load(reset) {
  const q = new URLSearchParams({ limit: '50' });
  if (cohort) q.set('cohort', cohort);
  if ($('status-filter').value) q.set('status', $('status-filter').value);
  if (!reset && cursor) q.set('after', cursor);
  try {
    const page = await api(`/api/emails?${q}`);
    if (reset) $('outbox-rows').replaceChildren();
    $('outbox-rows').append(...page.items.map(row));
    cursor = page.nextCursor;
    $('outbox-more').hidden = !cursor;
    const n = $('outbox-rows').children.length;
    $('outbox-status').textContent =
      n === 0 ? 'Ingen e-mails.' : `${n} e-mail${n === 1 ? '' : 's'} vist${cursor ? ', flere nedenfor' : ''}.`;
    showError('');
  } catch (e) {
    showError(e.message);
  }
}

async function start() {
  token = readToken();
  if (!token) {
    showError('Log ind i konsollen først (et bearer token med rollen operator).');
    return;
  }
  const status = address.get('status');
  if (status && STATUS[status]) $('status-filter').value = status;
  try {
    const me = await api('/api/me');
    $('whoami').textContent = `${me.sub} · ${me.role}`;
    if (cohort) {
      const c = (await api('/api/cohorts')).find((x) => x.id === cohort);
      $('outbox-scope').textContent = `E-mails fra ${c?.name ?? cohort}`;
      $('back-link').href = `/console/dashboard.html?cohort=${encodeURIComponent(cohort)}`;
    }
  } catch (e) {
    showError(e.message);
    return;
  }
  await load(true);
}

$('status-filter').addEventListener('change', () => load(true));
$('outbox-more').addEventListener('click', () => load(false));
retryEmailOnClick($('outbox-rows'), 'button[data-ref]', api, (status, error) => {
  if (status) $('outbox-status').textContent = status;
  showError(error);
});
start();
