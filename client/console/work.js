// The work queue (GET /api/work-queue): what is due today or overdue for the signed-in person, each
// with its action at hand; a week's attendance for a partnership is entered in one go. The list
// refreshes itself every 30 seconds unless the person is typing in it.
import { escapeHtml, formatDay, formatInstant } from './format.js';
import { currentLanguage, keepFresh, textsFor } from './i18n.js';
import { renderNav, roleName } from './nav.js';
import { callApi, pathOf, readToken } from './session.js';

/**
 * The paying municipality's caseworker's queue is its pending claims (client/api/claim-routes.ts):
 * GET answers `{ claims: [{ outcomeId, cohortId, municipalityCode, participantTrackId, companyTrackId,
 * kind, occurredOn, amountDkk, rateCardLines, evidenceRef }] }`; POST …/:outcomeId/approve decides one,
 * …/:outcomeId/reject with `{ reason }`. Other roles' queues come from GET /api/work-queue.
 */
const TEXTS = {
  da: {
    title: 'mine opgaver',
    cohort: 'Klynge',
    all: 'Alle mine klynger',
    overdueOnly: 'Kun forfaldne',
    attendanceHeading: 'Fremmøde der ikke er registreret',
    attendanceHelp: 'En uges fremmøde for et partnerskab på én gang: skriv timerne og gem ugen.',
    othersHeading: 'Andre opgaver',
    claimsHeading: 'Krav til godkendelse',
    colClaim: 'Resultat',
    colTrack: 'Forløb',
    colOccurred: 'Dato',
    colAmount: 'Beløb',
    claimKinds: {
      ORDINARY_JOB: 'Ordinært job',
      PARTIAL_JOB: 'Job på nedsat tid',
      EDUCATION: 'Uddannelse',
      INTERNSHIP: 'Praktik',
      RETENTION: 'Fastholdelse',
    },
    retention: (n) => `${n} uger`,
    municipality: (code) => `kommune ${code}`,
    kr: (dkk) => `${Number(dkk).toLocaleString('da-DK', { minimumFractionDigits: 2 })} kr.`,
    rejectReason: 'Begrundelse for afvisning',
    reasonNeeded: 'Skriv en begrundelse (mindst 3 tegn) for at afvise kravet.',
    confirmApprove: (what, amount) => `Godkend kravet »${what}« på ${amount}? Beløbet skyldes derefter.`,
    confirmReject: (what, amount) => `Afvis kravet »${what}« på ${amount}? Beslutningen er endelig.`,
    noClaims: 'Ingen krav venter på godkendelse.',
    colWhat: 'Opgave',
    colWho: 'Hvem',
    colWhere: 'Klynge og kommune',
    colDue: 'Frist',
    colAction: 'Handling',
    kinds: {
      ATTENDANCE: 'Fremmøde ikke registreret',
      RETENTION_ANSWER: 'Opfølgning ikke besvaret',
      PLACEMENT: 'Praktikplads mangler',
      OUTCOME: 'Resultat skal registreres',
      MENTOR: 'Mentor mangler',
      EMPLOYER_CONTACT: 'Første arbejdsgiverkontakt mangler',
      PROBLEM_REPORT: 'Problemrapport ikke kvitteret',
      PROPOSAL_ANSWER: 'Forslag ikke besvaret af virksomheden',
      EMAIL_FAILED: 'E-mail kunne ikke sendes',
    },
    week: (day) => `Ugen fra ${day}`,
    weeks: (n) => `${n} uger efter ansættelsen`,
    overdue: 'forfalden',
    dueToday: 'i dag',
    hours: 'Timer',
    present: 'Mødt',
    saveWeek: 'Gem ugens fremmøde',
    confirmWeek: (n, week, where) => `Registrér fremmøde for ${n} deltager(e) i ugen fra ${week} (${where})?`,
    recorded: 'Registreret',
    stillEmployed: 'Stadig i job',
    notEmployed: 'Ikke i job',
    evidence: 'Dokumentation (fx lønseddel)',
    answer: 'Besvar',
    confirmAnswer: (name, weeks, yes) => `Besvar ${weeks}-ugers opfølgningen for ${name}: ${yes ? 'stadig i job' : 'ikke i job'}?`,
    record: 'Registrér',
    confirmContact: (name, day) => `Registrér første arbejdsgiverkontakt for ${name} den ${day}?`,
    company: 'Virksomhed (CVR)',
    supportPerson: 'Støtteperson (valgfri)',
    place: 'Placér',
    confirmPlace: (name, company) => `Placér ${name} hos virksomhed ${company}?`,
    outcomeKinds: {
      ORDINARY_JOB: 'Ordinært job',
      PARTIAL_JOB: 'Job på nedsat tid',
      EDUCATION: 'Uddannelse',
      INTERNSHIP: 'Praktik',
      NONE: 'Intet resultat',
    },
    hoursPerWeek: 'Timer pr. uge',
    confirmOutcome: (name, kind) => `Registrér resultatet »${kind}« for ${name}?`,
    acknowledge: 'Kvittér',
    retry: 'Send igen',
    confirmRetry: (subject) => `Send e-mailen »${subject}« igen?`,
    confirmAcknowledge: (name) => `Kvittér for problemrapporten fra ${name}? Eskaleringen stopper.`,
    openTrack: 'Åbn forløbet',
    approve: 'Godkend',
    reject: 'Afvis',
    done: 'Udført.',
    refused: (m) => `Afvist: ${m}`,
    status: (n, overdue, at) => `${n} opgave(r), heraf ${overdue} forfalden(e). Opdateret ${at}.`,
    total: (n) => `${n} opgave${n === 1 ? '' : 'r'} i alt`,
    nextPage: 'Næste side',
    firstPage: 'Første side',
    accept: 'Ja, ansæt',
    decline: 'Nej tak',
    answerFor: 'Besvar for virksomheden',
    confirmProposal: (company, title, yes) => `Besvar forslaget til »${title}« på vegne af ${company}: ${yes ? 'ja, ansæt' : 'nej tak'}?`,
    openOpening: 'Åbn jobopslagene',
    nothing: 'Intet at gøre lige nu.',
    signIn: 'Log ind med et link med token (scripts/issue-token.ts).',
  },
  en: {
    title: 'my tasks',
    cohort: 'Cohort',
    all: 'All my cohorts',
    overdueOnly: 'Overdue only',
    attendanceHeading: 'Attendance not recorded',
    attendanceHelp: "A partnership's week of attendance in one go: enter the hours and save the week.",
    othersHeading: 'Other tasks',
    claimsHeading: 'Claims to approve',
    colClaim: 'Outcome',
    colTrack: 'Track',
    colOccurred: 'Date',
    colAmount: 'Amount',
    claimKinds: {
      ORDINARY_JOB: 'Ordinary job',
      PARTIAL_JOB: 'Part-time job',
      EDUCATION: 'Education',
      INTERNSHIP: 'Internship',
      RETENTION: 'Retention',
    },
    retention: (n) => `${n} weeks`,
    municipality: (code) => `municipality ${code}`,
    kr: (dkk) => `DKK ${Number(dkk).toLocaleString('en-GB', { minimumFractionDigits: 2 })}`,
    rejectReason: 'Reason for the rejection',
    reasonNeeded: 'Write a reason (3 characters or more) to reject the claim.',
    confirmApprove: (what, amount) => `Approve the claim "${what}" of ${amount}? The amount is owed from then on.`,
    confirmReject: (what, amount) => `Reject the claim "${what}" of ${amount}? The decision is final.`,
    noClaims: 'No claims wait for approval.',
    colWhat: 'Task',
    colWho: 'Who',
    colWhere: 'Cohort and municipality',
    colDue: 'Due',
    colAction: 'Action',
    kinds: {
      ATTENDANCE: 'Attendance not recorded',
      RETENTION_ANSWER: 'Follow-up unanswered',
      PLACEMENT: 'Placement missing',
      OUTCOME: 'Outcome to record',
      MENTOR: 'Mentor missing',
      EMPLOYER_CONTACT: 'First employer contact missing',
      PROBLEM_REPORT: 'Problem report unacknowledged',
      PROPOSAL_ANSWER: 'Proposal not answered by the company',
      EMAIL_FAILED: 'E-mail failed',
    },
    week: (day) => `Week of ${day}`,
    weeks: (n) => `${n} weeks after the hire`,
    overdue: 'overdue',
    dueToday: 'today',
    hours: 'Hours',
    present: 'Present',
    saveWeek: "Save the week's attendance",
    confirmWeek: (n, week, where) => `Record attendance for ${n} participant(s) in the week of ${week} (${where})?`,
    recorded: 'Recorded',
    stillEmployed: 'Still employed',
    notEmployed: 'Not employed',
    evidence: 'Evidence (e.g. payslip)',
    answer: 'Answer',
    confirmAnswer: (name, weeks, yes) => `Answer the ${weeks}-week follow-up for ${name}: ${yes ? 'still employed' : 'not employed'}?`,
    record: 'Record',
    confirmContact: (name, day) => `Record the first employer contact for ${name} on ${day}?`,
    company: 'Company (CVR)',
    supportPerson: 'Support person (optional)',
    place: 'Place',
    confirmPlace: (name, company) => `Place ${name} at company ${company}?`,
    outcomeKinds: {
      ORDINARY_JOB: 'Ordinary job',
      PARTIAL_JOB: 'Part-time job',
      EDUCATION: 'Education',
      INTERNSHIP: 'Internship',
      NONE: 'No outcome',
    },
    hoursPerWeek: 'Hours a week',
    confirmOutcome: (name, kind) => `Record the outcome "${kind}" for ${name}?`,
    acknowledge: 'Acknowledge',
    retry: 'Send again',
    confirmRetry: (subject) => `Send the e-mail "${subject}" again?`,
    confirmAcknowledge: (name) => `Acknowledge the problem report from ${name}? Its escalation stops.`,
    openTrack: 'Open the track',
    approve: 'Approve',
    reject: 'Reject',
    done: 'Done.',
    refused: (m) => `Refused: ${m}`,
    status: (n, overdue, at) => `${n} task(s), ${overdue} overdue. Updated ${at}.`,
    total: (n) => `${n} task${n === 1 ? '' : 's'} in all`,
    nextPage: 'Next page',
    firstPage: 'First page',
    accept: 'Yes, hire',
    decline: 'No, thanks',
    answerFor: 'Answer for the company',
    confirmProposal: (company, title, yes) =>
      `Answer the proposal for "${title}" on behalf of ${company}: ${yes ? 'yes, hire' : 'no, thanks'}?`,
    openOpening: 'Open the job openings',
    nothing: 'Nothing to do right now.',
    signIn: 'Sign in with a link carrying a token (scripts/issue-token.ts).',
  },
};

