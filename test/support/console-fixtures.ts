import { addDays, localDateAt, utcMidnightOf } from '../../domain/calendar.js';
import type { Db } from '../../prisma/client.js';
import { ParticipantPhase } from '../../prisma/client.js';
import { rsvpToken } from '../../links/rsvp-token.js';

/**
 * Rows as the track workflows project them, for the API, the console and the list benchmark: two
 * dual-track cohorts and one Business Training cohort, three municipalities, participant tracks with
 * deadlines and overdue items spread over them, company tracks, one camp with invitations, and a
 * participant track with a full history (attendance, outcome, ledger entry, a sent and a failed e-mail).
 */
export const FIXTURE = {
  programmes: { dual: 'dual-track-2019', training: 'business-training-kolding' },
  cohorts: { first: 'klynge-1-2019', second: 'klynge-2-2020', training: 'bt-kolding-2016' },
  municipalities: [
    { code: '621', name: 'Kolding' },
    { code: '851', name: 'Aalborg' },
    { code: '147', name: 'Frederiksberg' },
  ],
  /** The participant track with a full history. */
  richTrackId: 'pt-00000',
  richTrackWorkflowId: 'participant-enr-00000',
  companyTrackId: 'ct-0000',
  companyCvr: '30000000',
  otherCompanyCvr: '30000001',
  invitationId: 'inv-0000',
  campId: 'camp-bootcamp-2019',
  failedEmailId: 'mail-failed-00000',
  invitationEmailId: 'mail-invite-0000',
} as const;

const GIVEN = ['Amina', 'Jonas', 'Fatima', 'Mads', 'Sara', 'Omar', 'Line', 'Ali', 'Hiba', 'Kasper'];
const FAMILY = ['Hansen', 'Nielsen', 'Jensen', 'Pedersen', 'Ahmed', 'Larsen', 'Yusuf', 'Andersen'];
const PARTICIPANT_PHASES: ParticipantPhase[] = [
  'ENROLLED',
  'WORK_READINESS',
  'WORK_READINESS',
  'JOB_TRAINING',
  'JOB_TRAINING',
  'RETENTION',
  'COMPLETED',
];
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const date = utcMidnightOf;

/** The cohorts a participant track with this index belongs to, round-robin. */
function placeOf(i: number): { cohortId: string; municipalityCode: string } {
  const cohorts = [FIXTURE.cohorts.first, FIXTURE.cohorts.second, FIXTURE.cohorts.training];
  const municipality = FIXTURE.municipalities[i % FIXTURE.municipalities.length]!;
  return { cohortId: cohorts[Math.floor(i / 3) % cohorts.length]!, municipalityCode: municipality.code };
}

export const partnershipId = (cohortId: string, municipalityCode: string) => `${cohortId}-${municipalityCode}`;

/** What the fixture row for participant track `i` looks like, so tests can compute expectations. */
export function participantTrackRow(i: number) {
  const { cohortId, municipalityCode } = placeOf(i);
  return {
    id: `pt-${pad(i, 5)}`,
    participantId: `p-${pad(i, 5)}`,
    cohortId,
    partnershipId: partnershipId(cohortId, municipalityCode),
    municipalityCode,
    workflowId: `participant-enr-${pad(i, 5)}`,
    phase: PARTICIPANT_PHASES[i % PARTICIPANT_PHASES.length]!,
    paused: i % 41 === 0 && i > 0,
    startedOn: date(addDays('2019-11-04', i % 30)),
    nextDeadlineOn: i % 7 === 6 ? null : date(addDays('2026-11-02', (i * 13) % 90)),
    nextDeadlineWhat: i % 7 === 6 ? null : ['attendance for the week', 'mentor meeting', 'phase end', 'check-in at the company'][i % 4]!,
    overdueCount: i % 5 === 0 ? 1 + (i % 3) : 0,
    givenName: GIVEN[i % GIVEN.length]!,
    familyName: FAMILY[i % FAMILY.length]!,
  };
}

/** `linkSecret` signs the invitations' RSVP tokens, as the API verifies them. */
/**
 * The fixture's boot camp took place ten days ago, so its feedback link is open and its personal links
 * have not expired: it started at 08:00 UTC eleven days before today.
 */
export function bootCampStart(now = Date.now()): Date {
  return new Date(`${addDays(localDateAt(now), -11)}T08:00:00Z`);
}

