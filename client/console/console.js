// The operator console: plain browser JavaScript, no build step. Everything it shows comes from the
// API's read side (the PostgreSQL projection); actions go through the API, which audits them.
import { escapeHtml } from './format.js';
import { renderActions } from './actions.js';
import { keepFresh } from './i18n.js';
import { callApi, pathOf, readToken } from './session.js';

const PHASES = {
  participant: ['ENROLLED', 'WORK_READINESS', 'JOB_TRAINING', 'RETENTION', 'COMPLETED', 'DROPPED_OUT', 'TRANSFERRED'],
  company: ['RECRUITED', 'BOOT_CAMP', 'SELECTION', 'ACCELERATOR', 'ANCHORING', 'COMPLETED', 'NOT_SELECTED', 'WITHDRAWN'],
};
const PAGE_SIZE = 50;

// Every date and time is shown as in Denmark: Danish format, Europe/Copenhagen, the zone named
// (CET/CEST), whatever the browser's own zone. The API sends instants in UTC and days as YYYY-MM-DD.
const ZONE = 'Europe/Copenhagen';
const INSTANT = new Intl.DateTimeFormat('da-DK', {
  timeZone: ZONE,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});
// A calendar day has no time and no zone: read at UTC midnight and written in UTC, it stays that day.
const DAY = new Intl.DateTimeFormat('da-DK', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });

/** "19. nov. 2026, 09.00 CET" for an instant, "tor. 19. nov. 2026" for a day; anything else unchanged. */
function formatWhen(value) {
  if (!value) return '';
  const text = String(value);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return DAY.format(new Date(`${text}T00:00:00Z`));
  const instant = new Date(text);
  return Number.isNaN(instant.getTime()) ? text : INSTANT.format(instant);
}

const $ = (id) => document.getElementById(id);
const state = { token: null, role: null, cohorts: [], cursor: null, loading: 0, selected: null };

/** The days and instants the API writes into titles and details ("Week of 2026-11-02"), shown the same way. */
function localiseDates(text) {
  return String(text ?? '').replace(/\b\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z)?\b/g, (m) => formatWhen(m));
}

function showError(message) {
  const box = $('error');
  box.textContent = message;
  box.hidden = !message;
}

const api = (path, options = {}) => callApi(state.token, path, options);

function filters() {
  return {
    kind: $('filter-kind').value,
    cohort: $('filter-cohort').value,
    municipality: $('filter-municipality').value,
    phase: $('filter-phase').value,
    overdue: $('filter-overdue').checked,
    q: $('filter-q').value.trim(),
  };
}

/** The filters into the address: the list has a link of its own. */
function writeAddressFilters() {
  const f = filters();
  const q = new URLSearchParams();
  q.set('kind', f.kind);
  for (const k of ['cohort', 'municipality', 'phase', 'q']) if (f[k]) q.set(k, f[k]);
  if (f.overdue) q.set('overdue', 'true');
  const track = new URLSearchParams(location.search).get('track');
  if (track && state.selected) q.set('track', track);
  history.replaceState(null, '', `${location.pathname}?${q}`);
}

function option(value, label) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
  return o;
}

function fillPhases() {
  const select = $('filter-phase');
  const kind = $('filter-kind').value;
  const current = select.value;
  select.replaceChildren(option('', 'All'), ...PHASES[kind].map((p) => option(p, p.replaceAll('_', ' ').toLowerCase())));
  select.value = PHASES[kind].includes(current) ? current : '';
}

/** The filters a link brings in its query (`?kind=company&cohort=…&municipality=621&phase=SELECTION`), as the dashboard links. */
function applyAddressFilters() {
  const q = new URLSearchParams(location.search);
  const pick = (select, value) => {
    if (value && [...select.options].some((o) => o.value === value)) select.value = value;
  };
  pick($('filter-kind'), q.get('kind'));
  fillPhases();
  pick($('filter-cohort'), q.get('cohort'));
  pick($('filter-municipality'), q.get('municipality'));
  pick($('filter-phase'), q.get('phase'));
  $('filter-overdue').checked = q.get('overdue') === 'true';
  $('filter-q').value = q.get('q') ?? '';
}