const { lang, t } = textsFor(TEXTS);
const $ = (id) => document.getElementById(id);
const state = { token: null, role: null, today: null, items: [], nextCursor: null, cohortNames: new Map(), dirty: false };
const api = (path, options) => callApi(state.token, path, options);
const post = (path, body) => api(path, { method: 'POST', body: JSON.stringify(body) });

function showError(message) {
  $('error').textContent = message;
  $('error').hidden = !message;
}
function notice(message) {
  $('notice').textContent = message;
  $('notice').hidden = !message;
}

function due(item) {
  const day = `<time datetime="${escapeHtml(item.dueOn)}">${escapeHtml(formatDay(item.dueOn, lang))}</time>`;
  if (item.overdue) return `${day} <span class="overdue">${escapeHtml(t.overdue)}</span>`;
  return `${day} <small>${escapeHtml(t.dueToday)}</small>`;
}

const trackLink = (item) => {
  const cohort = encodeURIComponent(item.cohortId);
  if (item.trackKind === 'email') return `/console/outbox.html?status=FAILED${item.cohortId ? `&cohort=${cohort}` : ''}`;
  if (item.trackKind === 'opening') return `/console/openings.html?cohort=${cohort}`;
  // A cooperation has no page of its own: its cohort's companies.
  if (item.trackKind === 'cooperation') return `/console/index.html?kind=company&cohort=${cohort}`;
  return `/console/index.html?kind=${item.trackKind}&cohort=${cohort}&track=${encodeURIComponent(item.trackId)}`;
};

