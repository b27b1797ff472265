// The operator console's track list and track timeline: plain browser JavaScript, no build step.
// Everything it shows comes from the API's read side (the PostgreSQL projection); actions go through
// the API, which audits them. Danish unless English is chosen (i18n.js); the words are in track-texts.js.
import { copenhagenDay, escapeHtml, formatDay, formatInstant } from './format.js';
import { actionLabel, renderActions } from './actions.js';
import { currentLanguage, keepFresh, textsFor } from './i18n.js';
import { renderNav, roleName } from './nav.js';
import { callApi, pathOf, readToken } from './session.js';
import { PAGE_TEXTS, eventText, trackTexts } from './track-texts.js';

const PHASES = {
  participant: ['ENROLLED', 'WORK_READINESS', 'JOB_TRAINING', 'RETENTION', 'COMPLETED', 'DROPPED_OUT', 'TRANSFERRED'],
  company: ['RECRUITED', 'BOOT_CAMP', 'SELECTION', 'ACCELERATOR', 'ANCHORING', 'COMPLETED', 'NOT_SELECTED', 'WITHDRAWN'],
};
const PAGE_SIZE = 50;

const { lang, t: words } = textsFor(PAGE_TEXTS);
const T = trackTexts(lang);

// Every date and time is shown as in Denmark: Europe/Copenhagen with the zone named (CET/CEST),
// whatever the browser's own zone. The API sends instants in UTC and days as YYYY-MM-DD.
/** "tor. 19. nov. 2026 09.00 CET" for an instant, "tor. 19. nov. 2026" for a day; anything else unchanged. */
function formatWhen(value) {
  if (!value) return '';
  const text = String(value);
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? formatDay(text, lang) : formatInstant(text, lang);
}

const $ = (id) => document.getElementById(id);
const state = { token: null, role: null, cohorts: [], cursor: null, loading: 0, selected: null };

