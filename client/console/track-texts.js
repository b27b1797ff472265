// The track list's and the track timeline's words in Danish and English: phases, statuses, the next
// deadline and every kind of timeline event, written from the event's facts (the API's own `title` and
// `detail` are English). Internal names (enums, ids, routes) stay out of the text; where they help an
// operator they go in the tooltip.
import { formatAmount, formatDay, formatNumber } from './format.js';

const PHASES = {
  da: {
    ENROLLED: 'optaget',
    WORK_READINESS: 'arbejdsmarkedstræning',
    JOB_TRAINING: 'jobtræning',
    RETENTION: 'fastholdelse',
    COMPLETED: 'afsluttet',
    DROPPED_OUT: 'faldet fra',
    TRANSFERRED: 'overflyttet',
    RECRUITED: 'rekrutteret',
    BOOT_CAMP: 'bootcamp',
    SELECTION: 'til udvælgelse',
    ACCELERATOR: 'accelerator',
    ANCHORING: 'forankring',
    NOT_SELECTED: 'ikke udvalgt',
    WITHDRAWN: 'trukket sig',
  },
  en: {
    ENROLLED: 'enrolled',
    WORK_READINESS: 'work readiness',
    JOB_TRAINING: 'job training',
    RETENTION: 'retention',
    COMPLETED: 'completed',
    DROPPED_OUT: 'dropped out',
    TRANSFERRED: 'transferred',
    RECRUITED: 'recruited',
    BOOT_CAMP: 'boot camp',
    SELECTION: 'selection',
    ACCELERATOR: 'accelerator',
    ANCHORING: 'anchoring',
    NOT_SELECTED: 'not selected',
    WITHDRAWN: 'withdrawn',
  },
};

/** The page's fixed words, by the `data-t` of their element. */
export const PAGE_TEXTS = {
  da: {
    title: 'forløb',
    cohortsHeading: 'Klynger',
    kindLabel: 'Forløb',
    kindParticipant: 'Deltagere',
    kindCompany: 'Virksomheder',
    cohortLabel: 'Klynge',
    municipalityLabel: 'Kommune',
    phaseLabel: 'Fase',
    overdueOnly: 'Kun overskredne',
    searchLabel: 'Søg',
    searchPlaceholder: 'navn, CVR eller forløbets id',
    colName: 'Navn',
    colCohort: 'Klynge',
    colMunicipality: 'Kommune',
    colPhase: 'Fase',
    colDeadline: 'Næste frist',
    colOverdue: 'Overskredet',
    colMails: 'E-mails',
    loadMore: 'Vis flere',
    close: 'Luk',
    temporal: 'Åbn i Temporal Web UI ↗',
    pause: 'Sæt forløbet på pause',
    timeline: 'Tidslinje',
    showHistory: 'Hele deltagerens eller virksomhedens historik',
    tokenLabel: 'Bearer token',
    useToken: 'Brug',
  },
  en: {
    title: 'tracks',
    cohortsHeading: 'Cohorts',
    kindLabel: 'Tracks',
    kindParticipant: 'Participants',
    kindCompany: 'Companies',
    cohortLabel: 'Cohort',
    municipalityLabel: 'Municipality',
    phaseLabel: 'Phase',
    overdueOnly: 'Overdue only',
    searchLabel: 'Search',
    searchPlaceholder: 'name, CVR or track id',
    colName: 'Name',
    colCohort: 'Cohort',
    colMunicipality: 'Municipality',
    colPhase: 'Phase',
    colDeadline: 'Next deadline',
    colOverdue: 'Overdue',
    colMails: 'E-mails',
    loadMore: 'Load more',
    close: 'Close',
    temporal: 'Open in Temporal Web UI ↗',
    pause: 'Pause track',
    timeline: 'Timeline',
    showHistory: 'Whole history of this participant or company',
    tokenLabel: 'Bearer token',
    useToken: 'Use',
  },
};

