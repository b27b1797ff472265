// Every field a cohort file accepts has an effect: the schema's fields are walked, and each one's
// value is found again in PostgreSQL or in the cohort workflow's input. The boot camp's place reaches
// the camp rows and the invitation's calendar event; fixed camps replace the rhythm; days the plan
// moves are told and stored; a dry run changes nothing; a start whose workflow cannot start leaves
// nothing behind; and shared master data and participants stay with the programme they belong to.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { Prisma } from '../prisma/client.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { issueToken } from '../client/api/auth.js';
import { cohortInput, cohortStatus, cohortSummary, pauseCohort, writeCohort } from '../client/operations/cohorts.js';
import type { OperationContext } from '../client/operations/context.js';
import { FileValidationError, loadCohortFile } from '../client/operations/files.js';
import { enrolParticipant } from '../client/operations/enrolment.js';
import { type Actor } from '../client/operations/scope.js';
import { addMonths, addWorkingDays, isWorkingDay, localDateAt, nextWorkingDay } from '../domain/calendar.js';
import { describeMove } from '../domain/cohort-dates.js';
import type { CohortInput } from '../contracts/index.js';
import { createTestApi } from './support/api.js';
import { calendarOf } from './support/ics.js';
import { createHarness, TEST_CONFIG, type Harness } from './support/temporal.js';
import { OperationError } from '../client/operations/operation-error.js';
import { startCohortFile } from './support/cohort-file.js';
import { HOUSING_FIELDS } from './support/housing-fields.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCHEMA = JSON.parse(readFileSync(join(ROOT, 'schemas/cohort.schema.json'), 'utf8')) as JsonSchema;
const COHORT = 'effekt-klynge';
const GROWTH = 'growth-partnership-2019';

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
}

/** Every leaf field of the schema as a path, `[]` standing for "each element". */
function fieldsOf(schema: JsonSchema, prefix = ''): string[] {
  if (schema.properties) return Object.entries(schema.properties).flatMap(([k, s]) => fieldsOf(s, prefix ? `${prefix}.${k}` : k));
  if (schema.items) return fieldsOf(schema.items, `${prefix}[]`);
  if (schema.anyOf) return [...new Set(schema.anyOf.flatMap((s) => fieldsOf(s, prefix)))];
  return [prefix];
}

/** A cohort file in which every field has a value of its own, with days that are working days of `year`. */
function richFile(year: number): { text: string; days: { boot: [string, string]; startsOn: string; spring: string; summer: string } } {
  const boot1 = nextWorkingDay(`${year}-11-10`, [`${year}-11-20`]);
  const boot: [string, string] = [boot1, addWorkingDays(boot1, 1)];
  const startsOn = nextWorkingDay(`${year}-12-01`);
  const spring = nextWorkingDay(`${year + 1}-03-01`);
  const summer = nextWorkingDay(`${year + 1}-05-03`);
  const closing = nextWorkingDay(`${year}-11-20`);
  const text = `id: ${COHORT}
name: Effektklyngen
programme: ${GROWTH}
year: ${year}
startsOn: "${startsOn}"
bootCamp:
  dates: ["${boot[0]}", "${boot[1]}"]
  location: Vejle, Eksempel Konferencecenter
camps:
  - { id: forar, title: Forårscamp, date: "${spring}", days: 2, location: "Horsens, Eksempel Hallen" }
  - { id: sommer, title: Sommercamp, date: "${summer}", location: "Billund, Eksempel Lejren" }
municipalities:
  - { code: "851", name: Aalborg, slots: 2 }
  - { code: "621", name: Kolding, slots: 3, closingDays: ["${closing}"] }
partnerships:
  - municipality: "851"
    employmentActor:
      id: ea-effekt-aalborg
      name: Eksempel Effekt Aalborg ApS
      cvr: "90005103"
      contact: { name: Eva Effekt, email: eva@effekt-aalborg.example.dk }
    companies:
      - cvr: "90005111"
        name: Eksempel Værksted Effekt
        contact: { name: Vera Værksted, email: vera@vaerksted-effekt.example.dk }
        extraEmails: [hr@vaerksted-effekt.example.dk]
        role: OWN_SOCIAL_ECONOMY
        capacity: 3
        socialEconomy: false
    staff:
      - { name: Sofie Støtte, email: sofie@effekt-aalborg.example.dk, role: SUPPORT_PERSON }
  - municipality: "621"
    employmentActor:
      id: ea-effekt-kolding
      name: Eksempel Effekt Kolding
      contact: { name: Kaj Effekt, email: kaj@effekt-kolding.example.dk }
participants:
  - ref: deltager-effekt-1
    givenName: Asta
    familyName: Effektsen
    cpr: "120388-1234"
    email: asta@borger.example.dk
    phone: "+45 12 34 56 78"
    municipality: "851"
    referredOn: "${year}-10-01"
    benefitCategory: over-30-no-children
    benefitWeeksBefore: 61
investment: { capitalDkk: "1234567.50", maxReturnPercent: 7, deadweightPercent: 15 }
`;
  return { text, days: { boot, startsOn, spring, summer } };
}

