// Every coordinator's and operator's action the API offers, as a form in the console: each names
// its route as the API declares it (test/doors.test.ts checks that every such route has one), the
// roles that may take it, its fields in Danish and English, and which of the page's context (the
// open track, company, cohort or camp) fills the route's parameters and the body. A submitted form
// asks for confirmation (not one that changes nothing), calls the API and shows the outcome (in words
// of the action's `show`, if it has one), or the refusal in words. A field whose value can be offered
// (a company of the cohort, a municipality, a track, a camp's companies) is a picker with the names,
// filled from the API's lists when its form is opened; the id is its value.
import { escapeHtml } from './format.js';
import { pathOf } from './session.js';

const C = ['coordinator'];
const CO = ['coordinator', 'operator'];
const REASON = { name: 'reason', da: 'Begrundelse', en: 'Reason', type: 'text', required: true, minlength: 3 };
const OPTIONAL_REASON = { ...REASON, required: false };
const DAY = (name, da, en, required = true) => ({ name, da, en, type: 'date', required, today: true });
const cvrs = (text) =>
  String(text ?? '')
    .split(/[\s,;]+/)
    .filter(Boolean);
/** A list of ids typed with spaces, commas or semicolons between them. */
const ids = cvrs;
const PARTICIPANT_ID = { name: 'participantId', da: 'Deltager', en: 'Participant', type: 'text', required: true };
const MUNICIPALITY = {
  name: 'municipalityCode',
  da: 'Kommune',
  en: 'Municipality',
  type: 'text',
  required: true,
  pattern: '\\d{3}',
  choices: 'municipalities',
};
const STAFF_WHO_HELD_IT = {
  name: 'staffMemberId',
  da: 'Medarbejder der holdt det (koordinator)',
  en: 'Staff member who held it (coordinator)',
  type: 'text',
};

