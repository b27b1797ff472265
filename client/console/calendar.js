// The camp calendar (GET /api/cohorts/:cohortId/calendar): a cohort's camps and coaching sessions
// on month grids in Copenhagen time, each with every company's answer and attendance; a camp is
// moved or cancelled from here by the cohort's own operation (as `dobbeltspor camp move`). The
// cohort and the camp open stay in the address; the calendar refreshes itself every minute.
import { copenhagenDay, escapeHtml, formatDay, formatInstant, formatNumber, formatTime } from './format.js';
import { currentLanguage, keepFresh, textsFor } from './i18n.js';
import { renderNav, roleName } from './nav.js';
import { renderActions } from './actions.js';
import { callApi, pathOf, readToken } from './session.js';

const TEXTS = {
  da: {
    title: 'kalender',
    cohort: 'Klynge',
    notAnsweredHeading: 'Virksomheder der ikke har svaret',
    noneNotAnswered: 'Alle kommende camps har svar fra alle virksomheder.',
    moveTo: 'Flyt til',
    reason: 'Begrundelse',
    move: 'Flyt camp',
    cancel: 'Aflys camp',
    colCompany: 'Virksomhed',
    colMunicipality: 'Kommune',
    colAnswer: 'Svar',
    colAttended: 'Deltog',
    kinds: { BOOT_CAMP: 'Bootcamp', CAMP: 'Camp', COACHING: 'Coaching' },
    status: { SCHEDULED: 'planlagt', MOVED: 'flyttet', CANCELLED: 'aflyst', HELD: 'afholdt' },
    rsvp: { YES: 'Ja', NO: 'Nej', PENDING: 'Intet svar' },
    attended: { true: 'Ja', false: 'Nej', null: '–' },
    when: 'Tid',
    where: 'Sted',
    state: 'Status',
    counts: (c) => `${c.invited} inviteret · ${c.yes} ja · ${c.no} nej · ${c.noAnswer} intet svar · ${c.attended} deltog`,
    confirmMove: (title, day) => `Flyt »${title}« til ${day} for alle virksomheder? Opdaterede kalenderinvitationer sendes.`,
    confirmCancel: (title) => `Aflys »${title}« for alle virksomheder? Aflysninger sendes.`,
    moved: (day) => `Flyttet til ${day}. Virksomhederne får en opdateret invitation.`,
    cancelled: 'Aflyst. Virksomhederne får besked.',
    refused: (m) => `Afvist: ${m}`,
    updated: (n, at) => `${n} camps og coachingforløb. Opdateret ${at}.`,
    none: 'Klyngen har ingen camps.',
    weekdays: ['man', 'tir', 'ons', 'tor', 'fre', 'lør', 'søn'],
    signIn: 'Log ind med et link med token (scripts/issue-token.ts).',
  },
  en: {
    title: 'calendar',
    cohort: 'Cohort',
    notAnsweredHeading: 'Companies that have not answered',
    noneNotAnswered: 'Every company has answered every camp ahead.',
    moveTo: 'Move to',
    reason: 'Reason',
    move: 'Move camp',
    cancel: 'Cancel camp',
    colCompany: 'Company',
    colMunicipality: 'Municipality',
    colAnswer: 'Answer',
    colAttended: 'Attended',
    kinds: { BOOT_CAMP: 'Boot camp', CAMP: 'Camp', COACHING: 'Coaching' },
    status: { SCHEDULED: 'scheduled', MOVED: 'moved', CANCELLED: 'cancelled', HELD: 'held' },
    rsvp: { YES: 'Yes', NO: 'No', PENDING: 'No answer' },
    attended: { true: 'Yes', false: 'No', null: '–' },
    when: 'When',
    where: 'Where',
    state: 'Status',
    counts: (c) => `${c.invited} invited · ${c.yes} yes · ${c.no} no · ${c.noAnswer} no answer · ${c.attended} attended`,
    confirmMove: (title, day) => `Move "${title}" to ${day} for every company? Updated calendar invitations go out.`,
    confirmCancel: (title) => `Cancel "${title}" for every company? Cancellations go out.`,
    moved: (day) => `Moved to ${day}. The companies get an updated invitation.`,
    cancelled: 'Cancelled. The companies are told.',
    refused: (m) => `Refused: ${m}`,
    updated: (n, at) => `${n} camps and coaching sessions. Updated ${at}.`,
    none: 'The cohort has no camps.',
    weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
    signIn: 'Sign in with a link carrying a token (scripts/issue-token.ts).',
  },
};