type Rows = Awaited<ReturnType<typeof readRows>>;

async function readRows(h: Harness) {
  const [cohort, municipalities, partnerships, participants, tracks, camps] = await Promise.all([
    h.db.cohort.findUniqueOrThrow({ where: { id: COHORT }, include: { municipalities: true } }),
    h.db.municipality.findMany(),
    h.db.partnership.findMany({
      where: { cohortId: COHORT },
      include: { employmentActor: { include: { staff: { orderBy: { id: 'asc' } } } }, companies: { include: { company: true } } },
      orderBy: { municipalityCode: 'desc' },
    }),
    h.db.participant.findMany({ where: { id: { startsWith: `${COHORT}-` } } }),
    h.db.participantTrack.findMany({ where: { cohortId: COHORT } }),
    h.db.camp.findMany({ where: { cohortId: COHORT }, orderBy: { startsAt: 'asc' } }),
  ]);
  return { cohort, municipalities, partnerships, participants, tracks, camps };
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const localDay = (d: Date) => localDateAt(d.getTime());

/**
 * Where each field's value shows: a check over the rows and the workflow input that holds only when
 * the file's value arrived. A field of the schema missing here fails the walk below.
 */
const EFFECTS: Record<string, (r: Rows, input: CohortInput, file: Record<string, any>) => unknown> = {
  // eslint-disable-line @typescript-eslint/no-explicit-any
  id: (r, i, f) => r.cohort.id === f.id && i.cohortId === f.id,
  name: (r, _i, f) => r.cohort.name === f.name,
  programme: (r, i, f) => r.cohort.programmeId === f.programme && i.programmeId === f.programme,
  year: (r, i, f) => r.cohort.year === f.year && i.year === f.year,
  startsOn: (r, i, f) => i.startsOn === f.startsOn && r.tracks.every((t) => iso(t.startedOn) === f.startsOn),
  'bootCamp.dates[]': (r, i, f) => {
    const boot = r.camps.find((c) => c.kind === 'BOOT_CAMP')!;
    return (
      localDay(boot.startsAt) === f.bootCamp.dates[0] &&
      localDay(boot.endsAt) === f.bootCamp.dates[1] &&
      boot.days === 2 &&
      i.bootCampStartOn === f.bootCamp.dates[0]
    );
  },
  'bootCamp.location': (r, i, f) =>
    r.camps.find((c) => c.kind === 'BOOT_CAMP')!.location === f.bootCamp.location &&
    i.companyPlan?.bootCamp.location === f.bootCamp.location &&
    r.camps.filter((c) => c.kind === 'COACHING').every((c) => c.location === f.bootCamp.location),
  'camps[].id': (r, _i, f) =>
    f.camps.every((c: { id: string }) => r.camps.some((x) => x.id === `${COHORT}-${c.id}`)) &&
    !r.camps.some((x) => x.id === `${COHORT}-camp-01`),
  'camps[].title': (r, _i, f) =>
    f.camps.every((c: { id: string; title: string }) => r.camps.find((x) => x.id === `${COHORT}-${c.id}`)?.title === c.title),
  'camps[].date': (r, _i, f) =>
    f.camps.every((c: { id: string; date: string }) => localDay(r.camps.find((x) => x.id === `${COHORT}-${c.id}`)!.startsAt) === c.date),
  'camps[].days': (r, _i, f) =>
    r.camps.find((x) => x.id === `${COHORT}-forar`)!.days === f.camps[0].days &&
    r.camps.find((x) => x.id === `${COHORT}-sommer`)!.days === 1,
  'camps[].location': (r, _i, f) =>
    f.camps.every((c: { id: string; location: string }) => r.camps.find((x) => x.id === `${COHORT}-${c.id}`)?.location === c.location),
  'municipalities[].code': (r, i, f) =>
    f.municipalities.every(
      (m: { code: string }) =>
        r.cohort.municipalities.some((x) => x.municipalityCode === m.code) && i.partnerships.some((p) => p.municipalityCode === m.code),
    ),
  'municipalities[].name': (r, _i, f) =>
    f.municipalities.every((m: { code: string; name: string }) => r.municipalities.find((x) => x.code === m.code)?.name === m.name),
  'municipalities[].slots': (r, _i, f) =>
    f.municipalities.every(
      (m: { code: string; slots: number }) => r.cohort.municipalities.find((x) => x.municipalityCode === m.code)?.slots === m.slots,
    ),
  'municipalities[].closingDays[]': (r, i, f) => {
    const day = f.municipalities[1].closingDays[0] as string;
    return (
      r.municipalities
        .find((x) => x.code === '621')!
        .closingDays.map(iso)
        .includes(day) &&
      i.closingDays.includes(day) &&
      i.partnerships.find((p) => p.municipalityCode === '621')!.closingDays.includes(day)
    );
  },
  'partnerships[].municipality': (r, _i, f) =>
    f.partnerships.every((p: { municipality: string }) => r.partnerships.some((x) => x.municipalityCode === p.municipality)),
  'partnerships[].employmentActor.id': (r, _i, f) =>
    f.partnerships.every(
      (p: { municipality: string; employmentActor: { id: string } }) =>
        r.partnerships.find((x) => x.municipalityCode === p.municipality)?.employmentActorId === p.employmentActor.id,
    ),
  'partnerships[].employmentActor.name': (r, _i, f) =>
    r.partnerships.find((x) => x.municipalityCode === '851')!.employmentActor.name === f.partnerships[0].employmentActor.name,
  'partnerships[].employmentActor.cvr': (r, _i, f) =>
    r.partnerships.find((x) => x.municipalityCode === '851')!.employmentActor.cvr === f.partnerships[0].employmentActor.cvr,
  'partnerships[].employmentActor.contact.name': (r, _i, f) =>
    r.partnerships.find((x) => x.municipalityCode === '851')!.employmentActor.contactName ===
    f.partnerships[0].employmentActor.contact.name,
  'partnerships[].employmentActor.contact.email': (r, _i, f) =>
    r.partnerships.find((x) => x.municipalityCode === '851')!.employmentActor.contactEmail ===
    f.partnerships[0].employmentActor.contact.email,
  'partnerships[].staff[].name': (r, _i, f) =>
    r.partnerships.find((x) => x.municipalityCode === '851')!.employmentActor.staff.some((m) => m.name === f.partnerships[0].staff[0].name),
  'partnerships[].staff[].email': (r, _i, f) =>
    r.partnerships
      .find((x) => x.municipalityCode === '851')!
      .employmentActor.staff.some((m) => m.email === f.partnerships[0].staff[0].email),
  'partnerships[].staff[].role': (r, _i, f) =>
    r.partnerships
      .find((x) => x.municipalityCode === '851')!
      .employmentActor.staff.some((m) => m.email === f.partnerships[0].staff[0].email && m.role === f.partnerships[0].staff[0].role),
  'partnerships[].companies[].cvr': (r, i, f) =>
    r.partnerships[0]!.companies[0]!.company.cvr === f.partnerships[0].companies[0].cvr &&
    i.companies[0]!.cvr === f.partnerships[0].companies[0].cvr,
  'partnerships[].companies[].name': (r, _i, f) => r.partnerships[0]!.companies[0]!.company.name === f.partnerships[0].companies[0].name,
  'partnerships[].companies[].contact.name': (r, _i, f) =>
    r.partnerships[0]!.companies[0]!.company.contactName === f.partnerships[0].companies[0].contact.name,
  'partnerships[].companies[].contact.email': (r, _i, f) =>
    r.partnerships[0]!.companies[0]!.company.contactEmail === f.partnerships[0].companies[0].contact.email,
  'partnerships[].companies[].extraEmails[]': (r, _i, f) =>
    JSON.stringify(r.partnerships[0]!.companies[0]!.company.extraEmails) === JSON.stringify(f.partnerships[0].companies[0].extraEmails),
  'partnerships[].companies[].role': (r) =>
    r.partnerships[0]!.companies[0]!.role === 'OWN_SOCIAL_ECONOMY' &&
    r.partnerships[0]!.companies[0]!.company.employmentActorId === 'ea-effekt-aalborg',
  'partnerships[].companies[].capacity': (r, _i, f) =>
    r.partnerships[0]!.companies[0]!.capacity === f.partnerships[0].companies[0].capacity,
  'partnerships[].companies[].socialEconomy': (r) => r.partnerships[0]!.companies[0]!.company.socialEconomy === false,
  'participants[].ref': (r, i, f) =>
    r.participants[0]!.id === `${COHORT}-${f.participants[0].ref}` && i.enrolments?.[0]?.trackId === `${COHORT}-${f.participants[0].ref}`,
  'participants[].givenName': (r, _i, f) => r.participants[0]!.givenName === f.participants[0].givenName,
  'participants[].familyName': (r, _i, f) => r.participants[0]!.familyName === f.participants[0].familyName,
  'participants[].cpr': (r, _i, f) => r.participants[0]!.cpr === f.participants[0].cpr.replace('-', ''),
  'participants[].email': (r, _i, f) => r.participants[0]!.email === f.participants[0].email,
  'participants[].phone': (r, _i, f) => r.participants[0]!.phone === f.participants[0].phone,
  'participants[].municipality': (r, i, f) =>
    r.participants[0]!.municipalityCode === f.participants[0].municipality &&
    i.enrolments?.[0]?.municipalityCode === f.participants[0].municipality,
  'participants[].referredOn': (r, _i, f) => iso(r.participants[0]!.referredOn) === f.participants[0].referredOn,
  'participants[].benefitCategory': (r, _i, f) => r.participants[0]!.benefitCategory === f.participants[0].benefitCategory,
  'participants[].benefitWeeksBefore': (r, _i, f) => r.participants[0]!.benefitWeeksBefore === f.participants[0].benefitWeeksBefore,
  // The investors' terms are stored with the cohort; its report uses them (test/programme-runs-sib.test.ts).
  'investment.capitalDkk': (r, _i, f) => investmentOf(r).capitalDkk === f.investment.capitalDkk,
  'investment.maxReturnPercent': (r, _i, f) => investmentOf(r).maxReturnPercent === f.investment.maxReturnPercent,
  'investment.deadweightPercent': (r, _i, f) => investmentOf(r).deadweightPercent === f.investment.deadweightPercent,
};

function investmentOf(r: Rows): Record<string, unknown> {
  return ((r.cohort.plan as { investment?: Record<string, unknown> } | null)?.investment ?? {}) as Record<string, unknown>;
}

describe("cohort file: every field has an effect, the calendar is the file's, and a start changes only what it may", () => {
  let h: Harness;
  let app: FastifyInstance;
  let ctx: OperationContext;
  let dir: string;
  let year: number;
  let rich: ReturnType<typeof richFile>;
  let richPath: string;

  const write = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };
  const as = (actor: Actor): OperationContext => ({ ...ctx, actor });
  const coordinatorOf = (programme: string): Actor => ({
    sub: `${programme}@example.dk`,
    role: 'coordinator',
    scope: { programmeIds: [programme] },
  });
  async function rowCounts(): Promise<Record<string, number>> {
    const tables = await h.db.$queryRawUnsafe<Array<{ table_name: string }>>(
      "SELECT table_name::text AS table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    );
    const out: Record<string, number> = {};
    for (const { table_name } of tables) {
      const [row] = await h.db.$queryRawUnsafe<Array<{ n: bigint }>>(`SELECT count(*) AS n FROM "${table_name}"`);
      out[table_name] = Number(row!.n);
    }
    return out;
  }

  /**
   * Waits until a started cohort's tracks have run their first tasks: every participant track's summary
   * projected, every company's track, its boot-camp invitation and that invitation's e-mails sent; then
   * until two counts of every table a second apart agree.
   */
  async function firstTasksRun(participants: number, companies: number): Promise<void> {
    await expect
      .poll(
        async () => ({
          projected: await h.db.participantTrack.count({ where: { summary: { not: Prisma.DbNull } } }),
          companyTracks: await h.db.companyTrack.count(),
          invitations: await h.db.campInvitation.count(),
          // One e-mail per contact person: at least one per company.
          invitationsMailed: (await h.db.emailOutbox.count({ where: { template: 'camp-invitation', status: 'SENT' } })) >= companies,
        }),
        { timeout: 60_000, interval: 250 },
      )
      .toEqual({ projected: participants, companyTracks: companies, invitations: companies, invitationsMailed: true });
    let counts = await rowCounts();
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const again = await rowCounts();
      if (JSON.stringify(again) === JSON.stringify(counts)) return;
      counts = again;
    }
  }

  beforeAll(async () => {
    h = await createHarness();
    await h.startWorker();
    app = await createTestApi(h);
    ctx = { client: h.env.client, db: h.db, taskQueue: h.taskQueue, namespace: 'default' };
    year = Number((await h.today()).slice(0, 4)) + 1;
    dir = await mkdtemp(join(tmpdir(), 'dobbeltspor-effects-'));
    rich = richFile(year);
    richPath = await write('rich.yaml', rich.text);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await rm(dir, { recursive: true, force: true });
    await h?.close();
  });

  it('a dry run says what would be created and sent, and changes nothing', async () => {
    const before = await rowCounts();
    const dry = await startCohortFile(ctx, { file: richPath, dryRun: true });
    expect(dry).toMatchObject({
      dryRun: true,
      cohortId: COHORT,
      preview: {
        rows: {
          Municipality: { create: 2 },
          EmploymentActor: { create: 2 },
          Company: { create: 1 },
          Partnership: { create: 2 },
          Participant: { create: 1 },
        },
        camps: { BOOT_CAMP: 1, CAMP: 2 },
        workflows: { cohort: 1, companyTracks: 1, participantTracks: 1, campInvitations: 1 },
        emails: [{ kind: 'boot-camp invitation', recipient: 'company', count: 1, addresses: 2 }],
      },
    });
    expect(dry.runId).toBeUndefined();
    expect(await rowCounts()).toEqual(before);
    await expect(h.env.client.workflow.getHandle(`cohort-${COHORT}`).describe()).rejects.toThrow();
  });

  it('a start whose workflow cannot be started takes back every row it wrote', async () => {
    const before = await rowCounts();
    const refusing = {
      connection: h.env.client.connection,
      workflow: {
        getHandle: (id: string) => h.env.client.workflow.getHandle(id),
        start: async () => {
          throw new Error('the Temporal server refused the start');
        },
      },
    } as unknown as Client;
    await expect(startCohortFile({ ...ctx, client: refusing }, { file: richPath })).rejects.toThrow(
      'the Temporal server refused the start',
    );
    expect(await rowCounts()).toEqual(before);
  });

  it('walks every field of the schema: each value reaches the rows or the workflow input', async () => {
    // The housing job-match fields are walked with a housing cohort (cohort-file-housing.test.ts).
    const fields = fieldsOf(SCHEMA).filter((f) => !HOUSING_FIELDS.includes(f));
    expect(fields.length).toBeGreaterThan(30);
    expect(fields.filter((f) => !(f in EFFECTS))).toEqual([]);
    expect(Object.keys(EFFECTS).filter((f) => !fields.includes(f))).toEqual([]);

    const started = await startCohortFile(ctx, { file: richPath });
    const file = parse(rich.text) as Record<string, unknown>;
    const loaded = await loadCohortFile(richPath);
    const rows = await readRows(h);
    const input = cohortInput(
      loaded.cohort,
      loaded.programme,
      Object.fromEntries(rows.partnerships.flatMap((p) => p.companies.map((c) => [c.company.cvr, c.companyId]))),
      rows.tracks.map((t) => ({ trackId: t.id, partnershipId: t.partnershipId, municipalityCode: '851' })),
    );
    const missing = Object.entries(EFFECTS)
      .filter(([, seen]) => !seen(rows, input, file))
      .map(([f]) => f);
    expect(missing).toEqual([]);
    // The file's own days never move (they are refused when off); the rhythm's coaching may, and is told.
    expect(started.moves.filter((m) => !m.id.includes('-coaching-'))).toEqual([]);
    expect((rows.cohort.plan as { moves: unknown[] }).moves).toEqual(started.moves);
    // The cohort's children run their first tasks in the background; the next tests count rows.
    await firstTasksRun(rows.tracks.length, rows.partnerships.flatMap((p) => p.companies).length);
  });

  it('a staff member with an unknown role or no address is refused naming the field, and nothing is written', async () => {
    const before = await rowCounts();
    const bad = rich.text
      .replace(`id: ${COHORT}`, 'id: effekt-personale')
      .replace('role: SUPPORT_PERSON }', 'role: BOSS }\n      - { name: Uden Adresse, email: "ikke-en-adresse", role: STAFF }');
    const error = await startCohortFile(ctx, { file: await write('bad-staff.yaml', bad) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileValidationError);
    expect((error as FileValidationError).issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['partnerships[0].staff[0].role', 'partnerships[0].staff[1].email']),
    );
    expect(await rowCounts()).toEqual(before);
  });

  it("the workflow runs the file's calendar: its fixed camps, and the boot camp's place in the invitation's calendar event", async () => {
    const summary = await cohortSummary(ctx, COHORT).then(async (s) =>
      s.version >= 1 ? s : (await new Promise((r) => setTimeout(r, 2000)), cohortSummary(ctx, COHORT)),
    );
    expect(summary.camps.map((c) => c.id)).toEqual(expect.arrayContaining([`${COHORT}-bootcamp`, `${COHORT}-forar`, `${COHORT}-sommer`]));
    expect(summary.camps.some((c) => c.id === `${COHORT}-camp-01`)).toBe(false);
    const contact = 'vera@vaerksted-effekt.example.dk';
    await h.mail.waitFor(
      () => h.mail.to(contact).some((m) => m.parsed.attachments.some((a) => a.contentType.startsWith('text/calendar'))),
      60_000,
    );
    const invite = h.mail.to(contact).find((m) => m.parsed.attachments.some((a) => a.contentType.startsWith('text/calendar')))!;
    const ics = calendarOf(invite);
    expect(ics.event.location).toBe('Vejle, Eksempel Konferencecenter');
    expect(ics.days.map((d) => localDateAt(Date.parse(d.start)))).toEqual(rich.days.boot);
    expect(invite.parsed.text).toContain('Vejle, Eksempel Konferencecenter');
    expect(invite.parsed.text).not.toContain('Oplyses senere');
    const status = await cohortStatus(ctx, COHORT);
    expect(status.camps.find((c) => c.id === `${COHORT}-forar`)).toMatchObject({
      title: 'Forårscamp',
      location: 'Horsens, Eksempel Hallen',
    });
  }, 120_000);

  it('cohort start tells which days the plan moved off a day off, stores them, and cohort status shows them (real CLI, dry run and start)', async () => {
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TEMPORAL_ADDRESS: h.env.address,
      TEMPORAL_NAMESPACE: 'default',
      TASK_QUEUE: h.taskQueue,
      DATABASE_URL: h.database.url,
      NO_COLOR: '1',
    };
    const cli = (...args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
        execFile(
          process.execPath,
          [join(ROOT, 'bin/dobbeltspor.js'), ...args],
          { cwd: ROOT, env, timeout: 90_000 },
          (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
        ),
      );
    // The 2019 example moved on by whole years: its Wednesday boot camp lands on other weekdays, the rhythm's camps on holidays.
    const before = await rowCounts();
    const dry = await cli('cohort', 'start', 'cohorts/klynge-2-2020.yaml', '--year', String(year), '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('dry run: cohort klynge-2-2020 is valid; nothing was written or started');
    expect(dry.stdout).toMatch(/Company: \d+ new, 0 updated, 0 unchanged/);
    expect(dry.stdout).toMatch(/e-mails at the start: \d+ boot-camp invitation/);
    expect(await rowCounts()).toEqual(before);

    const started = await cli('--json', 'cohort', 'start', 'cohorts/klynge-2-2020.yaml', '--year', String(year), '--no-wait');
    expect(started.code, started.stderr).toBe(0);
    const result = JSON.parse(started.stdout) as { moves: Array<{ id: string; what: string; from: string; to: string; reason: string }> };
    const shiftedBoot = addMonths('2020-11-11', 12 * (year - 2020));
    if (!isWorkingDay(shiftedBoot)) expect(result.moves.map((m) => m.id)).toContain('klynge-2-2020-bootcamp');
    for (const m of result.moves) {
      expect(isWorkingDay(m.from) && m.reason !== 'a camp is held that day').toBe(false);
      expect(isWorkingDay(m.to)).toBe(true);
    }
    const status = await cohortStatus(ctx, 'klynge-2-2020');
    expect(status.plannedMoves).toEqual(result.moves);
    const human = await cli('cohort', 'status', 'klynge-2-2020');
    for (const m of result.moves) expect(human.stdout).toContain(describeMove(m));
    // The human form of the start tells them too (a second cohort, so the start is not refused).
    const second = await write(
      'klynge-3.yaml',
      readFileSync(join(ROOT, 'cohorts/klynge-2-2020.yaml'), 'utf8')
        .replace('id: klynge-2-2020', 'id: klynge-3-2020')
        .replace(/ea-([a-z-]+)/g, 'ea-$1'),
    );
    const dryHuman = await cli('cohort', 'start', second, '--year', String(year), '--dry-run');
    for (const m of result.moves.filter((x) => x.id !== 'startsOn'))
      expect(dryHuman.stdout).toContain(
        describeMove({ ...m, id: m.id.replace('klynge-2-2020', 'klynge-3-2020'), what: m.what.replace('klynge-2-2020', 'klynge-3-2020') }),
      );
  }, 300_000);

  it("another programme's upload cannot change a company, an actor or a municipality of a running cohort: refused naming the field, nothing written", async () => {
    const bt = (actor: string, extra = '') => `id: bt-effekt
name: Business Training Effekt
programme: business-training
year: ${year}
municipalities:
  - { code: "851", name: Aalborg, slots: 0${extra} }
partnerships:
  - municipality: "851"
    employmentActor: { id: ${actor}, name: Eksempel Effekt Aalborg ApS, cvr: "90005103", contact: { name: Eva Effekt, email: postkasse@udenfor.example.com } }
    companies:
      - { cvr: "90005111", name: Eksempel Værksted Effekt, contact: { name: Vera Værksted, email: vera@udenfor.example.com } }
    staff:
      - { name: Ulla Udenfor, email: ulla@udenfor.example.com, role: COORDINATOR }
`;
    const before = await rowCounts();
    const actorBefore = await h.db.employmentActor.findUniqueOrThrow({ where: { id: 'ea-effekt-aalborg' } });
    const error = await startCohortFile(as(coordinatorOf('business-training')), {
      file: await write('bt.yaml', bt('ea-effekt-aalborg')),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileValidationError);
    const paths = (error as FileValidationError).issues.map((i) => i.path);
    expect([...paths].sort()).toEqual([
      'partnerships[0].companies[0].contact.email',
      'partnerships[0].companies[0].extraEmails',
      'partnerships[0].companies[0].role',
      'partnerships[0].companies[0].socialEconomy',
      'partnerships[0].employmentActor.contact.email',
      'partnerships[0].staff[0].email',
    ]);
    expect(
      (error as FileValidationError).issues.find((i) => i.path === 'partnerships[0].employmentActor.contact.email')!.message,
    ).toContain(`works for programme ${GROWTH} (cohort ${COHORT})`);
    const closing = await startCohortFile(as(coordinatorOf('business-training')), {
      file: await write('bt2.yaml', bt('ea-bt-aalborg', `, closingDays: ["${nextWorkingDay(`${year}-12-10`)}"]`)),
    }).catch((e: unknown) => e);
    expect((closing as FileValidationError).issues.map((i) => i.path)).toContain('municipalities[0].closingDays[0]');
    expect(await h.db.employmentActor.findUniqueOrThrow({ where: { id: 'ea-effekt-aalborg' } })).toEqual(actorBefore);
    expect(await rowCounts()).toEqual(before);
  });

  it("the owning programme's own upload may change its master data, and the change is audited with the fields", async () => {
    const own = `id: effekt-klynge-2
name: Effektklyngen 2
programme: ${GROWTH}
year: ${year}
startsOn: "${rich.days.startsOn}"
bootCamp: { dates: ["${rich.days.boot[0]}", "${rich.days.boot[1]}"], location: Vejle }
municipalities:
  - { code: "851", name: Aalborg, slots: 1 }
partnerships:
  - municipality: "851"
    employmentActor: { id: ea-effekt-aalborg, name: Eksempel Effekt Aalborg ApS, cvr: "90005103", contact: { name: Eva Effekt, email: eva@effekt-aalborg.example.dk } }
    companies:
      - { cvr: "90005111", name: Eksempel Værksted Effekt, contact: { name: Vera Værksted, email: vera.ny@vaerksted-effekt.example.dk }, extraEmails: [hr@vaerksted-effekt.example.dk], role: OWN_SOCIAL_ECONOMY, capacity: 3, socialEconomy: false }
    staff:
      - { name: Sofie Støtte-Hansen, email: Sofie@effekt-aalborg.example.dk, role: MENTOR }
`;
    await startCohortFile(as(coordinatorOf(GROWTH)), { file: await write('own.yaml', own) });
    // The staff member is known by the address: the same row, with the file's new name and role.
    expect(
      (await h.db.staffMember.findMany({ where: { employmentActorId: 'ea-effekt-aalborg' } })).map((m) => [m.name, m.email, m.role]),
    ).toEqual([['Sofie Støtte-Hansen', 'sofie@effekt-aalborg.example.dk', 'MENTOR']]);
    expect((await h.db.company.findUniqueOrThrow({ where: { cvr: '90005111' } })).contactEmail).toBe('vera.ny@vaerksted-effekt.example.dk');
    const audit = await h.db.auditLog.findMany({ where: { entity: 'Company', entityId: '90005111' } });
    expect(audit).toEqual([
      expect.objectContaining({
        actor: `${GROWTH}@example.dk`,
        role: 'coordinator',
        allowed: true,
        details: { cohortId: 'effekt-klynge-2', programmeId: GROWTH, fields: ['contactEmail'] },
      }),
    ]);
  });

  it("a coordinator acts on its own programme only: enrolling another programme's participant or pausing its cohort is refused and audited, at every door", async () => {
    const bt = `id: bt-aalborg
name: Business Training Aalborg
programme: business-training
year: ${year}
municipalities:
  - { code: "851", name: Aalborg, slots: 0 }
partnerships:
  - municipality: "851"
    employmentActor: { id: ea-bt-aalborg, name: Eksempel Integrationsnet Aalborg, contact: { name: Ib, email: ib@integrationsnet.example.dk } }
participants:
  - { ref: bt-1, givenName: Fie, familyName: Eksempel, municipality: "851", referredOn: "${year}-01-05" }
`;
    const btCoordinator = coordinatorOf('business-training');
    await writeCohort(h.db, await loadCohortFile(await write('bt-aalborg.yaml', bt)));
    const growthParticipant = `${COHORT}-deltager-effekt-1`;
    const enrol = { participantId: growthParticipant, cohortId: 'bt-aalborg', partnershipId: 'bt-aalborg-851' };
    // Another programme's person is answered exactly as one nobody registered: no oracle for who is registered where.
    const refused = await enrolParticipant(as(btCoordinator), enrol).catch((e: unknown) => e);
    const unknown = await enrolParticipant(as(btCoordinator), { ...enrol, participantId: `${COHORT}-deltager-effekt-99` }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(OperationError);
    expect(refused).toMatchObject({ code: 'NOT_FOUND', field: 'participantId', message: `no participant ${growthParticipant}` });
    expect(unknown).toMatchObject({ code: 'NOT_FOUND', field: 'participantId', message: `no participant ${COHORT}-deltager-effekt-99` });
    const late = await enrolParticipant(as(btCoordinator), {
      cohortId: 'bt-aalborg',
      participantId: growthParticipant,
      municipalityCode: '851',
    }).catch((e: unknown) => e);
    const lateUnknown = await enrolParticipant(as(btCoordinator), {
      cohortId: 'bt-aalborg',
      participantId: `${COHORT}-deltager-effekt-99`,
      municipalityCode: '851',
    }).catch((e: unknown) => e);
    expect(late).toMatchObject({
      code: (lateUnknown as { code: string }).code,
      field: 'participantId',
      message: `no participant ${growthParticipant}`,
    });
    await expect(pauseCohort(as(btCoordinator), COHORT, 'ikke min')).rejects.toThrow(
      `may act on the cohorts of its own programmes only; ${COHORT} runs ${GROWTH}`,
    );
    expect(await h.db.participantTrack.count({ where: { participantId: growthParticipant } })).toBe(1);
    const denials = await h.db.auditLog.findMany({ where: { allowed: false, actor: btCoordinator.sub } });
    // Refused on record all the same.
    expect(denials.map((d) => [d.action, d.entity, d.entityId])).toEqual([
      ['enrol participant', 'Participant', growthParticipant],
      ['enrol participant', 'Participant', growthParticipant],
      ['pause cohort', 'Cohort', COHORT],
    ]);

    const token = issueToken(TEST_CONFIG.LINK_SECRET, { sub: btCoordinator.sub, role: 'coordinator', scope: btCoordinator.scope }, 3600);
    const http = await app.inject({
      method: 'POST',
      url: '/api/tracks/participant',
      headers: { authorization: `Bearer ${token}` },
      payload: enrol,
    });
    const httpUnknown = await app.inject({
      method: 'POST',
      url: '/api/tracks/participant',
      headers: { authorization: `Bearer ${token}` },
      payload: { ...enrol, participantId: `${COHORT}-deltager-effekt-99` },
    });
    expect(http.statusCode).toBe(404);
    expect(httpUnknown.statusCode).toBe(404);
    expect(http.json()).toEqual({ ...httpUnknown.json(), message: `no participant ${growthParticipant}` });
    expect(http.body).not.toContain(GROWTH);
    // An unknown participant is not found; one referred by another municipality is refused to a coordinator.
    const elsewhere = await enrolParticipant(ctx, {
      participantId: 'bt-testrup-x',
      cohortId: 'bt-aalborg',
      partnershipId: 'bt-aalborg-851',
    }).catch((e: unknown) => e);
    expect((elsewhere as { code: string }).code).toBe('NOT_FOUND');
    await h.db.participant.create({
      data: {
        id: 'kolding-borger',
        givenName: 'Ole',
        familyName: 'Eksempel',
        municipalityCode: '621',
        referredOn: new Date(`${year}-01-05T00:00:00Z`),
      },
    });
    const otherMunicipality = await enrolParticipant(as(btCoordinator), {
      participantId: 'kolding-borger',
      cohortId: 'bt-aalborg',
      partnershipId: 'bt-aalborg-851',
    }).catch((e: unknown) => e);
    expect((otherMunicipality as OperationError).message).toContain('was referred by municipality 621, not by 851');
  });
});