function renderCohortTree() {
  const tree = $('cohort-tree');
  tree.replaceChildren();
  for (const c of state.cohorts) {
    const li = document.createElement('li');
    const participants = c.partnerships.reduce((n, p) => n + p.participantTracks, 0);
    const companies = c.partnerships.reduce((n, p) => n + p.companyTracks, 0);
    li.innerHTML = `<button type="button" class="cohort" data-cohort="${escapeHtml(c.id)}">${escapeHtml(c.name)}</button>
      <small>${escapeHtml(c.programmeName)} · ${participants} participants · ${companies} companies</small>
      ${
        (c.plannedMoves ?? []).length
          ? `<ul class="moves" data-testid="planned-moves">${c.plannedMoves
              .map(
                (m) =>
                  `<li><small>Flyttet af planen: ${escapeHtml(m.what)} fra ${escapeHtml(m.from)} (${escapeHtml(m.reason)}) til ${escapeHtml(m.to)}</small></li>`,
              )
              .join('')}</ul>`
          : ''
      }
      <ul>${c.partnerships
        .map(
          (
            p,
          ) => `<li><button type="button" class="partnership" data-cohort="${escapeHtml(c.id)}" data-municipality="${escapeHtml(p.municipalityCode)}">
            ${escapeHtml(p.municipalityName)}</button> <small>${escapeHtml(p.employmentActor)} · ${p.participantTracks} participants · ${p.slots} slot${p.slots === 1 ? '' : 's'}${
              p.overdueParticipantTracks ? ` · <span class="overdue">${p.overdueParticipantTracks} overdue</span>` : ''
            }</small></li>`,
        )
        .join('')}</ul>`;
    tree.append(li);
  }
  const cohortSelect = $('filter-cohort');
  cohortSelect.replaceChildren(option('', 'All'), ...state.cohorts.map((c) => option(c.id, c.name)));
  const municipalities = new Map();
  for (const c of state.cohorts) for (const p of c.partnerships) municipalities.set(p.municipalityCode, p.municipalityName);
  $('filter-municipality').replaceChildren(
    option('', 'All'),
    ...[...municipalities].sort((a, b) => a[1].localeCompare(b[1], 'da')).map(([code, name]) => option(code, name)),
  );
}

function cohortName(id) {
  return state.cohorts.find((c) => c.id === id)?.name ?? id;
}

function trackRow(t) {
  const tr = document.createElement('tr');
  tr.dataset.trackId = t.id;
  tr.dataset.kind = t.kind;
  tr.dataset.testid = 'track-row';
  tr.tabIndex = 0;
  if (t.overdueCount > 0) tr.classList.add('is-overdue');
  if (t.paused) tr.classList.add('is-paused');
  const mails = t.emails;
  tr.innerHTML = `
    <td class="name">${escapeHtml(t.name)}${t.paused ? ' <span class="tag">paused</span>' : ''}</td>
    <td>${escapeHtml(cohortName(t.cohortId))}</td>
    <td>${escapeHtml(t.municipalityName ?? '–')}</td>
    <td class="phase"><span class="phase-tag">${escapeHtml(t.phase)}</span></td>
    <td>${t.nextDeadlineOn ? `<time datetime="${escapeHtml(t.nextDeadlineOn)}">${escapeHtml(formatWhen(t.nextDeadlineOn))}</time> <small>${escapeHtml(t.nextDeadlineWhat ?? '')}</small>` : '–'}</td>
    <td class="num ${t.overdueCount ? 'overdue' : ''}">${t.overdueCount || ''}</td>
    <td class="mails">${mails.sent} sent${mails.pending ? `, ${mails.pending} pending` : ''}${mails.failed ? `, <span class="overdue">${mails.failed} failed</span>` : ''}</td>`;
  tr.addEventListener('click', () => openTrack(t.kind, t.id));
  tr.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') openTrack(t.kind, t.id);
  });
  return tr;
}

async function loadTracks(reset) {
  const ticket = ++state.loading;
  const f = filters();
  const q = new URLSearchParams({ kind: f.kind, limit: String(PAGE_SIZE) });
  if (f.cohort) q.set('cohort', f.cohort);
  if (f.municipality) q.set('municipality', f.municipality);
  if (f.phase) q.set('phase', f.phase);
  if (f.overdue) q.set('overdue', 'true');
  if (f.q) q.set('q', f.q);
  if (!reset && state.cursor) q.set('after', state.cursor);
  $('list-status').textContent = 'Loading…';
  try {
    const page = await api(`/api/tracks?${q}`);
    if (ticket !== state.loading) return; // a newer filter won the race
    const rows = $('track-rows');
    if (reset) rows.replaceChildren();
    rows.append(...page.items.map(trackRow));
    state.cursor = page.nextCursor;
    $('load-more').hidden = !page.nextCursor;
    const shown = rows.children.length;
    $('list-status').textContent =
      shown === 0
        ? 'No tracks match these filters.'
        : `${shown} track${shown === 1 ? '' : 's'} shown${page.nextCursor ? ', more below' : ''}.`;
    showError('');
  } catch (e) {
    if (ticket === state.loading) {
      $('list-status').textContent = '';
      showError(e.message);
    }
  }
}