const plural = (n, one, many) => (n === 1 ? one : many);

/** The texts the page writes as it goes, in `lang`. */
export function trackTexts(lang) {
  const da = lang !== 'en';
  const n = (x) => formatNumber(x, lang);
  return {
    page: PAGE_TEXTS[da ? 'da' : 'en'],
    phase: (p) => PHASES[da ? 'da' : 'en'][p] ?? p,
    all: da ? 'Alle' : 'All',
    paused: da ? 'på pause' : 'paused',
    participants: (x) => (da ? `${n(x)} ${plural(x, 'deltager', 'deltagere')}` : `${n(x)} ${plural(x, 'participant', 'participants')}`),
    companies: (x) => (da ? `${n(x)} ${plural(x, 'virksomhed', 'virksomheder')}` : `${n(x)} ${plural(x, 'company', 'companies')}`),
    slots: (x) => (da ? `${n(x)} ${plural(x, 'plads', 'pladser')}` : `${n(x)} ${plural(x, 'slot', 'slots')}`),
    overdue: (x) => (da ? `${n(x)} overskredet` : `${n(x)} overdue`),
    plannedMove: (m) =>
      da
        ? `Flyttet af planen: ${m.what} fra ${formatDay(m.from, lang)} (${dayOff(m.reason, lang)}) til ${formatDay(m.to, lang)}`
        : `Moved by the plan: ${m.what} from ${formatDay(m.from, lang)} (${dayOff(m.reason, lang)}) to ${formatDay(m.to, lang)}`,
    mails: (m) =>
      da
        ? [
            `${n(m.sent)} sendt`,
            m.pending ? `${n(m.pending)} venter` : '',
            m.failed ? `<span class="overdue">${n(m.failed)} fejlet</span>` : '',
          ]
        : [
            `${n(m.sent)} sent`,
            m.pending ? `${n(m.pending)} pending` : '',
            m.failed ? `<span class="overdue">${n(m.failed)} failed</span>` : '',
          ],
    loading: da ? 'Henter …' : 'Loading…',
    noTracks: da ? 'Ingen forløb passer til filtrene.' : 'No tracks match these filters.',
    shown: (x, more) =>
      da
        ? `${n(x)} ${plural(x, 'forløb', 'forløb')} vist${more ? ', flere nedenfor' : ''}.`
        : `${n(x)} ${plural(x, 'track', 'tracks')} shown${more ? ', more below' : ''}.`,
    facts: da
      ? {
          cohort: 'Klynge',
          municipality: 'Kommune',
          phase: 'Fase',
          deadline: 'Næste frist',
          overdue: 'Overskredne punkter',
          placement: 'Placering',
          attendance: 'Fremmøde mod planen',
        }
      : {
          cohort: 'Cohort',
          municipality: 'Municipality',
          phase: 'Phase',
          deadline: 'Next deadline',
          overdue: 'Overdue items',
          placement: 'Placement',
          attendance: 'Attendance against plan',
        },
    trackTimeline: da ? 'Forløbets tidslinje' : 'Timeline of this track',
    wholeHistory: (tracks) =>
      da
        ? `Hele historikken: ${n(tracks.length)} forløb (${tracks.map((t) => t.cohortName).join(', ')})`
        : `Whole history: ${n(tracks.length)} ${plural(tracks.length, 'track', 'tracks')} (${tracks.map((t) => t.cohortName).join(', ')})`,
    nothingYet: da ? 'Der er ikke sket noget på forløbet endnu.' : 'Nothing has happened on this track yet.',
    retryEmail: da ? 'Prøv e-mailen igen' : 'Retry e-mail',
    resendInvitation: da ? 'Send invitationen igen' : 'Resend invitation',
    retrying: da ? 'E-mailen sendes igen.' : 'Retrying the e-mail.',
    resending: da ? 'Invitationen sendes igen.' : 'Resending the invitation.',
    pauseWhy: da ? 'Hvorfor sættes forløbet på pause?' : 'Why pause this track?',
    pausing: da ? 'Forløbet sættes på pause.' : 'Pausing the track.',
    notSignedIn: da ? 'Ikke logget ind.' : 'Not signed in.',
    pasteToken: da
      ? 'Indsæt et bearer token (scripts/issue-token.ts) for at se forløbene.'
      : 'Paste a bearer token (scripts/issue-token.ts) to see the tracks.',
    deadline: (what) => deadlineText(what, lang),
    attendancePlan: (plan) => attendancePlanText(plan, lang),
  };
}