/** The days and instants written into free texts (a note, an older API's title), shown the same way. */
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
  select.replaceChildren(option('', T.all), ...PHASES[kind].map((p) => option(p, T.phase(p))));
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
      <small>${escapeHtml(c.programmeName)} · ${escapeHtml(T.participants(participants))} · ${escapeHtml(T.companies(companies))}</small>
      ${
        (c.plannedMoves ?? []).length
          ? `<ul class="moves" data-testid="planned-moves">${c.plannedMoves
              .map((m) => `<li><small>${escapeHtml(T.plannedMove(m))}</small></li>`)
              .join('')}</ul>`
          : ''
      }
      <ul>${c.partnerships
        .map(
          (
            p,
          ) => `<li><button type="button" class="partnership" data-cohort="${escapeHtml(c.id)}" data-municipality="${escapeHtml(p.municipalityCode)}">
            ${escapeHtml(p.municipalityName)}</button> <small>${escapeHtml(p.employmentActor)} · ${escapeHtml(T.participants(p.participantTracks))} · ${escapeHtml(T.slots(p.slots))}${
              p.overdueParticipantTracks ? ` · <span class="overdue">${escapeHtml(T.overdue(p.overdueParticipantTracks))}</span>` : ''
            }</small></li>`,
        )
        .join('')}</ul>`;
    tree.append(li);
  }
  const cohortSelect = $('filter-cohort');
  cohortSelect.replaceChildren(option('', T.all), ...state.cohorts.map((c) => option(c.id, c.name)));
  const municipalities = new Map();
  for (const c of state.cohorts) for (const p of c.partnerships) municipalities.set(p.municipalityCode, p.municipalityName);
  $('filter-municipality').replaceChildren(
    option('', T.all),
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
  tr.title = t.id;
  tr.innerHTML = `
    <td class="name">${escapeHtml(t.name)}${t.paused ? ` <span class="tag">${escapeHtml(T.paused)}</span>` : ''}</td>
    <td>${escapeHtml(cohortName(t.cohortId))}</td>
    <td>${escapeHtml(t.municipalityName ?? '–')}</td>
    <td class="phase"><span class="phase-tag" data-phase="${escapeHtml(t.phase)}">${escapeHtml(T.phase(t.phase))}</span></td>
    <td>${t.nextDeadlineOn ? `<time datetime="${escapeHtml(t.nextDeadlineOn)}">${escapeHtml(formatWhen(t.nextDeadlineOn))}</time> <small>${escapeHtml(T.deadline(t.nextDeadlineWhat))}</small>` : '–'}</td>
    <td class="num ${t.overdueCount ? 'overdue' : ''}">${t.overdueCount || ''}</td>
    <td class="mails">${T.mails(mails).filter(Boolean).join(', ')}</td>`;
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
  $('list-status').textContent = T.loading;
  try {
    const page = await api(`/api/tracks?${q}`);
    if (ticket !== state.loading) return; // a newer filter won the race
    const rows = $('track-rows');
    if (reset) rows.replaceChildren();
    rows.append(...page.items.map(trackRow));
    state.cursor = page.nextCursor;
    $('load-more').hidden = !page.nextCursor;
    const shown = rows.children.length;
    $('list-status').textContent = shown === 0 ? T.noTracks : T.shown(shown, Boolean(page.nextCursor));
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
    return `<button type="button" data-action="retry-email" data-ref="${escapeHtml(e.ref)}">${escapeHtml(T.retryEmail)}</button>`;
  if (e.kind === 'invitation' && kind === 'company')
    return `<button type="button" data-action="resend-invitation" data-ref="${escapeHtml(e.ref)}">${escapeHtml(T.resendInvitation)}</button>`;
  return '';
}

async function openTrack(kind, id) {
  state.selected = { kind, id };
  for (const tr of $('track-rows').children) tr.classList.toggle('selected', tr.dataset.trackId === id);
  try {
    const t = await api(`/api/tracks/${kind}/${encodeURIComponent(id)}`);
    $('detail').hidden = false;
    $('detail-title').textContent = t.name;
    const F = T.facts;
    const facts = [
      [F.cohort, t.cohortName],
      [F.municipality, t.municipalityName ?? '–'],
      [F.phase, `${T.phase(t.phase)}${t.paused ? ` (${T.paused})` : ''}`],
      [F.deadline, t.nextDeadlineOn ? `${formatWhen(t.nextDeadlineOn)}: ${T.deadline(t.nextDeadlineWhat)}` : '–'],
      [F.overdue, String(t.overdueCount)],
    ];
    if (t.placement) facts.push([F.placement, t.placement]);
    const attendance = T.attendancePlan(t.summary?.attendancePlan);
    if (attendance) facts.push([F.attendance, attendance]);
    $('detail-facts').innerHTML = facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('');
    // The ids are for operators who look further: in the tooltips, not in the text.
    $('detail-title').title = `${t.id} · ${t.workflowId}`;
    $('temporal-link').href = t.temporalUrl;
    $('temporal-link').title = t.workflowId;
    // Either kind of track takes a pause of its own while it runs.
    $('pause-track').hidden = t.paused || ['COMPLETED', 'DROPPED_OUT', 'TRANSFERRED', 'NOT_SELECTED', 'WITHDRAWN'].includes(t.phase);
    $('timeline-title').textContent = T.trackTimeline;
    state.trackCohorts = new Map([[t.id, t.cohortName]]);
    renderEvents(kind, t.events);
    state.history =
      kind === 'participant'
        ? `/api/participants/${encodeURIComponent(t.participantId)}`
        : `/api/companies/${encodeURIComponent(t.cvr)}/timeline`;
    $('show-history').hidden = false;
    // The steps the signed-in person may take on this track, each confirmed and answered in words.
    renderActions($('track-actions'), kind === 'company' ? 'company' : 'participant', {
      role: state.role,
      lang,
      today: copenhagenDay(new Date().toISOString()),
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
        .map((e) => {
          const w = eventText(e, lang, (route) => actionLabel(route, lang));
          // In a whole history each event names its track by its cohort; the track's id is in the tooltip.
          const track = e.trackId
            ? ` <span class="track" title="${escapeHtml(e.trackId)}">${escapeHtml(state.trackCohorts?.get(e.trackId) ?? '')}</span>`
            : '';
          return `<li class="event ${escapeHtml(e.kind)}" data-kind="${escapeHtml(e.kind)}"${w.tooltip ? ` title="${escapeHtml(w.tooltip)}"` : ''}>
            <time datetime="${escapeHtml(e.at)}">${escapeHtml(formatWhen(e.at))}</time>
            <span class="kind">${escapeHtml(w.kind)}</span>${track}
            <strong>${escapeHtml(localiseDates(w.title))}</strong>${w.status ? ` <span class="status status-${escapeHtml(e.status)}">${escapeHtml(w.status)}</span>` : ''}
            ${w.detail ? `<div class="detail">${escapeHtml(localiseDates(w.detail))}</div>` : ''}
            ${eventAction(kind, e)}
          </li>`;
        })
        .join('')
    : `<li>${escapeHtml(T.nothingYet)}</li>`;
}

/** Every track of the participant or the company in one timeline. */
async function showHistory() {
  if (!state.history || !state.selected) return;
  try {
    const h = await api(state.history);
    $('timeline-title').textContent = T.wholeHistory(h.tracks);
    state.trackCohorts = new Map(h.tracks.map((t) => [t.id, t.cohortName]));
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

/** The page's fixed words in the chosen language. */
function writeWords() {
  document.querySelectorAll('[data-t]').forEach((el) => (el.textContent = words[el.dataset.t]));
  document.title = `Dobbeltspor · ${words.title}`;
  $('filter-q').placeholder = words.searchPlaceholder;
  $('close-detail').setAttribute('aria-label', words.close);
  fillPhases();
  for (const id of ['filter-cohort', 'filter-municipality']) $(id).replaceChildren(option('', T.all));
}

function wire() {
  writeWords();
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
      act(pathOf('/api/emails/:outboxId/retry', { outboxId: button.dataset.ref }), null, T.retrying);
    if (button.dataset.action === 'resend-invitation')
      act(pathOf('/api/invitations/:invitationId/resend', { invitationId: button.dataset.ref }), null, T.resending);
  });
  $('show-history').addEventListener('click', showHistory);
  $('pause-track').addEventListener('click', () => {
    if (!state.selected) return;
    const reason = prompt(T.pauseWhy);
    if (!reason) return;
    act(`/api/tracks/${state.selected.kind}/${encodeURIComponent(state.selected.id)}/pause`, { reason }, T.pausing);
  });
  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem('dobbeltspor-token', $('token-input').value.trim());
    start();
  });
}

/** The links to the other pages and the language switch, once. */
function showNav() {
  if (!$('nav').children.length) renderNav($('nav'), currentLanguage(), new URLSearchParams(location.search).get('cohort'));
}

async function start() {
  state.token = readToken();
  if (!state.token) {
    $('token-form').hidden = false;
    showNav();
    $('whoami').textContent = T.notSignedIn;
    $('list-status').textContent = T.pasteToken;
    return;
  }
  try {
    const me = await api('/api/me');
    $('whoami').textContent = `${me.sub} · ${roleName(me.role, lang)}`;
    state.role = me.role;
    showNav();
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