function eventAction(kind, e) {
  if (e.kind === 'email' && e.status !== 'SENT')
    return `<button type="button" data-action="retry-email" data-ref="${escapeHtml(e.ref)}">Retry e-mail</button>`;
  if (e.kind === 'invitation' && kind === 'company')
    return `<button type="button" data-action="resend-invitation" data-ref="${escapeHtml(e.ref)}">Resend invitation</button>`;
  return '';
}

/** The last week checked against the plan's hours, and the flag when weeks in a row fell below it. */
function attendanceAgainstPlan(plan) {
  if (!plan) return '';
  const week = plan.lastCheckedWeek;
  const checked = week
    ? `week of ${formatWhen(week.weekStart)}: ${week.hours ?? 0} of ${week.plannedHours} h planned (${week.status.toLowerCase().replace('_', ' ')})`
    : 'no week checked yet';
  const flag = plan.flagged
    ? ` — below plan ${plan.weeksBelowPlanInRow} week${plan.weeksBelowPlanInRow === 1 ? '' : 's'} in a row${plan.escalated ? ', coordinator told' : ''}`
    : '';
  return `${plan.hoursPerWeek} h/week planned; ${checked}${flag}`;
}

async function openTrack(kind, id) {
  state.selected = { kind, id };
  for (const tr of $('track-rows').children) tr.classList.toggle('selected', tr.dataset.trackId === id);
  try {
    const t = await api(`/api/tracks/${kind}/${encodeURIComponent(id)}`);
    $('detail').hidden = false;
    $('detail-title').textContent = t.name;
    const facts = [
      ['Cohort', t.cohortName],
      ['Municipality', t.municipalityName ?? '–'],
      ['Phase', `${t.phase}${t.paused ? ' (paused)' : ''}`],
      ['Next deadline', t.nextDeadlineOn ? `${formatWhen(t.nextDeadlineOn)}: ${t.nextDeadlineWhat ?? ''}` : '–'],
      ['Overdue items', String(t.overdueCount)],
      ['Workflow', t.workflowId],
    ];
    if (t.placement) facts.push(['Placement', t.placement]);
    const attendance = attendanceAgainstPlan(t.summary?.attendancePlan);
    if (attendance) facts.push(['Attendance against plan', attendance]);
    $('detail-facts').innerHTML = facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('');
    $('temporal-link').href = t.temporalUrl;
    // Either kind of track takes a pause of its own while it runs.
    $('pause-track').hidden = t.paused || ['COMPLETED', 'DROPPED_OUT', 'TRANSFERRED', 'NOT_SELECTED', 'WITHDRAWN'].includes(t.phase);
    $('timeline-title').textContent = 'Timeline of this track';
    renderEvents(kind, t.events);
    state.history =
      kind === 'participant'
        ? `/api/participants/${encodeURIComponent(t.participantId)}`
        : `/api/companies/${encodeURIComponent(t.cvr)}/timeline`;
    $('show-history').hidden = false;
    // The steps the signed-in person may take on this track, each confirmed and answered in words.
    renderActions($('track-actions'), kind === 'company' ? 'company' : 'participant', {
      role: state.role,
      lang: 'da',
      today: new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date()),
      api,
      context: () => ({ trackId: id, kind, cvr: t.cvr, cohortId: t.cohortId, participantId: t.participantId }),
      done: () => setTimeout(() => openTrack(kind, id), 800),
    });
    // The open track is in the address: the link opens it again.
    const q = new URLSearchParams(location.search);
    q.set('kind', kind);
    q.set('track', id);
    history.replaceState(null, '', `${location.pathname}?${q}`);
    showError('');
  } catch (e) {
    showError(e.message);
  }
}