/** The action of an item: a small form whose button asks for confirmation, then calls the API. */
function actionOf(item) {
  const input = (name, attrs = '') => `<input name="${name}" ${attrs} />`;
  const button = (label) => `<button type="submit">${escapeHtml(label)}</button>`;
  switch (item.kind) {
    case 'RETENTION_ANSWER':
      return `<form data-action="retention">
        <select name="employed"><option value="yes">${escapeHtml(t.stillEmployed)}</option><option value="no">${escapeHtml(t.notEmployed)}</option></select>
        ${input('evidence', `required placeholder="${escapeHtml(t.evidence)}" aria-label="${escapeHtml(t.evidence)}"`)} ${button(t.answer)}</form>`;
    case 'EMPLOYER_CONTACT':
      return `<form data-action="employer-contact">${input('on', `type="date" required value="${escapeHtml(state.today)}"`)} ${button(t.record)}</form>`;
    case 'PLACEMENT':
      return `<form data-action="placement">
        ${input('company', `required placeholder="${escapeHtml(t.company)}" aria-label="${escapeHtml(t.company)}"`)}
        ${input('supportPerson', `placeholder="${escapeHtml(t.supportPerson)}" aria-label="${escapeHtml(t.supportPerson)}"`)} ${button(t.place)}</form>`;
    case 'OUTCOME':
      return `<form data-action="outcome">
        <select name="kind">${Object.entries(t.outcomeKinds)
          .map(([v, label]) => `<option value="${v}">${escapeHtml(label)}</option>`)
          .join('')}</select>
        ${input('on', `type="date" required value="${escapeHtml(state.today)}"`)}
        ${input('hours', `type="number" min="0" max="80" step="0.5" placeholder="${escapeHtml(t.hoursPerWeek)}" aria-label="${escapeHtml(t.hoursPerWeek)}"`)}
        ${input('evidence', `required placeholder="${escapeHtml(t.evidence)}" aria-label="${escapeHtml(t.evidence)}"`)} ${button(t.record)}</form>`;
    case 'PROBLEM_REPORT':
      return `<form data-action="acknowledge">${button(t.acknowledge)}</form>`;
    case 'EMAIL_FAILED':
      return `<form data-action="retry-email">${button(t.retry)}</form>`;
    case 'PROPOSAL_ANSWER':
      // Only a coordinator may answer for the company (the API refuses staff): staff go to the opening.
      if (state.role !== 'coordinator') return `<a href="${trackLink(item)}">${escapeHtml(t.openOpening)}</a>`;
      return `<form data-action="proposal-answer">
        <select name="answer" aria-label="${escapeHtml(t.answerFor)}"><option value="ACCEPT">${escapeHtml(t.accept)}</option><option value="DECLINE">${escapeHtml(t.decline)}</option></select>
        ${button(t.answerFor)}</form>`;
    default:
      return `<a href="${trackLink(item)}">${escapeHtml(t.openTrack)}</a>`;
  }
}

