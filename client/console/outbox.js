// The outbox (GET /api/emails), optionally one cohort's e-mails as its dashboard counts them
// (`?cohort=…&status=FAILED`): Danish unless English is chosen, times in Copenhagen time with the zone named.
import { escapeHtml, formatInstant, formatNumber } from './format.js';
import { currentLanguage, textsFor } from './i18n.js';
import { renderNav, roleName } from './nav.js';
import { callApi, readToken, retryEmailOnClick } from './session.js';

const TEXTS = {
  da: {
    title: 'e-mails',
    status: 'Status',
    all: 'Alle',
    colSubject: 'Emne',
    colTo: 'Til',
    colStatus: 'Status',
    colAttempts: 'Forsøg',
    colError: 'Fejl',
    colCreated: 'Oprettet',
    colSent: 'Sendt',
    colAction: 'Handling',
    more: 'Vis flere',
    statuses: { SENT: 'Sendt', PENDING: 'Venter', FAILED: 'Fejlet' },
    retry: 'Prøv e-mailen igen',
    retried: 'E-mailen sendes igen.',
    none: 'Ingen e-mails.',
    shown: (n, more) => `${n} e-mail${n === '1' ? '' : 's'} vist${more ? ', flere nedenfor' : ''}.`,
    scope: (name) => `E-mails fra ${name}`,
    signIn: 'Log ind i konsollen først (et bearer token med rollen drift).',
  },
  en: {
    title: 'e-mails',
    status: 'Status',
    all: 'All',
    colSubject: 'Subject',
    colTo: 'To',
    colStatus: 'Status',
    colAttempts: 'Attempts',
    colError: 'Error',
    colCreated: 'Created',
    colSent: 'Sent',
    colAction: 'Action',
    more: 'Show more',
    statuses: { SENT: 'Sent', PENDING: 'Pending', FAILED: 'Failed' },
    retry: 'Retry the e-mail',
    retried: 'The e-mail is being sent again.',
    none: 'No e-mails.',
    shown: (n, more) => `${n} e-mail${n === '1' ? '' : 's'} shown${more ? ', more below' : ''}.`,
    scope: (name) => `E-mails of ${name}`,
    signIn: 'Sign in to the console first (a bearer token with the operator role).',
  },
};
const { lang, t } = textsFor(TEXTS);
const STATUS = t.statuses;

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

const when = (value) => (value ? `<time datetime="${escapeHtml(value)}">${escapeHtml(formatInstant(value, lang))}</time>` : '–');

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
    <td>${m.status === 'FAILED' ? `<button type="button" data-ref="${escapeHtml(m.id)}">${escapeHtml(t.retry)}</button>` : ''}</td>`;
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
    $('outbox-status').textContent = n === 0 ? t.none : t.shown(formatNumber(n, lang), Boolean(cursor));
    showError('');
  } catch (e) {
    showError(e.message);
  }
}

async function start() {
  document.querySelectorAll('[data-t]').forEach((el) => (el.textContent = t[el.dataset.t]));
  document.querySelectorAll('[data-status]').forEach((el) => (el.textContent = el.dataset.status ? STATUS[el.dataset.status] : t.all));
  document.title = `Dobbeltspor · ${t.title}`;
  renderNav($('nav'), currentLanguage(), cohort || null);
  token = readToken();
  if (!token) {
    showError(t.signIn);
    return;
  }
  const status = address.get('status');
  if (status && STATUS[status]) $('status-filter').value = status;
  try {
    const me = await api('/api/me');
    $('whoami').textContent = `${me.sub} · ${roleName(me.role, lang)}`;
    if (cohort) {
      const c = (await api('/api/cohorts')).find((x) => x.id === cohort);
      $('outbox-scope').textContent = t.scope(c?.name ?? cohort);
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
  if (status) $('outbox-status').textContent = t.retried;
  showError(error);
});
start();