/** "a Saturday", "a closing day of Kolding" from the cohort's plan; Danish holidays are named in Danish already. */
function dayOff(reason, lang) {
  if (lang === 'en') return reason;
  const weekday = /^an? (Saturday|Sunday)$/.exec(reason);
  if (weekday) return weekday[1] === 'Saturday' ? 'en lørdag' : 'en søndag';
  const closing = /^a closing day of (.+)$/.exec(reason);
  if (closing) return `en lukkedag i ${closing[1]}`;
  return reason;
}

/**
 * The next deadline as the track's workflow names it: a participant's agenda writes an English
 * sentence, a company's a code (`selection`, `milestone:<id>`, `anchoring-check:2`).
 */
const DEADLINES = [
  [
    /^attendance for the week(?: of (\d{4}-\d{2}-\d{2}))?$/,
    (m, l) => (l === 'en' ? m[0] : `fremmøde for ugen${m[1] ? ` fra ${formatDay(m[1], l)}` : ''}`),
  ],
  [
    /^work-readiness training ends; job training in a company starts$/,
    () => 'arbejdsmarkedstræningen slutter; jobtræning i en virksomhed begynder',
  ],
  [/^work-readiness training starts$/, () => 'arbejdsmarkedstræningen begynder'],
  [/^place the participant in a company for job training$/, () => 'placér deltageren i en virksomhed til jobtræning'],
  [/^assign a mentor$/, () => 'tildel en mentor'],
  [/^first employer contact \(IPS\)$/, () => 'første arbejdsgiverkontakt (IPS)'],
  [/^job training ends; the outcome is due$/, () => 'jobtræningen slutter; resultatet skal registreres'],
  [/^record the outcome of the track$/, () => 'registrér forløbets resultat'],
  [/^answer to the (\d+)-week retention follow-up$/, (m) => `svar på opfølgningen efter ${m[1]} uger`],
  [/^retention follow-up (\d+) weeks after the hire$/, (m) => `opfølgning ${m[1]} uger efter ansættelsen`],
  [/^(.+) check-in of the placement$/, (m) => `opfølgning på placeringen (${m[1]})`],
  [/^record what follows the (.+)$/, (m) => `registrér hvad der fulgte efter ${m[1].replaceAll('_', ' ')}`],
  [/^mentor meeting$/, () => 'mentormøde'],
  [/^phase end$/, () => 'fasen slutter'],
  [/^check-in at the company$/, () => 'opfølgning i virksomheden'],
  [/^answer the boot camp invitation$/, () => 'svar på invitationen til bootcamp'],
  [/^selection$/, (m, l) => (l === 'en' ? 'selection for the accelerator' : 'udvælgelse til acceleratoren')],
  [/^milestone:(.+)$/, (m, l) => (l === 'en' ? `milestone ${m[1]}` : `milepæl ${m[1]}`)],
  [/^accelerator-end$/, (m, l) => (l === 'en' ? 'the accelerator ends' : 'acceleratoren slutter')],
  [/^anchoring-check:(\d+)$/, (m, l) => (l === 'en' ? `anchoring check ${m[1]}` : `forankringstjek nr. ${m[1]}`)],
  [/^anchoring-answers:(\d+)$/, (m, l) => (l === 'en' ? `answers to anchoring check ${m[1]}` : `svar på forankringstjek nr. ${m[1]}`)],
  [/^anchoring-close$/, (m, l) => (l === 'en' ? 'anchoring ends' : 'forankringen slutter')],
];