/** The actions, by where they are offered: a participant track, a company track, a cohort, a camp. */
export const ACTIONS = {
  participant: [
    {
      route: 'POST /api/tracks/participant/:trackId/attendance',
      roles: ['coordinator', 'staff'],
      da: 'Registrér fremmøde',
      en: 'Record attendance',
      fields: [
        DAY('weekStart', 'Ugens mandag', "The week's Monday"),
        { name: 'hours', da: 'Timer', en: 'Hours', type: 'number', required: true, min: 0, max: 80, step: 0.5 },
        { name: 'present', da: 'Mødt', en: 'Present', type: 'checkbox', checked: true },
      ],
    },
    {
      route: 'POST /api/tracks/participant/:trackId/outcome',
      roles: C,
      da: 'Registrér resultat',
      en: 'Record the outcome',
      fields: [
        {
          name: 'kind',
          da: 'Resultat',
          en: 'Outcome',
          type: 'select',
          options: {
            ORDINARY_JOB: ['Ordinært job', 'Ordinary job'],
            PARTIAL_JOB: ['Job på nedsat tid', 'Part-time job'],
            EDUCATION: ['Uddannelse', 'Education'],
            INTERNSHIP: ['Praktik', 'Internship'],
            NONE: ['Intet resultat', 'No outcome'],
          },
        },
        DAY('occurredOn', 'Dato', 'Date'),
        { name: 'hoursPerWeek', da: 'Timer pr. uge', en: 'Hours a week', type: 'number', min: 0, max: 80, step: 0.5 },
        { name: 'evidenceRef', da: 'Dokumentation', en: 'Evidence', type: 'text', required: true },
      ],
    },
    {
      route: 'POST /api/tracks/participant/:trackId/placement',
      roles: C,
      da: 'Placér i virksomhed',
      en: 'Place at a company',
      fields: [
        { name: 'companyId', da: 'Virksomhed (CVR)', en: 'Company (CVR)', type: 'text', required: true, choices: 'companies' },
        { name: 'supportPersonId', da: 'Støtteperson', en: 'Support person', type: 'text' },
      ],
    },
    {
      route: 'POST /api/tracks/participant/:trackId/retention',
      roles: ['coordinator', 'staff'],
      da: 'Besvar opfølgning',
      en: 'Answer a follow-up',
      fields: [
        { name: 'weeks', da: 'Uger efter ansættelsen', en: 'Weeks after the hire', type: 'number', required: true, min: 1, max: 520 },
        {
          name: 'stillEmployed',
          da: 'Svar',
          en: 'Answer',
          type: 'select',
          options: { true: ['Stadig i job', 'Still employed'], false: ['Ikke i job', 'Not employed'] },
          as: (v) => v === 'true',
        },
        { name: 'evidenceRef', da: 'Dokumentation', en: 'Evidence', type: 'text', required: true },
      ],
    },
    {
      route: 'POST /api/tracks/participant/:trackId/mentor',
      roles: C,
      da: 'Tildel mentor',
      en: 'Assign a mentor',
      fields: [{ name: 'staffMemberId', da: 'Mentor (medarbejder)', en: 'Mentor (staff member)', type: 'text', required: true }],
    },
    {
      route: 'POST /api/tracks/participant/:trackId/employer-contact',
      roles: ['coordinator', 'staff'],
      da: 'Første arbejdsgiverkontakt',
      en: 'First employer contact',
      fields: [DAY('on', 'Dato', 'Date')],
    },
    {
      route: 'POST /api/tracks/participant/:trackId/topics',
      roles: ['coordinator', 'staff'],
      da: 'Afkryds træningsemne',
      en: 'Tick a training topic',
      fields: [
        { name: 'topic', da: 'Emne', en: 'Topic', type: 'text', required: true },
        { name: 'done', da: 'Gennemført', en: 'Done', type: 'checkbox', checked: true },
      ],
    },
    {
      route: 'POST /api/tracks/participant/:trackId/pause',
      roles: CO,
      da: 'Sæt forløbet på pause',
      en: 'Pause the track',
      fields: [REASON],
    },
    { route: 'POST /api/tracks/participant/:trackId/resume', roles: CO, da: 'Genoptag forløbet', en: 'Resume the track', fields: [] },
    {
      route: 'POST /api/tracks/participant/:trackId/drop-out',
      roles: C,
      da: 'Afslut: faldet fra',
      en: 'End: dropped out',
      fields: [REASON],
    },
    {
      route: 'POST /api/tracks/participant/:trackId/transfer',
      roles: C,
      da: 'Overflyt til andet partnerskab',
      en: 'Transfer to another partnership',
      fields: [
        { name: 'toPartnershipId', da: 'Partnerskab', en: 'Partnership', type: 'text', required: true, choices: 'allPartnerships' },
        REASON,
      ],
    },
    {
      route: 'POST /api/tracks/participant/:trackId/support-contacts',
      roles: ['coordinator', 'staff'],
      da: 'Registrér støttekontakt',
      en: 'Record a support contact',
      fields: [
        {
          name: 'kind',
          da: 'Slags',
          en: 'Kind',
          type: 'select',
          options: {
            INDIVIDUAL_CONVERSATION: ['Individuel samtale', 'Individual conversation'],
            EMPLOYER_CONTACT: ['Arbejdsgiverkontakt (IPS)', 'Employer contact (IPS)'],
            FOLLOW_ALONG: ['Følge-med-støtte efter ansættelse', 'Follow-along support after a hire'],
          },
        },
        DAY('heldOn', 'Dato', 'Date'),
        { name: 'minutes', da: 'Minutter', en: 'Minutes', type: 'number', required: true, min: 1, max: 480, step: 1 },
        {
          name: 'cvr',
          da: 'Arbejdsgiver (CVR, valgfri)',
          en: 'Employer (CVR, optional)',
          type: 'text',
          pattern: '\\d{8}',
          choices: 'companies',
        },
        STAFF_WHO_HELD_IT,
      ],
    },
    {
      route: 'POST /api/participants/:participantId/erase',
      roles: C,
      da: 'Slet deltagerens personoplysninger (på deltagerens anmodning)',
      en: "Erase the participant's personal data (at their request)",
      fields: [],
    },
    {
      route: 'POST /api/ledger/:entryId/reverse',
      roles: C,
      da: 'Tilbagefør en postering',
      en: 'Reverse a ledger entry',
      fields: [{ name: 'entryId', da: 'Postering', en: 'Entry', type: 'text', required: true, param: true }, REASON],
    },
    {
      route: 'POST /api/tracks/:kind/:trackId/terminate',
      roles: ['operator'],
      da: 'Afbryd workflowet (sidste udvej)',
      en: 'Terminate the workflow (last resort)',
      fields: [REASON],
    },
  ],
  company: [
    {
      route: 'POST /api/companies/:cvr/milestones',
      roles: C,
      da: 'Milepæl nået',
      en: 'Milestone reached',
      body: ['cohortId'],
      fields: [{ name: 'milestoneId', da: 'Milepæl', en: 'Milestone', type: 'text', required: true }, DAY('doneOn', 'Dato', 'Date')],
    },
    {
      route: 'POST /api/companies/:cvr/anchoring',
      roles: C,
      da: 'Besvar forankringstjek',
      en: 'Answer an anchoring check',
      body: ['cohortId'],
      fields: [
        { name: 'checkNo', da: 'Tjek nr.', en: 'Check no.', type: 'number', required: true, min: 1 },
        {
          name: 'socialModelInUse',
          da: 'Social model i brug',
          en: 'Social model in use',
          type: 'select',
          options: { YES: ['Ja', 'Yes'], PARTLY: ['Delvist', 'Partly'], NO: ['Nej', 'No'] },
        },
        { name: 'respondent', type: 'fixed', value: 'EMPLOYMENT_ACTOR' },
      ],
    },
    {
      route: 'POST /api/companies/:cvr/problems',
      roles: CO,
      da: 'Rapportér et problem',
      en: 'Report a problem',
      body: ['cohortId'],
      fields: [{ name: 'description', da: 'Beskrivelse', en: 'Description', type: 'textarea', required: true, minlength: 3 }],
    },
    {
      route: 'POST /api/companies/:cvr/problems/:reportId/acknowledge',
      roles: CO,
      da: 'Kvittér for problemrapport',
      en: 'Acknowledge a problem report',
      body: ['cohortId'],
      fields: [{ name: 'reportId', da: 'Rapport nr.', en: 'Report no.', type: 'text', required: true, param: true }],
    },
    { route: 'POST /api/tracks/company/:trackId/pause', roles: CO, da: 'Sæt forløbet på pause', en: 'Pause the track', fields: [REASON] },
    { route: 'POST /api/tracks/company/:trackId/resume', roles: CO, da: 'Genoptag forløbet', en: 'Resume the track', fields: [] },
    {
      route: 'POST /api/companies/:cvr/withdraw',
      roles: C,
      da: 'Virksomheden trækker sig',
      en: 'Withdraw the company',
      body: ['cohortId'],
      fields: [REASON],
    },
    {
      route: 'POST /api/tracks/:kind/:trackId/terminate',
      roles: ['operator'],
      da: 'Afbryd workflowet (sidste udvej)',
      en: 'Terminate the workflow (last resort)',
      fields: [REASON],
    },
  ],
  cohort: [
    {
      route: 'POST /api/cohorts/:cohortId/selection',
      roles: C,
      da: 'Udvælg virksomheder (inden for pladserne)',
      en: 'Select companies (within the slots)',
      fields: [
        MUNICIPALITY,
        { name: 'selected', da: 'Udvalgte (CVR)', en: 'Selected (CVR)', type: 'text', required: true, as: cvrs, choices: 'companies' },
        { name: 'notSelected', da: 'Ikke udvalgte (CVR)', en: 'Not selected (CVR)', type: 'text', as: cvrs, choices: 'companies' },
      ],
    },
    {
      route: 'POST /api/cohorts/:cohortId/enrolments',
      roles: C,
      da: 'Optag deltager sent',
      en: 'Enrol a participant late',
      fields: [
        { name: 'participantId', da: 'Deltager', en: 'Participant', type: 'text', required: true },
        MUNICIPALITY,
        DAY('startsOn', 'Start', 'Starts', false),
      ],
    },
    {
      route: 'POST /api/tracks/participant',
      roles: C,
      da: 'Optag deltager i et partnerskab',
      en: 'Enrol a participant in a partnership',
      body: ['cohortId'],
      fields: [
        { name: 'participantId', da: 'Deltager', en: 'Participant', type: 'text', required: true },
        { name: 'partnershipId', da: 'Partnerskab', en: 'Partnership', type: 'text', required: true, choices: 'partnerships' },
        DAY('startsOn', 'Start', 'Starts', false),
      ],
    },
    {
      route: 'POST /api/cohorts/:cohortId/cooperations',
      roles: C,
      da: 'Start samarbejde med en virksomhed (uden accelerator)',
      en: 'Start cooperation with a company (no accelerator)',
      fields: [
        { name: 'cvr', da: 'CVR', en: 'CVR', type: 'text', required: true, pattern: '\\d{8}' },
        { ...MUNICIPALITY, required: false },
      ],
    },
    {
      route: 'POST /api/companies/:cvr/cooperation/end',
      roles: C,
      da: 'Afslut samarbejdet med en virksomhed',
      en: 'End the cooperation with a company',
      body: ['cohortId'],
      fields: [
        { name: 'cvr', da: 'CVR', en: 'CVR', type: 'text', required: true, pattern: '\\d{8}', param: true },
        { ...MUNICIPALITY, required: false },
      ],
    },
    { route: 'POST /api/cohorts/:cohortId/pause', roles: C, da: 'Sæt klyngen på pause', en: 'Pause the cohort', fields: [REASON] },
    { route: 'POST /api/cohorts/:cohortId/resume', roles: C, da: 'Genoptag klyngen', en: 'Resume the cohort', fields: [] },
    { route: 'POST /api/cohorts/:cohortId/close', roles: C, da: 'Luk klyngen', en: 'Close the cohort', fields: [OPTIONAL_REASON] },
    {
      route: 'POST /api/employment-actors/:actorId/staff',
      roles: C,
      da: 'Registrér medarbejder',
      en: 'Register a staff member',
      fields: [
        { name: 'actorId', da: 'Beskæftigelsesaktør', en: 'Employment actor', type: 'text', required: true, param: true },
        { name: 'name', da: 'Navn', en: 'Name', type: 'text', required: true },
        { name: 'email', da: 'E-mail', en: 'E-mail', type: 'email', required: true },
        {
          name: 'role',
          da: 'Rolle',
          en: 'Role',
          type: 'select',
          options: {
            MENTOR: ['Mentor', 'Mentor'],
            SUPPORT_PERSON: ['Støtteperson', 'Support person'],
            STAFF: ['Medarbejder', 'Staff'],
            COORDINATOR: ['Koordinator', 'Coordinator'],
          },
        },
      ],
    },
    {
      route: 'POST /api/staff/:staffId/deactivate',
      roles: C,
      da: 'Deaktivér medarbejder',
      en: 'Deactivate a staff member',
      fields: [{ name: 'staffId', da: 'Medarbejder', en: 'Staff member', type: 'text', required: true, param: true }],
    },
    {
      route: 'POST /api/participants',
      roles: C,
      da: 'Registrér en henvist deltager',
      en: 'Register a referred participant',
      body: ['programmeId'],
      fields: [
        { name: 'givenName', da: 'Fornavn', en: 'Given name', type: 'text', required: true },
        { name: 'familyName', da: 'Efternavn', en: 'Family name', type: 'text', required: true },
        { name: 'cpr', da: 'CPR-nummer', en: 'CPR number', type: 'text', pattern: '\\d{6}-?\\d{4}' },
        { name: 'email', da: 'E-mail', en: 'E-mail', type: 'email' },
        { name: 'phone', da: 'Telefon', en: 'Phone', type: 'tel' },
        { ...MUNICIPALITY, name: 'municipality' },
        DAY('referredOn', 'Henvist', 'Referred on'),
        { name: 'benefitCategory', da: 'Ydelse (valgfri)', en: 'Benefit (optional)', type: 'text' },
        {
          name: 'benefitWeeksBefore',
          da: 'Uger på ydelse før (valgfri)',
          en: 'Weeks on benefit before (optional)',
          type: 'number',
          min: 0,
          max: 2600,
          step: 1,
        },
      ],
    },
    {
      route: 'POST /api/cohorts/:cohortId/waitlist',
      roles: C,
      da: 'Sæt deltager på venteliste (klyngen er fuld)',
      en: 'Put a participant on the waitlist (the cohort is full)',
      fields: [PARTICIPANT_ID, MUNICIPALITY],
    },
    {
      route: 'POST /api/cohorts/:cohortId/waitlist/:participantId/withdraw',
      roles: C,
      da: 'Tag deltager af ventelisten',
      en: 'Take a participant off the waitlist',
      fields: [{ ...PARTICIPANT_ID, param: true }],
    },
    {
      route: 'POST /api/cohorts/:cohortId/waitlist/offer',
      roles: C,
      da: 'Tilbyd ledige pladser til ventelisten nu',
      en: 'Offer free places to the waitlist now',
      fields: [],
    },
    {
      route: 'POST /api/partnerships/:partnershipId/group-sessions',
      roles: ['coordinator', 'staff'],
      da: 'Registrér holdundervisning',
      en: 'Record a group session',
      fields: [
        { name: 'partnershipId', da: 'Partnerskab', en: 'Partnership', type: 'text', required: true, param: true, choices: 'partnerships' },
        DAY('heldOn', 'Dato', 'Date'),
        { name: 'topic', da: 'Emne', en: 'Topic', type: 'text', required: true },
        { name: 'hours', da: 'Timer', en: 'Hours', type: 'number', required: true, min: 0.5, max: 8, step: 0.5 },
        { name: 'present', da: 'Til stede', en: 'Present', type: 'text', required: true, as: ids, choices: 'participantTracks' },
        { name: 'absent', da: 'Fraværende', en: 'Absent', type: 'text', as: ids, choices: 'participantTracks' },
        STAFF_WHO_HELD_IT,
      ],
    },
    {
      route: 'POST /api/cohorts',
      roles: C,
      da: 'Start en klynge fra en klyngefil',
      en: 'Start a cohort from a cohort file',
      context: [],
      fields: [
        { name: 'yaml', da: 'Klyngefil (YAML)', en: 'Cohort file (YAML)', type: 'textarea', required: true },
        { name: 'year', da: 'År (valgfrit)', en: 'Year (optional)', type: 'number', min: 2000, max: 2100 },
      ],
    },
    {
      // A what-if run: nothing is written; the answer is shown in words (the API's CSV has every event).
      route: 'POST /api/cohorts/simulate',
      roles: CO,
      da: 'Simulér en klyngefil (hvad nu hvis)',
      en: 'Simulate a cohort file (what-if)',
      context: [],
      confirmless: true,
      fields: [
        { name: 'yaml', da: 'Klyngefil (YAML)', en: 'Cohort file (YAML)', type: 'textarea', required: true },
        { name: 'months', da: 'Måneder (standard 18)', en: 'Months (default 18)', type: 'number', min: 1, max: 60 },
        {
          name: 'hireEvery',
          da: 'Hver n-te deltager i job (valgfrit)',
          en: 'Every n-th participant hired (optional)',
          type: 'number',
          min: 0,
        },
        { name: 'selectCompanies', da: 'Alle virksomheder udvælges', en: 'Every company selected', type: 'checkbox', checked: true },
        { name: 'format', type: 'fixed', value: 'json' },
      ],
      show: (a, lang) => {
        const mails = Object.entries(a.mailsByTemplate)
          .map(([template, n]) => `${template} ${n}`)
          .join(', ');
        return lang === 'en'
          ? `${a.participants} participant and ${a.companies} company tracks from ${a.from} until ${a.until}: ${a.byKind.due} due dates, ${a.byKind.mail} e-mails and ${a.byKind.digest} digests (${mails}), ${a.byKind.outcome} outcomes, ${a.wakeUps.participant + a.wakeUps.company} wake-ups.`
          : `${a.participants} deltagerforløb og ${a.companies} virksomhedsforløb fra ${a.from} til ${a.until}: ${a.byKind.due} frister, ${a.byKind.mail} e-mails og ${a.byKind.digest} samle-e-mails (${mails}), ${a.byKind.outcome} resultater, ${a.wakeUps.participant + a.wakeUps.company} opvågninger.`;
      },
    },
  ],
  // The job openings page (openings.js), whose own forms register an opening and propose a resident from
  // its row: the cohort is the open one; an opening or a proposal is named by its id.
  opening: [
    {
      route: 'POST /api/job-matches/:matchId/answer',
      roles: C,
      da: 'Besvar et forslag på virksomhedens vegne',
      en: "Answer a proposal on the company's behalf",
      fields: [
        { name: 'matchId', da: 'Forslag', en: 'Proposal', type: 'text', required: true, param: true, choices: 'proposals' },
        {
          name: 'answer',
          da: 'Svar',
          en: 'Answer',
          type: 'select',
          options: { ACCEPT: ['Ja, ansæt', 'Yes, hire'], DECLINE: ['Nej tak', 'No, thanks'] },
        },
      ],
    },
    {
      route: 'POST /api/job-openings/:openingId/withdraw',
      roles: C,
      da: 'Træk en jobåbning tilbage',
      en: 'Withdraw a job opening',
      fields: [{ name: 'openingId', da: 'Jobåbning', en: 'Job opening', type: 'text', required: true, param: true, choices: 'openings' }],
    },
    {
      route: 'POST /api/cohorts/:cohortId/job-opening-invitations',
      roles: C,
      da: 'Send virksomhederne deres link til at melde jobåbninger',
      en: 'Mail the companies their link to register job openings',
      fields: [
        {
          name: 'cvr',
          da: 'Kun én virksomhed (valgfri)',
          en: 'One company only (optional)',
          type: 'text',
          pattern: '\\d{8}',
          choices: 'companies',
        },
      ],
    },
  ],
  // Moving and cancelling a camp have forms of their own on the calendar (calendar.js).
  camp: [
    {
      route: 'POST /api/camps/:campId/attendance',
      roles: C,
      da: 'Registrér hvem der deltog',
      en: 'Record who attended',
      fields: [
        { name: 'attended', da: 'Deltog (CVR)', en: 'Attended (CVR)', type: 'text', as: cvrs, choices: 'campCompanies' },
        { name: 'absent', da: 'Deltog ikke (CVR)', en: 'Absent (CVR)', type: 'text', as: cvrs, choices: 'campCompanies' },
      ],
      shape: (v) => ({
        attendance: [...v.attended.map((cvr) => ({ cvr, attended: true })), ...v.absent.map((cvr) => ({ cvr, attended: false }))],
      }),
    },
  ],
};