export async function seedConsoleFixture(
  db: Db,
  opts: { linkSecret: string; participantTracks?: number; companyTracks?: number },
): Promise<void> {
  const participantCount = opts.participantTracks ?? 60;
  const companyCount = opts.companyTracks ?? 12;
  await db.programme.createMany({
    data: [
      { id: FIXTURE.programmes.dual, name: 'Social inklusion gennem vækstpartnerskaber', kind: 'DUAL_TRACK', hoursPerWeek: 10, config: {} },
      { id: FIXTURE.programmes.training, name: 'Business Training (Kolding)', kind: 'BUSINESS_TRAINING', hoursPerWeek: 37, config: {} },
    ],
  });
  await db.municipality.createMany({ data: FIXTURE.municipalities.map((m) => ({ ...m, closingDays: [] })) });
  await db.employmentActor.create({
    data: { id: 'ea-jobvejen', name: 'Jobvejen', contactName: 'Karin Holm', contactEmail: 'karin@jobvejen.dk' },
  });
  await db.cohort.createMany({
    data: [
      {
        id: FIXTURE.cohorts.first,
        name: 'Klynge 1-2019',
        programmeId: FIXTURE.programmes.dual,
        year: 2019,
        status: 'RUNNING',
        workflowId: `cohort-${FIXTURE.cohorts.first}`,
        // A camp the plan moved off a holiday, as cohort start stores it.
        plan: { moves: [{ id: 'klynge-1-2019-camp-3', what: 'camp 3', from: '2020-04-13', to: '2020-04-14', reason: '2. påskedag' }] },
      },
      {
        id: FIXTURE.cohorts.second,
        name: 'Klynge 2-2020',
        programmeId: FIXTURE.programmes.dual,
        year: 2020,
        status: 'RUNNING',
        workflowId: `cohort-${FIXTURE.cohorts.second}`,
      },
      {
        id: FIXTURE.cohorts.training,
        name: 'Business Training Kolding 2016',
        programmeId: FIXTURE.programmes.training,
        year: 2016,
        status: 'RUNNING',
      },
    ],
  });
  const cohortIds = Object.values(FIXTURE.cohorts);
  await db.cohortMunicipality.createMany({
    data: cohortIds.flatMap((cohortId) => FIXTURE.municipalities.map((m, k) => ({ cohortId, municipalityCode: m.code, slots: 1 + k }))),
  });
  await db.partnership.createMany({
    data: cohortIds.flatMap((cohortId) =>
      FIXTURE.municipalities.map((m) => ({
        id: partnershipId(cohortId, m.code),
        cohortId,
        municipalityCode: m.code,
        employmentActorId: 'ea-jobvejen',
      })),
    ),
  });

  const rows = Array.from({ length: participantCount }, (_, i) => participantTrackRow(i));
  for (let start = 0; start < rows.length; start += 2000) {
    const chunk = rows.slice(start, start + 2000);
    await db.participant.createMany({
      data: chunk.map((r) => ({
        id: r.participantId,
        givenName: r.givenName,
        familyName: r.familyName,
        municipalityCode: r.municipalityCode,
        referredOn: r.startedOn,
      })),
    });
    await db.participantTrack.createMany({
      data: chunk.map((r) => ({
        id: r.id,
        participantId: r.participantId,
        cohortId: r.cohortId,
        partnershipId: r.partnershipId,
        workflowId: r.workflowId,
        phase: r.phase,
        paused: r.paused,
        startedOn: r.startedOn,
        nextDeadlineOn: r.nextDeadlineOn,
        nextDeadlineWhat: r.nextDeadlineWhat,
        overdueCount: r.overdueCount,
        summary: { pending: r.nextDeadlineWhat ? [r.nextDeadlineWhat] : [] },
      })),
    });
  }

  const companies = Array.from({ length: companyCount }, (_, i) => ({
    id: `co-${pad(i, 4)}`,
    cvr: String(30_000_000 + i),
    name:
      ['Grøn Café', 'Vestjysk Tømrer', 'Byens Cykler', 'Kolding Catering', 'Havnens Værksted', 'Frederiksberg Bageri'][i % 6]! +
      (i >= 6 ? ` ${Math.floor(i / 6) + 1}` : ''),
    contactName: 'Kontakt',
    contactEmail: `kontakt${i}@firma${i}.dk`,
    socialEconomy: true,
  }));
  await db.company.createMany({ data: companies });
  await db.companyTrack.createMany({
    data: companies.map((c, i) => {
      const municipality = FIXTURE.municipalities[i % FIXTURE.municipalities.length]!;
      return {
        id: `ct-${pad(i, 4)}`,
        companyId: c.id,
        cohortId: FIXTURE.cohorts.first,
        partnershipId: partnershipId(FIXTURE.cohorts.first, municipality.code),
        workflowId: `company-${FIXTURE.cohorts.first}-${c.cvr}`,
        phase: (['BOOT_CAMP', 'SELECTION', 'ACCELERATOR'] as const)[i % 3]!,
        nextDeadlineOn: date(addDays('2026-11-09', i)),
        nextDeadlineWhat: 'answer the boot camp invitation',
        overdueCount: i % 4 === 0 ? 1 : 0,
      };
    }),
  });

  const campStart = bootCampStart();
  await db.camp.create({
    data: {
      id: FIXTURE.campId,
      cohortId: FIXTURE.cohorts.first,
      kind: 'BOOT_CAMP',
      title: 'Boot camp november',
      startsAt: campStart,
      endsAt: new Date(campStart.getTime() + 31 * 3_600_000),
      days: 2,
      location: 'Kolding Fjord',
      uid: `${FIXTURE.campId}@dobbeltspor`,
    },
  });
  await db.campInvitation.createMany({
    data: companies.slice(0, 3).map((c, i) => ({
      id: `inv-${pad(i, 4)}`,
      campId: FIXTURE.campId,
      companyId: c.id,
      token: rsvpToken(opts.linkSecret, FIXTURE.campId, c.id),
    })),
  });

  // The rich participant track's history.
  const rich = rows[0]!;
  await db.attendance.createMany({
    data: [
      { participantTrackId: rich.id, weekStart: date('2026-10-19'), hours: 10, present: true, recordedBy: 'mentor@jobvejen.dk' },
      {
        participantTrackId: rich.id,
        weekStart: date('2026-10-26'),
        hours: 0,
        present: false,
        note: 'sick',
        recordedBy: 'mentor@jobvejen.dk',
      },
    ],
  });
  const outcome = await db.outcome.create({
    data: {
      idempotencyKey: `outcome:${rich.id}:ORDINARY_JOB`,
      participantTrackId: rich.id,
      kind: 'ORDINARY_JOB',
      occurredOn: date('2026-11-02'),
      hoursPerWeek: 37,
      evidenceRef: 'contract-4711',
    },
  });
  await db.ledgerEntry.create({
    data: {
      idempotencyKey: `ledger:${outcome.id}:job`,
      kind: 'CHARGE',
      outcomeId: outcome.id,
      cohortId: rich.cohortId,
      municipalityCode: rich.municipalityCode,
      rateCardLine: 'ORDINARY_JOB',
      amountOre: 2_500_000n,
      occurredOn: date('2026-11-02'),
      evidenceRef: 'contract-4711',
    },
  });
  // Approved by Kolding's caseworker: owed, so the dashboard's payments count it.
  await db.claimDecision.create({ data: { outcomeId: outcome.id, decision: 'APPROVED', decidedBy: 'sagsbehandler@kolding.dk' } });
  const mail = (id: string, key: string, to: string, subject: string, workflowId: string, status: 'SENT' | 'FAILED') => ({
    id,
    idempotencyKey: key,
    toAddress: to,
    subject,
    template: key.split(':')[0]!,
    html: `<p>${subject}</p>`,
    text: subject,
    status,
    attempts: 1,
    workflowId,
    lastError: status === 'FAILED' ? '550 mailbox unavailable' : null,
    sentAt: status === 'SENT' ? new Date('2026-11-02T09:00:00Z') : null,
    // Fixed, so the console's screenshot does not change from run to run.
    createdAt: new Date('2026-11-02T08:00:00Z'),
  });
  await db.emailOutbox.createMany({
    data: [
      mail('mail-welcome-00000', `participant-welcome:${rich.id}`, 'amina@example.dk', 'Velkommen til forløbet', rich.workflowId, 'SENT'),
      mail(FIXTURE.failedEmailId, `mentor-reminder:${rich.id}:1`, 'mentor@jobvejen.dk', 'Husk mentormødet', rich.workflowId, 'FAILED'),
      mail(
        FIXTURE.invitationEmailId,
        `camp-invite:${FIXTURE.campId}:${FIXTURE.companyCvr}:0`,
        companies[0]!.contactEmail,
        'Invitation: boot camp november',
        `camp-${FIXTURE.campId}-${FIXTURE.companyCvr}`,
        'SENT',
      ),
    ],
  });
}