function deadlineText(what, lang) {
  if (!what) return '';
  for (const [pattern, write] of DEADLINES) {
    const m = pattern.exec(what);
    if (m) return lang === 'en' && write.length < 2 ? what : write(m, lang);
  }
  return what;
}

const WEEK_STATUS = {
  da: {
    AS_PLANNED: 'som planlagt',
    UNDER_ACTIVATED: 'under planen',
    ABSENT: 'fravær',
    NOT_RECORDED: 'ikke registreret',
    NOTHING_PLANNED: 'intet planlagt',
  },
  en: {
    AS_PLANNED: 'as planned',
    UNDER_ACTIVATED: 'under plan',
    ABSENT: 'absent',
    NOT_RECORDED: 'not recorded',
    NOTHING_PLANNED: 'nothing planned',
  },
};

/** The last week checked against the plan's hours, and the flag when weeks in a row fell below it. */
function attendancePlanText(plan, lang) {
  if (!plan) return '';
  const da = lang !== 'en';
  const n = (x) => formatNumber(x, lang);
  const week = plan.lastCheckedWeek;
  const status = (s) => WEEK_STATUS[da ? 'da' : 'en'][s] ?? s;
  const checked = week
    ? da
      ? `ugen fra ${formatDay(week.weekStart, lang)}: ${n(week.hours ?? 0)} af ${n(week.plannedHours)} planlagte timer (${status(week.status)})`
      : `week of ${formatDay(week.weekStart, lang)}: ${n(week.hours ?? 0)} of ${n(week.plannedHours)} h planned (${status(week.status)})`
    : da
      ? 'ingen uge tjekket endnu'
      : 'no week checked yet';
  const k = plan.weeksBelowPlanInRow;
  const flag = plan.flagged
    ? da
      ? ` — under planen ${n(k)} ${plural(k, 'uge', 'uger')} i træk${plan.escalated ? ', koordinatoren har fået besked' : ''}`
      : ` — below plan ${n(k)} ${plural(k, 'week', 'weeks')} in a row${plan.escalated ? ', coordinator told' : ''}`
    : '';
  return da ? `${n(plan.hoursPerWeek)} timer/uge planlagt; ${checked}${flag}` : `${n(plan.hoursPerWeek)} h/week planned; ${checked}${flag}`;
}