const listOf = (path) => (api) => api(path);
const query = (params) => new URLSearchParams(Object.entries(params).filter(([, v]) => v)).toString();

/**
 * Where a picker's choices come from: `(api, context, lang)` gives `[{ value, label }]`, the id as the
 * value and the name as the label. Lists are read when the form opens, for the page's context then.
 */
export const CHOICES = {
  async companies(api, ctx) {
    const page = await api(`/api/tracks?${query({ kind: 'company', cohort: ctx.cohortId, limit: '500' })}`);
    return page.items
      .filter((t) => t.cvr)
      .sort((a, b) => a.name.localeCompare(b.name, 'da'))
      .map((t) => ({ value: t.cvr, label: `${t.name} (CVR ${t.cvr})${t.municipalityName ? ` · ${t.municipalityName}` : ''}` }));
  },
  async participantTracks(api, ctx) {
    const page = await api(`/api/tracks?${query({ kind: 'participant', cohort: ctx.cohortId, limit: '500' })}`);
    return page.items
      .sort((a, b) => a.name.localeCompare(b.name, 'da'))
      .map((t) => ({ value: t.id, name: t.name, label: `${t.name}${t.municipalityName ? ` · ${t.municipalityName}` : ''}` }));
  },
  async municipalities(api, ctx) {
    const cohort = (await listOf('/api/cohorts')(api)).find((c) => c.id === ctx.cohortId);
    return (cohort?.partnerships ?? []).map((p) => ({ value: p.municipalityCode, label: p.municipalityName }));
  },
  async partnerships(api, ctx) {
    const cohort = (await listOf('/api/cohorts')(api)).find((c) => c.id === ctx.cohortId);
    return (cohort?.partnerships ?? []).map((p) => ({ value: p.id, label: `${p.municipalityName} · ${p.employmentActor}` }));
  },
  async allPartnerships(api) {
    return (await listOf('/api/cohorts')(api)).flatMap((c) =>
      c.partnerships.map((p) => ({ value: p.id, label: `${c.name} · ${p.municipalityName} · ${p.employmentActor}` })),
    );
  },
  async openings(api, ctx) {
    const openings = await api(pathOf('/api/cohorts/:cohortId/job-openings', { cohortId: ctx.cohortId }));
    return openings.filter((o) => o.status === 'OPEN').map((o) => ({ value: o.id, label: `${o.title} · ${o.companyName}` }));
  },
  async proposals(api, ctx, lang) {
    const [openings, people] = await Promise.all([
      api(pathOf('/api/cohorts/:cohortId/job-openings', { cohortId: ctx.cohortId })),
      CHOICES.participantTracks(api, ctx),
    ]);
    const name = new Map(people.map((p) => [p.value, p.name]));
    return openings.flatMap((o) =>
      o.matches
        .filter((m) => m.status === 'PROPOSED')
        .map((m) => ({
          value: m.id,
          label: `${name.get(m.trackId) ?? (lang === 'en' ? 'a resident' : 'en beboer')} → ${o.title} · ${o.companyName}`,
        })),
    );
  },
  async campCompanies(api, ctx) {
    if (!ctx.campId) return [];
    const calendar = await api(pathOf('/api/cohorts/:cohortId/calendar', { cohortId: ctx.cohortId }));
    const camp = calendar.camps.find((c) => c.id === ctx.campId);
    return (camp?.invitations ?? []).map((i) => ({ value: i.cvr, label: `${i.name} (CVR ${i.cvr})` }));
  },
};