function whatOf(item) {
  if (item.kind === 'RETENTION_ANSWER') return `${t.kinds[item.kind]} (${t.weeks(item.weeks)})`;
  if (item.kind === 'PROPOSAL_ANSWER') return `${t.kinds[item.kind]}: ${item.title}`;
  return t.kinds[item.kind];
}

function renderOthers(items) {
  $('work-rows').innerHTML = items.length
    ? items
        .map(
          (
            item,
          ) => `<tr data-testid="work-item" data-kind="${escapeHtml(item.kind)}" data-item="${escapeHtml(item.id)}" class="${item.overdue ? 'is-overdue' : ''}">
          <td>${escapeHtml(whatOf(item))}</td>
          <td title="${escapeHtml(item.trackId)}"><a href="${trackLink(item)}">${escapeHtml(item.name)}</a></td>
          <td>${escapeHtml([item.cohortName, item.municipalityName].filter(Boolean).join(' · ') || '–')}</td>
          <td>${due(item)}</td>
          <td class="action">${actionOf(item)}<span class="result" data-testid="result"></span></td>
        </tr>`,
        )
        .join('')
    : `<tr><td colspan="5" class="muted">${escapeHtml(t.nothing)}</td></tr>`;
}

/** Attendance items by partnership and week: one table each, saved as one. */
function renderAttendance(items) {
  const groups = new Map();
  for (const item of items) {
    const key = `${item.partnershipId}|${item.weekStart}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(item);
  }
  $('attendance').innerHTML = groups.size
    ? [...groups.values()]
        .map((g) => {
          const first = g[0];
          const where = `${first.cohortName} · ${first.municipalityName}`;
          return `<form class="week" data-testid="attendance-week" data-week="${escapeHtml(first.weekStart)}" data-partnership="${escapeHtml(first.partnershipId)}" data-where="${escapeHtml(where)}">
            <h3>${escapeHtml(t.week(formatDay(first.weekStart, lang)))} · ${escapeHtml(where)} ${first.overdue ? `<span class="overdue">${escapeHtml(t.overdue)}</span>` : ''}</h3>
            <table><thead><tr><th>${escapeHtml(t.colWho)}</th><th>${escapeHtml(t.hours)}</th><th>${escapeHtml(t.present)}</th><th></th></tr></thead><tbody>
            ${g
              .map(
                (item) => `<tr data-testid="attendance-row" data-item="${escapeHtml(item.id)}" data-track="${escapeHtml(item.trackId)}">
                  <td title="${escapeHtml(item.trackId)}"><a href="${trackLink(item)}">${escapeHtml(item.name)}</a></td>
                  <td><input name="hours" type="number" min="0" max="80" step="0.5" required aria-label="${escapeHtml(`${t.hours}: ${item.name}`)}" /></td>
                  <td><input name="present" type="checkbox" checked aria-label="${escapeHtml(`${t.present}: ${item.name}`)}" /></td>
                  <td class="result" data-testid="result"></td></tr>`,
              )
              .join('')}
            </tbody></table>
            <button type="submit">${escapeHtml(t.saveWeek)}</button>
          </form>`;
        })
        .join('')
    : `<p class="muted">${escapeHtml(t.nothing)}</p>`;
}

async function load() {
  if (state.dirty) return; // never throw away what someone is typing
  if (state.role === 'caseworker') return loadClaims();
  const q = new URLSearchParams(location.search);
  const query = new URLSearchParams();
  if (q.get('cohort')) query.set('cohort', q.get('cohort'));
  if (q.get('municipality')) query.set('municipality', q.get('municipality'));
  // The page lives in the address as well: a link to the second page shows the second page.
  if (q.get('after')) query.set('after', q.get('after'));
  if (q.get('limit')) query.set('limit', q.get('limit'));
  try {
    const queue = await api(`/api/work-queue?${query}`);
    state.today = queue.today;
    state.nextCursor = queue.nextCursor;
    const items = q.get('overdue') === 'true' ? queue.items.filter((i) => i.overdue) : queue.items;
    state.items = items;
    renderAttendance(items.filter((i) => i.kind === 'ATTENDANCE'));
    renderOthers(items.filter((i) => i.kind !== 'ATTENDANCE'));
    $('status').textContent = t.status(items.length, items.filter((i) => i.overdue).length, formatInstant(new Date().toISOString(), lang));
    $('total').textContent = t.total(queue.total);
    $('next-page').hidden = !queue.nextCursor;
    $('first-page').hidden = !q.get('after');
    showError('');
  } catch (e) {
    showError(e.message);
  }
}

const claimWhat = (c) => {
  const kind = t.claimKinds[c.kind] ?? c.kind;
  return c.retentionWeeks ? `${kind} (${t.retention(c.retentionWeeks)})` : kind;
};
const claimTrackLink = (c) =>
  c.participantTrackId
    ? trackLink({ trackKind: 'participant', cohortId: c.cohortId, trackId: c.participantTrackId })
    : trackLink({ trackKind: 'company', cohortId: c.cohortId, trackId: c.companyTrackId });

/**
 * The caseworker's pending claims, oldest first, each approved or rejected with a reason. The reject
 * button comes first: Enter in the reason field rejects (after the confirmation), never approves.
 */
async function loadClaims() {
  const q = new URLSearchParams(location.search);
  const query = new URLSearchParams({ status: 'PENDING' });
  if (q.get('cohort')) query.set('cohort', q.get('cohort'));
  try {
    const { claims } = await api(`/api/claims?${query}`);
    state.claims = claims;
    $('claim-rows').innerHTML = claims.length
      ? claims
          .map(
            (c) => `<tr data-testid="claim-item" data-claim="${escapeHtml(c.outcomeId)}">
            <td>${escapeHtml(claimWhat(c))}</td>
            <td><a href="${claimTrackLink(c)}">${escapeHtml(c.participantTrackId ?? c.companyTrackId ?? '')}</a></td>
            <td>${escapeHtml([state.cohortNames.get(c.cohortId) ?? c.cohortId, t.municipality(c.municipalityCode)].join(' · '))}</td>
            <td><time datetime="${escapeHtml(c.occurredOn)}">${escapeHtml(formatDay(c.occurredOn, lang))}</time></td>
            <td class="amount">${escapeHtml(t.kr(c.amountDkk))}</td>
            <td class="action"><form data-claim-form>
              <input name="reason" minlength="3" maxlength="500" placeholder="${escapeHtml(t.rejectReason)}" aria-label="${escapeHtml(t.rejectReason)}" />
              <button type="submit" data-claim-action="reject">${escapeHtml(t.reject)}</button>
              <button type="submit" data-claim-action="approve">${escapeHtml(t.approve)}</button></form>
              <span class="result" data-testid="result"></span></td></tr>`,
          )
          .join('')
      : `<tr><td colspan="6" class="muted">${escapeHtml(t.noClaims)}</td></tr>`;
    $('status').textContent = t.status(claims.length, 0, formatInstant(new Date().toISOString(), lang));
    showError('');
  } catch (e) {
    showError(e.message);
  }
}

/** Runs one action after the person confirmed it; the API's refusal is shown in words beside it. */
async function perform(question, where, call) {
  if (!confirm(question)) return false;
  try {
    await call();
    where.textContent = t.done;
    where.className = 'result ok';
    return true;
  } catch (e) {
    where.textContent = t.refused(e.message);
    where.className = 'result refused';
    return false;
  }
}

async function onItemAction(form) {
  const row = form.closest('tr');
  const item = state.items.find((i) => i.id === row.dataset.item);
  const result = row.querySelector('.result');
  const f = new FormData(form);
  const step = (name) => pathOf(`/api/tracks/participant/:trackId/${name}`, item);
  let ok = false;
  switch (form.dataset.action) {
    case 'retention': {
      const yes = f.get('employed') === 'yes';
      ok = await perform(t.confirmAnswer(item.name, item.weeks, yes), result, () =>
        post(step('retention'), { weeks: item.weeks, stillEmployed: yes, evidenceRef: f.get('evidence') }),
      );
      break;
    }
    case 'employer-contact':
      ok = await perform(t.confirmContact(item.name, formatDay(f.get('on'), lang)), result, () =>
        post(step('employer-contact'), { on: f.get('on') }),
      );
      break;
    case 'placement': {
      const body = { companyId: String(f.get('company')).trim() };
      if (f.get('supportPerson')) body.supportPersonId = String(f.get('supportPerson')).trim();
      ok = await perform(t.confirmPlace(item.name, body.companyId), result, () => post(step('placement'), body));
      break;
    }
    case 'outcome': {
      const body = { kind: f.get('kind'), occurredOn: f.get('on'), evidenceRef: f.get('evidence') };
      if (f.get('hours')) body.hoursPerWeek = Number(f.get('hours'));
      ok = await perform(t.confirmOutcome(item.name, t.outcomeKinds[body.kind]), result, () => post(step('outcome'), body));
      break;
    }
    case 'acknowledge':
      ok = await perform(t.confirmAcknowledge(item.name), result, () =>
        post(pathOf('/api/companies/:cvr/problems/:reportId/acknowledge', item), {
          cohortId: item.cohortId,
        }),
      );
      break;
    case 'proposal-answer': {
      const answer = f.get('answer');
      ok = await perform(t.confirmProposal(item.name, item.title, answer === 'ACCEPT'), result, () =>
        post(pathOf('/api/job-matches/:matchId/answer', item), { answer }),
      );
      break;
    }
    case 'retry-email':
      ok = await perform(t.confirmRetry(item.name), result, () =>
        api(pathOf('/api/emails/:outboxId/retry', { outboxId: item.trackId }), { method: 'POST' }),
      );
      break;
  }
  if (ok) {
    form.querySelectorAll('button, input, select').forEach((el) => (el.disabled = true));
    state.dirty = false;
  }
}

/**
 * A week's attendance for a partnership: one confirmation, one call (POST /api/attendance-weeks/:weekStart,
 * checked whole before anything is recorded), then each row's result: recorded, or the track's refusal.
 */
async function onWeek(form) {
  const rows = [...form.querySelectorAll('[data-testid="attendance-row"]')].filter(
    (r) => r.querySelector('input[name="hours"]').value !== '',
  );
  if (!rows.length) return;
  if (!confirm(t.confirmWeek(rows.length, formatDay(form.dataset.week, lang), form.dataset.where))) return;
  const entries = rows.map((row) => ({
    trackId: row.dataset.track,
    hours: Number(row.querySelector('input[name="hours"]').value),
    present: row.querySelector('input[name="present"]').checked,
  }));
  const show = (row, ok, text) => {
    const result = row.querySelector('.result');
    result.textContent = text;
    result.className = `result ${ok ? 'ok' : 'refused'}`;
    if (ok) row.querySelectorAll('input').forEach((el) => (el.disabled = true));
  };
  try {
    const week = await post(pathOf('/api/attendance-weeks/:weekStart', { weekStart: form.dataset.week }), { entries });
    const refusedOf = new Map(week.refused.map((r) => [r.trackId, r.message]));
    for (const row of rows) {
      if (refusedOf.has(row.dataset.track)) show(row, false, t.refused(refusedOf.get(row.dataset.track)));
      else show(row, true, t.recorded);
    }
  } catch (e) {
    // Nothing was recorded: the whole week is refused, in words, on every row.
    for (const row of rows) show(row, false, t.refused(e.message));
  }
  state.dirty = false;
}

/** Approves, or rejects with the reason typed beside it (the API refuses a rejection without one, in words). */
async function onClaim(form, approve) {
  const row = form.closest('tr');
  const claim = state.claims.find((c) => c.outcomeId === row.dataset.claim);
  const what = claimWhat(claim);
  const amount = t.kr(claim.amountDkk);
  const path = pathOf(`/api/claims/:outcomeId/${approve ? 'approve' : 'reject'}`, claim);
  const reason = String(new FormData(form).get('reason') ?? '').trim();
  if (!approve && reason.length < 3) {
    const result = row.querySelector('.result');
    result.textContent = t.reasonNeeded;
    result.className = 'result refused';
    return;
  }
  const ok = await perform(approve ? t.confirmApprove(what, amount) : t.confirmReject(what, amount), row.querySelector('.result'), () =>
    approve ? api(path, { method: 'POST' }) : post(path, { reason }),
  );
  if (ok) form.querySelectorAll('button, input').forEach((el) => (el.disabled = true));
  state.dirty = false;
}

function wire() {
  document.querySelectorAll('[data-t]').forEach((el) => (el.textContent = t[el.dataset.t]));
  document.title = `Dobbeltspor · ${t.title}`;
  $('page-title').textContent = t.title;
  const page = $('page');
  page.addEventListener('input', () => (state.dirty = true));
  page.addEventListener('submit', (e) => {
    e.preventDefault();
    if (e.target.classList.contains('week')) onWeek(e.target);
    else if (e.target.hasAttribute('data-claim-form')) onClaim(e.target, e.submitter?.dataset.claimAction === 'approve');
    else onItemAction(e.target);
  });
  $('overdue-only').checked = new URLSearchParams(location.search).get('overdue') === 'true';
  $('filters').addEventListener('change', () => {
    // The filters live in the address: a link to this list shows the same list.
    const q = new URLSearchParams(location.search);
    const cohort = $('cohort-select').value;
    if (cohort) q.set('cohort', cohort);
    else q.delete('cohort');
    q.delete('after'); // other filters, other pages: from the first again
    if ($('overdue-only').checked) q.set('overdue', 'true');
    else q.delete('overdue');
    history.replaceState(null, '', `${location.pathname}?${q}`);
    state.dirty = false;
    load();
  });
  $('next-page').textContent = t.nextPage;
  $('first-page').textContent = t.firstPage;
  const turnTo = (after) => {
    const q = new URLSearchParams(location.search);
    if (after) q.set('after', after);
    else q.delete('after');
    history.pushState(null, '', `${location.pathname}?${q}`);
    state.dirty = false;
    load();
  };
  $('next-page').addEventListener('click', () => state.nextCursor && turnTo(state.nextCursor));
  $('first-page').addEventListener('click', () => turnTo(null));
  window.addEventListener('popstate', () => {
    state.dirty = false;
    load();
  });
}

async function start() {
  wire();
  state.token = readToken();
  const cohortId = new URLSearchParams(location.search).get('cohort');
  renderNav($('nav'), currentLanguage(), cohortId);
  if (!state.token) return showError(t.signIn);
  try {
    const me = await api('/api/me');
    state.role = me.role;
    // A caseworker's tasks are the claims to approve; the others' the work queue's items.
    $('claims-section').hidden = me.role !== 'caseworker';
    $('tasks-section').hidden = me.role === 'caseworker';
    $('whoami').textContent = `${me.sub} · ${roleName(me.role, lang)}`;
    const select = $('cohort-select');
    select.innerHTML = `<option value="">${escapeHtml(t.all)}</option>`;
    if (me.role !== 'staff') {
      for (const c of await api('/api/cohorts')) {
        state.cohortNames.set(c.id, c.name);
        select.insertAdjacentHTML('beforeend', `<option value="${escapeHtml(c.id)}">${escapeHtml(c.name)}</option>`);
      }
    }
    select.value = cohortId ?? '';
  } catch (e) {
    return showError(e.message);
  }
  await load();
  keepFresh(load, 30_000);
}

start();