const EVENT_WORDS = {
  da: {
    kinds: {
      attendance: 'Fremmøde',
      outcome: 'Resultat',
      ledger: 'Postering',
      email: 'E-mail',
      audit: 'Handling',
      invitation: 'Invitation',
      assignment: 'Tildeling',
    },
    status: {
      PRESENT: 'mødt',
      ABSENT: 'fravær',
      UNDER_ACTIVATED: 'under planen',
      SENT: 'sendt',
      PENDING: 'venter',
      FAILED: 'fejlet',
      ALLOWED: 'tilladt',
      REFUSED: 'afvist',
      YES: 'ja',
      NO: 'nej',
    },
    outcomes: {
      ORDINARY_JOB: 'ordinært job',
      PARTIAL_JOB: 'job på nedsat tid',
      EDUCATION: 'uddannelse',
      INTERNSHIP: 'praktik',
      NONE: 'intet resultat',
      RETENTION: 'fastholdelse',
      ANCHORING: 'forankring',
    },
    ledger: { CHARGE: 'krav', REVERSAL: 'tilbageførsel' },
    roles: {
      MENTOR: 'Mentor',
      SUPPORT_PERSON: 'Støtteperson',
      STAFF: 'Medarbejder',
      BUDDY: 'Buddy',
      COORDINATOR: 'Koordinator',
      JOB_CONSULTANT: 'Jobkonsulent',
    },
    principals: {
      operator: 'drift',
      coordinator: 'koordinator',
      caseworker: 'sagsbehandler',
      staff: 'medarbejder',
      company: 'virksomhed',
      none: 'uden login',
    },
    camps: { BOOT_CAMP: 'bootcamp', CAMP: 'camp', COACHING: 'coaching' },
    campStatus: { SCHEDULED: 'planlagt', MOVED: 'flyttet', CANCELLED: 'aflyst', HELD: 'afholdt' },
    rsvp: { YES: 'ja', NO: 'nej', PENDING: 'intet svar' },
  },
  en: {
    kinds: {
      attendance: 'Attendance',
      outcome: 'Outcome',
      ledger: 'Ledger',
      email: 'E-mail',
      audit: 'Action',
      invitation: 'Invitation',
      assignment: 'Assignment',
    },
    status: {
      PRESENT: 'present',
      ABSENT: 'absent',
      UNDER_ACTIVATED: 'below plan',
      SENT: 'sent',
      PENDING: 'pending',
      FAILED: 'failed',
      ALLOWED: 'allowed',
      REFUSED: 'refused',
      YES: 'yes',
      NO: 'no',
    },
    outcomes: {
      ORDINARY_JOB: 'ordinary job',
      PARTIAL_JOB: 'part-time job',
      EDUCATION: 'education',
      INTERNSHIP: 'internship',
      NONE: 'no outcome',
      RETENTION: 'retention',
      ANCHORING: 'anchoring',
    },
    ledger: { CHARGE: 'charge', REVERSAL: 'reversal' },
    roles: {
      MENTOR: 'Mentor',
      SUPPORT_PERSON: 'Support person',
      STAFF: 'Staff member',
      BUDDY: 'Buddy',
      COORDINATOR: 'Coordinator',
      JOB_CONSULTANT: 'Job consultant',
    },
    principals: {
      operator: 'operator',
      coordinator: 'coordinator',
      caseworker: 'caseworker',
      staff: 'staff member',
      company: 'company',
      none: 'not signed in',
    },
    camps: { BOOT_CAMP: 'boot camp', CAMP: 'camp', COACHING: 'coaching' },
    campStatus: { SCHEDULED: 'scheduled', MOVED: 'moved', CANCELLED: 'cancelled', HELD: 'held' },
    rsvp: { YES: 'yes', NO: 'no', PENDING: 'no answer' },
  },
};

/** The API's routes an audit entry names, in words; a form's route is named by its form (`actionLabels`). */
const ROUTE_WORDS = {
  'POST /api/emails/:outboxId/retry': ['E-mailen sendt igen', 'E-mail retried'],
  'POST /api/invitations/:invitationId/resend': ['Invitationen sendt igen', 'Invitation resent'],
};

/**
 * One timeline event in words: `{ kind, title, detail, status, tooltip }`, from its facts. An event
 * without facts (an older API) keeps the API's English title and detail.
 */