/** A picker in place of the field's text box: one choice, or several for a list (`as`). */
function picker(f, lang, choices) {
  const select = document.createElement('select');
  select.name = f.name;
  select.required = Boolean(f.required);
  select.dataset.choices = f.choices;
  if (f.as) {
    select.multiple = true;
    select.size = Math.min(6, Math.max(2, choices.length));
  } else select.append(new Option(f.required ? (lang === 'en' ? 'Choose …' : 'Vælg …') : '–', ''));
  for (const c of choices) select.append(new Option(c.label, c.value));
  return select;
}

/** Fills the pickers of the form in `details` with the lists of the page's context as it is now. */
async function fillPickers(details, action, { lang, api, context }) {
  const ctx = context();
  await Promise.all(
    action.fields
      .filter((f) => f.choices)
      .map(async (f) => {
        const current = details.querySelector(`[name="${f.name}"]`);
        let choices;
        try {
          choices = await CHOICES[f.choices](api, ctx, lang);
        } catch {
          return; // the list is not open to this role: the id is typed, as before
        }
        if (!choices.length && current.tagName !== 'SELECT') return;
        current.replaceWith(picker(f, lang, choices));
      }),
  );
}

function field(f, lang, today) {
  if (f.type === 'fixed') return '';
  const label = escapeHtml(f[lang]);
  const attrs = [
    `name="${f.name}"`,
    f.required ? 'required' : '',
    f.min !== undefined ? `min="${f.min}"` : '',
    f.max !== undefined ? `max="${f.max}"` : '',
    f.step !== undefined ? `step="${f.step}"` : '',
    f.minlength ? `minlength="${f.minlength}"` : '',
    f.pattern ? `pattern="${f.pattern}"` : '',
  ].join(' ');
  if (f.type === 'select')
    return `<label>${label} <select ${attrs}>${Object.entries(f.options)
      .map(([v, names]) => `<option value="${escapeHtml(v)}">${escapeHtml(names[lang === 'en' ? 1 : 0])}</option>`)
      .join('')}</select></label>`;
  if (f.type === 'checkbox')
    return `<label class="check"><input type="checkbox" ${attrs} ${f.checked ? 'checked' : ''} /> ${label}</label>`;
  if (f.type === 'textarea') return `<label>${label} <textarea ${attrs} rows="3"></textarea></label>`;
  const value = f.type === 'date' && f.today && f.required && today ? `value="${today}"` : '';
  return `<label>${label} <input type="${f.type}" ${attrs} ${value} /></label>`;
}