const { lang, t } = textsFor(TEXTS);
const $ = (id) => document.getElementById(id);
const state = { token: null, role: null, cohortId: null, camps: [], campId: null };
const api = (path, options) => callApi(state.token, path, options);

function showError(message) {
  $('error').textContent = message;
  $('error').hidden = !message;
}

/** The address says which cohort and which camp: `?cohort=klynge-1-2019&camp=…`. */
function setAddress() {
  const q = new URLSearchParams(location.search);
  q.set('cohort', state.cohortId);
  if (state.campId) q.set('camp', state.campId);
  else q.delete('camp');
  history.replaceState(null, '', `${location.pathname}?${q}`);
}

const campLabel = (c) => `${t.kinds[c.kind]}: ${c.title}`;

/** One month grid, Monday first, with the camps on the days they start in Copenhagen. */
function month(year, monthIndex, byDay) {
  const first = new Date(Date.UTC(year, monthIndex, 1));
  const offset = (first.getUTCDay() + 6) % 7;
  const days = new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
  const cells = [];
  for (let i = 0; i < offset; i++) cells.push('<td class="other"></td>');
  for (let d = 1; d <= days; d++) {
    const key = `${year}-${String(monthIndex + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    const camps = byDay.get(key) ?? [];
    cells.push(
      `<td data-day="${key}"><span class="daynum">${d}</span>${camps
        .map(
          (c) =>
            `<button type="button" class="camp-chip ${escapeHtml(c.kind)} ${escapeHtml(c.status)}" data-testid="camp" data-camp="${escapeHtml(c.id)}" title="${escapeHtml(`${c.title} · ${c.id}`)}">${escapeHtml(formatTime(c.startsAt, lang))} ${escapeHtml(t.kinds[c.kind])}${c.status === 'CANCELLED' ? ` (${escapeHtml(t.status.CANCELLED)})` : ''}</button>`,
        )
        .join('')}</td>`,
    );
  }
  while (cells.length % 7) cells.push('<td class="other"></td>');
  const rows = [];
  for (let i = 0; i < cells.length; i += 7) rows.push(`<tr>${cells.slice(i, i + 7).join('')}</tr>`);
  const name = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'da-DK', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    first,
  );
  return `<section class="calendar-month"><h3>${escapeHtml(name)}</h3><table><thead><tr>${t.weekdays
    .map((w) => `<th>${escapeHtml(w)}</th>`)
    .join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function renderCalendar() {
  const byDay = new Map();
  for (const c of state.camps) {
    const day = copenhagenDay(c.startsAt);
    if (!byDay.has(day)) byDay.set(day, []);
    byDay.get(day).push(c);
  }
  const months = [...new Set([...byDay.keys()].map((d) => d.slice(0, 7)))].sort();
  $('months').innerHTML = months.length
    ? months.map((m) => month(Number(m.slice(0, 4)), Number(m.slice(5, 7)) - 1, byDay)).join('')
    : `<p class="muted">${escapeHtml(t.none)}</p>`;

  const ahead = state.camps.filter((c) => c.status !== 'CANCELLED' && c.status !== 'HELD' && c.counts.noAnswer > 0);
  $('not-answered').innerHTML = ahead.length
    ? ahead
        .map(
          (c) =>
            `<li data-testid="not-answered-camp"><strong>${escapeHtml(campLabel(c))}</strong> (${escapeHtml(formatInstant(c.startsAt, lang))}): ${c.invitations
              .filter((i) => i.rsvp === 'PENDING')
              .map((i) => `<span title="CVR ${escapeHtml(i.cvr)}">${escapeHtml(i.name)}</span>`)
              .join(', ')}</li>`,
        )
        .join('')
    : `<li class="muted">${escapeHtml(t.noneNotAnswered)}</li>`;
}

function renderDetail() {
  const c = state.camps.find((x) => x.id === state.campId);
  $('camp-detail').hidden = !c;
  if (!c) return;
  $('camp-title').textContent = campLabel(c);
  $('camp-title').title = c.id;
  $('camp-facts').innerHTML = [
    [t.when, `${formatInstant(c.startsAt, lang)} – ${formatInstant(c.endsAt, lang)}`],
    [t.where, c.location],
    [t.state, t.status[c.status]],
  ]
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`)
    .join('');
  $('camp-counts').textContent = t.counts(Object.fromEntries(Object.entries(c.counts).map(([k, v]) => [k, formatNumber(v, lang)])));
  const open = c.status !== 'CANCELLED' && c.status !== 'HELD';
  const writer = state.role === 'coordinator';
  $('move-form').hidden = !open || !writer;
  $('cancel-form').hidden = !open || !writer;
  $('invitation-rows').innerHTML = c.invitations
    .map(
      (i) => `<tr data-testid="invitation" data-rsvp="${escapeHtml(i.rsvp)}">
        <td title="CVR ${escapeHtml(i.cvr)}">${escapeHtml(i.name)}</td>
        <td>${escapeHtml(i.municipalityName ?? '–')}</td>
        <td>${escapeHtml(t.rsvp[i.rsvp])}${i.respondedAt ? ` <small>${escapeHtml(formatInstant(i.respondedAt, lang))}</small>` : ''}</td>
        <td>${escapeHtml(t.attended[String(i.attended)])}</td></tr>`,
    )
    .join('');
}

async function load() {
  if (!state.cohortId) return;
  try {
    const cal = await api(`/api/cohorts/${encodeURIComponent(state.cohortId)}/calendar`);
    state.camps = cal.camps;
    renderCalendar();
    renderDetail();
    $('status').textContent = t.updated(formatNumber(cal.camps.length, lang), formatInstant(new Date().toISOString(), lang));
    showError('');
  } catch (e) {
    showError(e.message);
  }
}

async function act(question, path, body, done) {
  if (!confirm(question)) return;
  const result = $('camp-result');
  try {
    await api(path, { method: 'POST', body: JSON.stringify(body) });
    result.textContent = done;
    result.className = 'result ok';
    await load();
  } catch (e) {
    result.textContent = t.refused(e.message);
    result.className = 'result refused';
  }
}

function wire() {
  document.querySelectorAll('[data-t]').forEach((el) => (el.textContent = t[el.dataset.t]));
  document.title = `Dobbeltspor · ${t.title}`;
  $('page-title').textContent = t.title;
  $('months').addEventListener('click', (e) => {
    const chip = e.target.closest('[data-camp]');
    if (!chip) return;
    state.campId = chip.dataset.camp;
    $('camp-result').textContent = '';
    setAddress();
    renderDetail();
  });
  $('cohort-select').addEventListener('change', () => {
    state.cohortId = $('cohort-select').value;
    state.campId = null;
    setAddress();
    load();
  });
  $('move-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const c = state.camps.find((x) => x.id === state.campId);
    const f = new FormData(e.target);
    const body = { toDate: f.get('toDate') };
    if (f.get('reason')) body.reason = f.get('reason');
    act(
      t.confirmMove(c.title, formatDay(body.toDate, lang)),
      pathOf('/api/cohorts/:cohortId/camps/:campId/move', { cohortId: state.cohortId, campId: c.id }),
      body,
      t.moved(formatDay(body.toDate, lang)),
    );
  });
  $('cancel-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const c = state.camps.find((x) => x.id === state.campId);
    const f = new FormData(e.target);
    act(
      t.confirmCancel(c.title),
      pathOf('/api/cohorts/:cohortId/camps/:campId/cancel', { cohortId: state.cohortId, campId: c.id }),
      f.get('reason') ? { reason: f.get('reason') } : {},
      t.cancelled,
    );
  });
}

async function start() {
  wire();
  state.token = readToken();
  const q = new URLSearchParams(location.search);
  state.campId = q.get('camp');
  if (!state.token) {
    renderNav($('nav'), currentLanguage(), q.get('cohort'));
    return showError(t.signIn);
  }
  try {
    const me = await api('/api/me');
    $('whoami').textContent = `${me.sub} · ${roleName(me.role, lang)}`;
    state.role = me.role;
    renderActions($('camp-actions'), 'camp', {
      role: me.role,
      lang,
      api,
      context: () => ({ cohortId: state.cohortId, campId: state.campId }),
      done: () => load(),
    });
    const cohorts = await api('/api/cohorts');
    const select = $('cohort-select');
    select.innerHTML = cohorts.map((c) => `<option value="${escapeHtml(c.id)}">${escapeHtml(c.name)}</option>`).join('');
    state.cohortId = cohorts.some((c) => c.id === q.get('cohort')) ? q.get('cohort') : cohorts[0]?.id;
    select.value = state.cohortId ?? '';
    renderNav($('nav'), currentLanguage(), state.cohortId);
    if (state.cohortId) setAddress();
  } catch (e) {
    return showError(e.message);
  }
  await load();
  keepFresh(load, 60_000);
}

start();