export function eventText(e, lang, actionLabels) {
  const da = lang !== 'en';
  const w = EVENT_WORDS[da ? 'da' : 'en'];
  const n = (x) => formatNumber(x, lang);
  const f = e.facts;
  const base = { kind: w.kinds[e.kind] ?? e.kind, status: e.status ? (w.status[e.status] ?? e.status) : '', tooltip: '' };
  if (!f) return { ...base, title: e.title, detail: e.detail ?? '' };
  switch (e.kind) {
    case 'attendance': {
      const planned = f.plannedHours === null ? '' : da ? ` af ${n(f.plannedHours)} planlagte` : ` of ${n(f.plannedHours)} h planned`;
      const hours = f.present
        ? da
          ? `${n(f.hours)} timer${planned}`
          : `${n(f.hours)} h${planned}`
        : da
          ? `fravær${f.plannedHours === null ? '' : ` (${n(f.plannedHours)} timer planlagt)`}`
          : `absent${f.plannedHours === null ? '' : ` (${n(f.plannedHours)} h planned)`}`;
      return {
        ...base,
        title: `${da ? 'Ugen fra' : 'Week of'} ${formatDay(f.weekStart, lang)}: ${hours}`,
        detail: [f.note ?? '', da ? `registreret af ${f.recordedBy}` : `recorded by ${f.recordedBy}`].filter(Boolean).join('; '),
      };
    }
    case 'assignment':
      return {
        ...base,
        title: `${w.roles[f.role] ?? f.role}: ${f.staffName}`,
        detail: f.endedOn ? (da ? `til ${formatDay(f.endedOn, lang)}` : `until ${formatDay(f.endedOn, lang)}`) : '',
      };
    case 'outcome':
      return {
        ...base,
        title: `${da ? 'Resultat' : 'Outcome'}: ${w.outcomes[f.outcomeKind] ?? f.outcomeKind}`,
        detail: [
          f.hoursPerWeek ? (da ? `${n(f.hoursPerWeek)} timer/uge` : `${n(f.hoursPerWeek)} h/week`) : '',
          f.retentionWeeks ? (da ? `fastholdt efter ${n(f.retentionWeeks)} uger` : `retention after ${n(f.retentionWeeks)} weeks`) : '',
          f.detail ?? '',
          da ? `dokumentation ${f.evidenceRef}` : `evidence ${f.evidenceRef}`,
        ]
          .filter(Boolean)
          .join('; '),
      };
    case 'ledger':
      return {
        ...base,
        title: `${da ? 'Postering' : 'Ledger'}, ${w.ledger[f.entryKind] ?? f.entryKind}: ${formatAmount(f.amountOre / 100, lang)}`,
        detail: da ? `kommunekode ${f.municipalityCode}` : `municipality code ${f.municipalityCode}`,
        tooltip: da ? `takstkortets linje ${f.rateCardLine}` : `rate card line ${f.rateCardLine}`,
      };
    case 'email': {
      const attempts = da ? `${n(f.attempts)} forsøg` : `${n(f.attempts)} ${plural(f.attempts, 'attempt', 'attempts')}`;
      return {
        ...base,
        title: f.subject,
        detail: `${da ? 'til' : 'to'} ${f.toAddress}, ${attempts}${f.lastError ? `: ${f.lastError}` : ''}`,
        tooltip: f.template,
      };
    }
    case 'audit': {
      const known = ROUTE_WORDS[f.action]?.[da ? 0 : 1] ?? actionLabels?.(f.action);
      return {
        ...base,
        title: known ?? (da ? 'Handling gennem API’et' : 'Action through the API'),
        detail: `${f.actor} (${w.principals[f.role] ?? f.role})${f.text ? `: ${f.text}` : ''}`,
        tooltip: [f.action, f.entity && !/Track$/.test(f.entity) ? `${f.entity} ${f.entityId ?? ''}` : ''].filter(Boolean).join(' · '),
      };
    }
    case 'invitation': {
      const attended = f.attended === null ? '' : f.attended ? (da ? ', deltog' : ', attended') : da ? ', deltog ikke' : ', did not attend';
      const feedback =
        f.feedbackScore === null
          ? ''
          : `; ${da ? 'vurdering' : 'feedback'} ${n(f.feedbackScore)}/5${f.feedbackComment ? `: ${f.feedbackComment}` : ''}`;
      return {
        ...base,
        status: w.rsvp[f.rsvp] ?? f.rsvp,
        title: `${f.campTitle} (${w.camps[f.campKind] ?? f.campKind}, ${w.campStatus[f.campStatus] ?? f.campStatus})`,
        detail: `${f.location}; ${da ? 'svar' : 'answer'}: ${w.rsvp[f.rsvp] ?? f.rsvp}${attended}${feedback}`,
      };
    }
    default:
      return { ...base, title: e.title, detail: e.detail ?? '' };
  }
}