/**
 * Renders `where`'s actions for `role` into `container`, each a collapsed form; `context()` gives the
 * route parameters and body values of what is open (trackId, kind, cvr, cohortId, campId), read at
 * submit time; `done()` is told after an action went through.
 */
export function renderActions(container, where, { role, lang, today, api, context, done }) {
  const mine = ACTIONS[where].filter((a) => a.roles.includes(role));
  container.innerHTML = mine
    .map(
      (a, i) => `<details class="action-form" data-testid="action" data-route="${escapeHtml(a.route)}">
        <summary>${escapeHtml(a[lang])}</summary>
        <form data-index="${i}" class="bar">${a.fields.map((f) => field(f, lang, today)).join('')}
          <button type="submit">${escapeHtml(a[lang])}</button></form>
        <p class="result" data-testid="action-result"></p></details>`,
    )
    .join('');
  container.querySelectorAll('details').forEach((details, i) =>
    details.addEventListener('toggle', () => {
      if (details.open && mine[i].fields.some((f) => f.choices)) fillPickers(details, mine[i], { lang, api, context });
    }),
  );
  container.onsubmit = async (e) => {
    e.preventDefault();
    const form = e.target;
    const action = mine[Number(form.dataset.index)];
    const result = form.parentElement.querySelector('.result');
    const ctx = context();
    const values = {};
    const params = { ...ctx };
    for (const f of action.fields) {
      if (f.type === 'fixed') values[f.name] = f.value;
      else if (f.type === 'checkbox') values[f.name] = form.elements[f.name].checked;
      else {
        const input = form.elements[f.name];
        const raw = input.multiple ? [...input.selectedOptions].map((o) => o.value).join(' ') : input.value.trim();
        if (f.param) params[f.name] = raw;
        else if (f.as) values[f.name] = f.as(raw);
        else if (raw === '') continue;
        else values[f.name] = f.type === 'number' ? Number(raw) : raw;
      }
    }
    for (const k of action.body ?? []) values[k] = ctx[k];
    const body = action.shape ? action.shape(values) : values;
    const [method, pattern] = action.route.split(' ');
    if (!action.confirmless && !confirm(lang === 'en' ? `${action.en}?` : `${action.da}?`)) return;
    try {
      const answer = await api(pathOf(pattern, params), { method, body: JSON.stringify(body) });
      result.textContent = action.show ? action.show(answer, lang) : lang === 'en' ? 'Done.' : 'Udført.';
      result.className = 'result ok';
      done?.(action);
    } catch (err) {
      result.textContent = `${lang === 'en' ? 'Refused' : 'Afvist'}: ${err.message}`;
      result.className = 'result refused';
    }
  };
}

/** The form's name of a route (`POST /api/tracks/participant/:trackId/pause`) in `lang`, if it has a form. */
export function actionLabel(route, lang) {
  for (const list of Object.values(ACTIONS)) {
    const action = list.find((a) => a.route === route);
    if (action) return action[lang === 'en' ? 'en' : 'da'];
  }
  return undefined;
}