function renderEvents(kind, events) {
  $('timeline').innerHTML = events.length
    ? events
        .map(
          (e) => `<li class="event ${escapeHtml(e.kind)}" data-kind="${escapeHtml(e.kind)}">
            <time datetime="${escapeHtml(e.at)}">${escapeHtml(formatWhen(e.at))}</time>
            <span class="kind">${escapeHtml(e.kind)}</span>${e.trackId ? ` <span class="track">${escapeHtml(e.trackId)}</span>` : ''}
            <strong>${escapeHtml(localiseDates(e.title))}</strong>${e.status ? ` <span class="status status-${escapeHtml(e.status)}">${escapeHtml(e.status)}</span>` : ''}
            ${e.detail ? `<div class="detail">${escapeHtml(localiseDates(e.detail))}</div>` : ''}
            ${eventAction(kind, e)}
          </li>`,
        )
        .join('')
    : '<li>Nothing has happened on this track yet.</li>';
}

/** Every track of the participant or the company in one timeline. */
async function showHistory() {
  if (!state.history || !state.selected) return;
  try {
    const h = await api(state.history);
    $('timeline-title').textContent =
      `Whole history: ${h.tracks.length} track${h.tracks.length === 1 ? '' : 's'} (${h.tracks.map((t) => t.cohortName).join(', ')})`;
    renderEvents(state.selected.kind, h.events);
    $('show-history').hidden = true;
  } catch (e) {
    showError(e.message);
  }
}

async function act(path, body, done) {
  try {
    const result = await api(path, { method: 'POST', body: body ? JSON.stringify(body) : undefined });
    showError('');
    $('list-status').textContent = result.message ?? done;
    if (state.selected) setTimeout(() => openTrack(state.selected.kind, state.selected.id), 800);
  } catch (e) {
    showError(e.message);
  }
}

function wire() {
  $('filters').addEventListener('change', (e) => {
    if (e.target.id === 'filter-kind') fillPhases();
    writeAddressFilters();
    loadTracks(true);
  });
  $('filters').addEventListener('submit', (e) => e.preventDefault());
  // Search as one types, a moment after the last key.
  let typing;
  $('filter-q').addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      writeAddressFilters();
      loadTracks(true);
    }, 300);
  });
  $('load-more').addEventListener('click', () => loadTracks(false));
  $('close-detail').addEventListener('click', () => {
    $('detail').hidden = true;
    state.selected = null;
    const q = new URLSearchParams(location.search);
    q.delete('track');
    history.replaceState(null, '', `${location.pathname}?${q}`);
  });
  $('cohort-tree').addEventListener('click', (e) => {
    const button = e.target.closest('button');
    if (!button) return;
    $('filter-cohort').value = button.dataset.cohort ?? '';
    $('filter-municipality').value = button.dataset.municipality ?? '';
    writeAddressFilters();
    loadTracks(true);
  });
  $('timeline').addEventListener('click', (e) => {
    const button = e.target.closest('button[data-action]');
    if (!button) return;
    button.disabled = true;
    if (button.dataset.action === 'retry-email')
      act(pathOf('/api/emails/:outboxId/retry', { outboxId: button.dataset.ref }), null, 'Retrying the e-mail.');
    if (button.dataset.action === 'resend-invitation')
      act(pathOf('/api/invitations/:invitationId/resend', { invitationId: button.dataset.ref }), null, 'Resending the invitation.');
  });
  $('show-history').addEventListener('click', showHistory);
  $('pause-track').addEventListener('click', () => {
    if (!state.selected) return;
    const reason = prompt('Why pause this track?');
    if (!reason) return;
    act(`/api/tracks/${state.selected.kind}/${encodeURIComponent(state.selected.id)}/pause`, { reason }, 'Pausing the track.');
  });
  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem('dobbeltspor-token', $('token-input').value.trim());
    start();
  });
}

async function start() {
  state.token = readToken();
  if (!state.token) {
    $('token-form').hidden = false;
    $('whoami').textContent = 'Not signed in.';
    $('list-status').textContent = 'Paste a bearer token (scripts/issue-token.ts) to see the tracks.';
    return;
  }
  try {
    const me = await api('/api/me');
    $('whoami').textContent = `${me.sub} · ${me.role}`;
    state.role = me.role;
    $('token-form').hidden = true;
    state.cohorts = await api('/api/cohorts');
    renderCohortTree();
    applyAddressFilters();
    await loadTracks(true);
    // The list refreshes itself while shown, unless more than its first page was loaded.
    keepFresh(() => {
      if ($('track-rows').children.length <= PAGE_SIZE) loadTracks(true);
    }, 30_000);
    const q = new URLSearchParams(location.search);
    if (q.get('track')) await openTrack(q.get('kind') === 'company' ? 'company' : 'participant', q.get('track'));
  } catch (e) {
    $('token-form').hidden = false;
    showError(e.message);
  }
}

wire();
start();
