// A corpus of malformed cohort files — variants of the shipped klynge-1-2019.yaml made by code, and
// hand-written ones — each started through the operation and through POST /api/cohorts, a sample
// through the real CLI. Every one is refused with a message naming the field (CLI exit 3, HTTP 4xx),
// and not one row of any table changes.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { issueToken } from '../client/api/auth.js';
import { exitCodeOf } from '../client/error-kinds.js';
import { writeCohort } from '../client/operations/cohorts.js';
import type { OperationContext } from '../client/operations/context.js';
import { loadCohortFile, loadProgrammeFile } from '../client/operations/files.js';
import { localDateAt } from '../domain/calendar.js';
import { createTestApi } from './support/api.js';
import { createHarness, TEST_CONFIG, type Harness } from './support/temporal.js';
import { startCohortFile } from './support/cohort-file.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXAMPLE = join(ROOT, 'cohorts/klynge-1-2019.yaml');
/** A company and an employment actor of another programme's cohort (Business Training), already stored. */
const OTHER_CVR = '90007777';
/** A CPR number the example's own programme has registered (another programme's numbers are no conflict: they are not the uploader's to know). */
const OWN_CPR = '010190-1236';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Case {
  name: string;
  /** The path the refusal must name (an issue's path starts with it); '' for the document as a whole. */
  field: string;
  mutate?: (d: Doc) => void;
  /** A whole file, for what a mutation of the parsed example cannot express. */
  text?: string;
}

function corpus(example: Doc): Case[] {
  const cases: Case[] = [];
  const add = (name: string, field: string, mutate: (d: Doc) => void) => cases.push({ name, field, mutate });

  example.municipalities.forEach((_: unknown, i: number) => {
    const at = `municipalities[${i}]`;
    add(`${at} slots negative`, `${at}.slots`, (d) => (d.municipalities[i].slots = -1));
    add(`${at} slots beyond int4`, `${at}.slots`, (d) => (d.municipalities[i].slots = 3_000_000_000));
    add(`${at} slots a fraction`, `${at}.slots`, (d) => (d.municipalities[i].slots = 1.5));
    add(`${at} code not three digits`, `${at}.code`, (d) => (d.municipalities[i].code = 'abc'));
    add(`${at} name too long`, `${at}.name`, (d) => (d.municipalities[i].name = 'K'.repeat(5000)));
    add(`${at} closing day on Christmas Day`, `${at}.closingDays[0]`, (d) => (d.municipalities[i].closingDays = ['2019-12-25']));
  });
  example.partnerships.forEach((p: Doc, i: number) => {
    const at = `partnerships[${i}]`;
    add(
      `${at} actor e-mail`,
      `${at}.employmentActor.contact.email`,
      (d) => (d.partnerships[i].employmentActor.contact.email = 'not-an-address'),
    );
    add(`${at} actor id not a slug`, `${at}.employmentActor.id`, (d) => (d.partnerships[i].employmentActor.id = 'EA Aalborg'));
    add(`${at} municipality not listed`, `${at}.municipality`, (d) => (d.partnerships[i].municipality = '999'));
    add(`${at} actor of another programme`, `${at}.employmentActor`, (d) => (d.partnerships[i].employmentActor.id = 'ea-bt-other'));
    if (i > 0)
      add(
        `${at} one actor id for two actors`,
        `${at}.employmentActor.id`,
        (d) => (d.partnerships[i].employmentActor.id = example.partnerships[0].employmentActor.id),
      );
    (p.companies as Doc[]).forEach((_c, j) => {
      const c = `${at}.companies[${j}]`;
      add(`${c} CVR fails modulus 11`, `${c}.cvr`, (d) => (d.partnerships[i].companies[j].cvr = '12345678'));
      add(`${c} contact e-mail`, `${c}.contact.email`, (d) => (d.partnerships[i].companies[j].contact.email = 'carl at cafe'));
      add(`${c} capacity negative`, `${c}.capacity`, (d) => (d.partnerships[i].companies[j].capacity = -1));
      add(`${c} unknown role`, `${c}.role`, (d) => (d.partnerships[i].companies[j].role = 'OWNER'));
      add(`${c} another programme's company, other details`, c, (d) => (d.partnerships[i].companies[j].cvr = OTHER_CVR));
    });
  });
  example.participants.forEach((_: unknown, i: number) => {
    const at = `participants[${i}]`;
    add(`${at} CPR that is no date`, `${at}.cpr`, (d) => (d.participants[i].cpr = '999999-9999'));
    add(`${at} referral on no calendar day`, `${at}.referredOn`, (d) => (d.participants[i].referredOn = '2019-02-30'));
    add(`${at} municipality not listed`, `${at}.municipality`, (d) => (d.participants[i].municipality = '000'));
    add(`${at} ref not a slug`, `${at}.ref`, (d) => (d.participants[i].ref = 'Deltager 1'));
    add(`${at} weeks on benefit beyond reason`, `${at}.benefitWeeksBefore`, (d) => (d.participants[i].benefitWeeksBefore = 100_000));
    add(`${at} a 5 MB-like name`, `${at}.givenName`, (d) => (d.participants[i].givenName = 'A'.repeat(100_000)));
    add(`${at} referred after the start`, `${at}.referredOn`, (d) => (d.participants[i].referredOn = '2019-12-20'));
    add(`${at} registered by this programme already`, `${at}.cpr`, (d) => (d.participants[i].cpr = OWN_CPR));
  });
  add('a 2,000-character cohort id', 'id', (d) => (d.id = 'k'.repeat(2000)));
  add('cohort id with capitals', 'id', (d) => (d.id = 'Klynge-1'));
  add('year before 2000', 'year', (d) => (d.year = 1999));
  add('year a fraction', 'year', (d) => (d.year = 2019.5));
  add('year as text', 'year', (d) => (d.year = '2019'));
  add('no programme of that id', 'programme', (d) => (d.programme = 'no-such-programme'));
  add('boot camp on Christmas Day', 'bootCamp.dates[0]', (d) => (d.bootCamp.dates = ['2019-12-25']));
  add('boot camp on a Saturday', 'bootCamp.dates[0]', (d) => (d.bootCamp.dates = ['2019-11-16', '2019-11-18']));
  add(
    'boot camp on a closing day',
    'bootCamp.dates[0]',
    (d) => ((d.municipalities[2].closingDays = ['2019-11-13']), (d.bootCamp.dates = ['2019-11-13'])),
  );
  add('boot camp days out of order', 'bootCamp.dates[1]', (d) => (d.bootCamp.dates = ['2019-11-14', '2019-11-13']));
  add('boot camp days not following one another', 'bootCamp.dates[1]', (d) => (d.bootCamp.dates = ['2019-11-13', '2019-11-15']));
  add('boot camp in another year', 'bootCamp.dates[0]', (d) => (d.bootCamp.dates = ['2018-11-13', '2018-11-14']));
  add(
    'boot camp of six days',
    'bootCamp.dates',
    (d) => (d.bootCamp.dates = ['2019-11-11', '2019-11-12', '2019-11-13', '2019-11-14', '2019-11-15', '2019-11-18']),
  );
  add('boot camp without a place', 'bootCamp.location', (d) => (d.bootCamp.location = ''));
  add('boot camp place blank', 'bootCamp.location', (d) => (d.bootCamp.location = '   '));
  add('start before the boot camp', 'startsOn', (d) => (d.startsOn = '2019-11-01'));
  add('start on Christmas Day', 'startsOn', (d) => (d.startsOn = '2019-12-25'));
  add('start two years on', 'startsOn', (d) => (d.startsOn = '2021-12-01'));
  const camp = (date: string, id = 'forar') => ({ id, title: 'Forårscamp', date, days: 1, location: 'Vejle' });
  add('fixed camp on Easter Monday', 'camps[0].date', (d) => (d.camps = [camp('2020-04-13')]));
  add('fixed camp on Ascension Day', 'camps[0].date', (d) => (d.camps = [camp('2020-05-21')]));
  add('fixed camp before the accelerator', 'camps[0].date', (d) => (d.camps = [camp('2019-11-27')]));
  add('fixed camp after the accelerator', 'camps[0].date', (d) => (d.camps = [camp('2021-03-03')]));
  add('fixed camps out of order', 'camps[1].date', (d) => (d.camps = [camp('2020-04-01', 'a'), camp('2020-03-04', 'b')]));
  add('fixed camp id twice', 'camps[1].id', (d) => (d.camps = [camp('2020-03-04'), camp('2020-04-01')]));
  add('fixed camp named bootcamp', 'camps[0].id', (d) => (d.camps = [camp('2020-03-04', 'bootcamp')]));
  add('fixed camp of nine days', 'camps[0].days', (d) => (d.camps = [{ ...camp('2020-03-04'), days: 9 }]));
  add('empty camp list', 'camps', (d) => (d.camps = []));
  add('unknown top-level field', 'colour', (d) => (d.colour = 'blue'));
  add(
    'unknown company field',
    'partnerships[0].companies[0].website',
    (d) => (d.partnerships[0].companies[0].website = 'https://example.dk'),
  );
  add('no municipalities', 'municipalities', (d) => (d.municipalities = []));
  add('a municipality twice', 'municipalities[1].code', (d) => (d.municipalities[1].code = d.municipalities[0].code));
  add('two municipalities of one name', 'municipalities[1].name', (d) => (d.municipalities[1].name = d.municipalities[0].name));
  add('a municipality name another code has', 'municipalities[0].name', (d) => (d.municipalities[0].name = 'Testrup'));
  add(
    'a CVR in two partnerships',
    'partnerships[1].companies[0].cvr',
    (d) => (d.partnerships[1].companies[0].cvr = d.partnerships[0].companies[0].cvr),
  );
  add('a participant twice', 'participants[1].ref', (d) => (d.participants[1].ref = d.participants[0].ref));
  add(
    'one CPR number twice',
    'participants[1].cpr',
    (d) => ((d.participants[0].cpr = '010190-1235'), (d.participants[1].cpr = '0101901235')),
  );
  add('unknown benefit category', 'participants[0].benefitCategory', (d) => (d.participants[0].benefitCategory = 'pensioner'));
  add('a participant in a municipality without partnership', 'participants[0].municipality', (d) => {
    d.municipalities.push({ code: '101', name: 'København', slots: 1 });
    d.participants[0].municipality = '101';
  });

  const base = stringify(example);
  const text = (name: string, field: string, t: string) => cases.push({ name, field, text: t });
  text(
    'YAML alias bomb',
    '',
    [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      base,
    ].join('\n'),
  );
  text(
    'a NUL byte in a name',
    '',
    base.replace('name: Klynge 1-2019', 'name: "Klynge\0 1-2019"').replace('Klynge 1-2019', 'Klynge\u0000 1-2019'),
  );
  text('a duplicate key', '', `${base}\nyear: 2020\n`);
  text('a list, not a cohort', '', '- id: klynge-1-2019\n- year: 2019\n');
  text('an empty file', '', '');
  text('broken indentation', '', 'id: klynge-1-2019\n  name: x\n name: y\n');
  text('a file over 1 MB', '', `${base}# ${'x'.repeat(1_100_000)}\n`);
  text('JSON with the wrong types', 'municipalities', JSON.stringify({ ...example, municipalities: 'Aalborg' }));
  text('a tab in the indentation', '', base.replace('\n  - ', '\n\t- '));
  return cases;
}

/** Variants of the shipped growth-partnership-2019 template: each must be refused naming its field. */
function programmeCorpus(template: Doc): Case[] {
  const cases: Case[] = [];
  const add = (name: string, field: string, mutate: (d: Doc) => void) => cases.push({ name, field, mutate });
  add(
    'work readiness of 100,000,000 months',
    'participant.workReadiness.length.months',
    (d) => (d.participant.workReadiness.length = { months: 100_000_000 }),
  );
  add('job training of -1 weeks', 'participant.jobTraining.length.weeks', (d) => (d.participant.jobTraining.length = { weeks: -1 }));
  add('a span of nothing', 'participant.jobTraining.length', (d) => (d.participant.jobTraining.length = { months: 0 }));
  add('100 hours a week', 'participant.workReadiness.hoursPerWeek', (d) => (d.participant.workReadiness.hoursPerWeek = 100));
  add('an accelerator of 10,000 months', 'company.accelerator.length.months', (d) => (d.company.accelerator.length = { months: 10_000 }));
  add('camps every 0 weeks', 'company.accelerator.campEveryWeeks', (d) => (d.company.accelerator.campEveryWeeks = 0));
  add('anchoring after 1,000 months', 'company.anchoring.checksAtMonths[0]', (d) => (d.company.anchoring.checksAtMonths = [1000]));
  add('a milestone id twice', 'company.milestones[1].id', (d) => (d.company.milestones[1].id = d.company.milestones[0].id));
  add('a rate-card line id twice', 'rateCard.lines[1].id', (d) => (d.rateCard.lines[1].id = d.rateCard.lines[0].id));
  add('an amount with three decimals', 'rateCard.lines[0].amount', (d) => (d.rateCard.lines[0].amount = '40000.123'));
  add('an amount as a float', 'rateCard.lines[0].amount', (d) => (d.rateCard.lines[0].amount = 40000.5));
  add('a 5,000-character name', 'name', (d) => (d.name = 'N'.repeat(5000)));
  add('an unknown kind', 'kind', (d) => (d.kind = 'CHARITY'));
  add('retention after 10,000 weeks', 'participant.retentionFollowUpWeeks[0]', (d) => (d.participant.retentionFollowUpWeeks = [10_000]));
  add('boot camp in month 13', 'company.bootCamp.month', (d) => (d.company.bootCamp.month = 13));
  add('an unknown field', 'colour', (d) => (d.colour = 'green'));
  return cases;
}

describe('malformed programme templates: each refused naming the field, also when a cohort names them, nothing written', () => {
  let h: Harness;
  let ctx: OperationContext;
  let dir: string;
  beforeAll(async () => {
    h = await createHarness();
    ctx = { client: h.env.client, db: h.db, taskQueue: h.taskQueue, namespace: 'default' };
    dir = await mkdtemp(join(tmpdir(), 'dobbeltspor-programmes-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await h?.close();
  });

  it('the template loader and the cohort start refuse every variant (exit 3), and no row changes', async () => {
    const template = parse(await readFile(join(ROOT, 'programmes/growth-partnership-2019.yaml'), 'utf8')) as Doc;
    const cases = programmeCorpus(template);
    const year = Number(localDateAt(Number(await h.env.currentTimeMs())).slice(0, 4)) + 1;
    const failures: string[] = [];
    for (const [i, c] of cases.entries()) {
      const d = structuredClone(template);
      c.mutate!(d);
      const folder = join(dir, String(i));
      mkdirSync(folder);
      const file = join(folder, 'growth-partnership-2019.yaml');
      await writeFile(file, stringify(d, { lineWidth: 0 }));
      const direct = await loadProgrammeFile(file).then(
        () => undefined,
        (e: Error & { issues?: Array<{ path: string }> }) => e,
      );
      const started = await startCohortFile(ctx, { file: EXAMPLE, year, programmesDir: folder }).then(
        () => undefined,
        (e: Error & { issues?: Array<{ path: string }> }) => e,
      );
      for (const [door, e] of [
        ['loader', direct],
        ['cohort start', started],
      ] as const) {
        if (!e) failures.push(`${c.name} (${door}): accepted`);
        else if (exitCodeOf(e) !== 3) failures.push(`${c.name} (${door}): exit ${exitCodeOf(e)}`);
        else if (!(e.issues ?? []).some((x) => x.path === c.field || x.path.startsWith(`${c.field}.`) || x.path.startsWith(`${c.field}[`)))
          failures.push(`${c.name} (${door}): names ${(e.issues ?? []).map((x) => x.path).join(', ')}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await h.db.cohort.count()).toBe(0);
    expect(await h.db.programme.count()).toBe(0);
  }, 120_000);
});

describe('a corpus of malformed cohort files: each refused naming the field, nothing written', () => {
  let h: Harness;
  let app: FastifyInstance;
  let ctx: OperationContext;
  let dir: string;
  let year: number;
  let cases: Array<Case & { file: string; yaml: string }>;
  const coordinator = issueToken(
    TEST_CONFIG.LINK_SECRET,
    { sub: 'anna@example.dk', role: 'coordinator', scope: { programmeIds: ['growth-partnership-2019'] } },
    3600,
  );

  /** Rows of every table: the corpus must change none. */
  async function rowCounts(): Promise<Record<string, number>> {
    const tables = await h.db.$queryRawUnsafe<Array<{ table_name: string }>>(
      "SELECT table_name::text AS table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
    );
    const out: Record<string, number> = {};
    for (const { table_name } of tables) {
      const [row] = await h.db.$queryRawUnsafe<Array<{ n: bigint }>>(`SELECT count(*) AS n FROM "${table_name}"`);
      out[table_name] = Number(row!.n);
    }
    return out;
  }

  const issuePaths = (e: { issues?: Array<{ path: string }>; field?: string }) =>
    e.issues?.map((i) => i.path) ?? (e.field !== undefined ? [e.field] : []);
  const names = (paths: string[], field: string) =>
    paths.some((p) => p === field || p.startsWith(`${field}.`) || p.startsWith(`${field}[`));

  beforeAll(async () => {
    h = await createHarness();
    app = await createTestApi(h);
    ctx = { client: h.env.client, db: h.db, taskQueue: h.taskQueue, namespace: 'default' };
    year = Number(localDateAt(Number(await h.env.currentTimeMs())).slice(0, 4)) + 1;
    dir = await mkdtemp(join(tmpdir(), 'dobbeltspor-corpus-'));
    // Another programme's cohort, written as its own start writes it: a company, an actor, a
    // municipality called Testrup and a participant with a CPR number.
    const bt = join(dir, 'bt.yaml');
    await writeFile(
      bt,
      `id: bt-testrup
name: Business Training Testrup
programme: business-training
year: ${year}
municipalities:
  - { code: "998", name: Testrup, slots: 0 }
partnerships:
  - municipality: "998"
    employmentActor: { id: ea-bt-other, name: Eksempel Integrationsnet, contact: { name: Else, email: else@integrationsnet.example.dk } }
    companies:
      - { cvr: "${OTHER_CVR}", name: Eksempel Lager ApS, contact: { name: Lars, email: lars@lager.example.dk } }
participants:
  - { ref: bt-1, givenName: Fatima, familyName: Eksempel, cpr: "010190-1234", municipality: "998", referredOn: "${year}-01-05" }
`,
    );
    await writeCohort(h.db, await loadCohortFile(bt));
    // A person the example's programme registered in an earlier cohort (the programme row as a start writes it).
    const { programme } = await loadCohortFile(EXAMPLE);
    await h.db.programme.create({
      data: {
        id: programme.id,
        name: programme.name,
        kind: programme.kind,
        version: programme.version,
        hoursPerWeek: programme.participant.workReadiness.hoursPerWeek,
        config: JSON.parse(JSON.stringify(programme)),
      },
    });
    await h.db.participant.create({
      data: {
        id: 'tidligere-deltager',
        programmeId: programme.id,
        cpr: OWN_CPR.replace('-', ''),
        givenName: 'Tove',
        familyName: 'Tidligere',
        municipalityCode: '998',
        referredOn: new Date(`${year}-01-05T00:00:00Z`),
      },
    });
    const example = parse(await readFile(EXAMPLE, 'utf8')) as Doc;
    cases = corpus(example).map((c, i) => {
      let yaml = c.text;
      if (yaml === undefined) {
        const d = structuredClone(example);
        c.mutate!(d);
        yaml = stringify(d, { lineWidth: 0 });
      }
      return { ...c, file: join(dir, `case-${String(i).padStart(3, '0')}.yaml`), yaml };
    });
    for (const c of cases) await writeFile(c.file, c.yaml);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await rm(dir, { recursive: true, force: true });
    await h?.close();
  });

  it('holds more than 100 files, and the example they are made from is valid (a dry run passes)', async () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    const dry = await startCohortFile(ctx, { file: EXAMPLE, year, dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, cohortId: 'klynge-1-2019', companies: 10 });
  });

  it('the operation refuses every one naming the field, as an invalid input (CLI exit 3), and no row changes', async () => {
    const before = await rowCounts();
    const failures: string[] = [];
    for (const c of cases) {
      const error = await startCohortFile(ctx, { file: c.file, year }).then(
        () => undefined,
        (e: unknown) => e as Error & { issues?: Array<{ path: string; message: string }>; field?: string },
      );
      if (!error) {
        failures.push(`${c.name}: accepted`);
        continue;
      }
      const paths = issuePaths(error);
      if (exitCodeOf(error) !== 3) failures.push(`${c.name}: exit ${exitCodeOf(error)} (${error.message})`);
      else if (!names(paths, c.field)) failures.push(`${c.name}: names ${paths.join(', ')} instead of ${c.field}`);
      else if (/prisma|invalid `|\bat [A-Za-z]+ \(/i.test(error.message)) failures.push(`${c.name}: raw message ${error.message}`);
    }
    expect(failures).toEqual([]);
    expect(await rowCounts()).toEqual(before);
  }, 300_000);

  it('POST /api/cohorts answers every one 4xx naming the field, and no row changes', async () => {
    const before = await rowCounts();
    const failures: string[] = [];
    for (const c of cases) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/cohorts',
        headers: { authorization: `Bearer ${coordinator}` },
        payload: { yaml: c.yaml || ' ', year },
      });
      const body = res.json() as { field?: string; issues?: Array<{ path: string }> };
      const paths = [...issuePaths(body), ...(body.field ? [body.field] : [])];
      // Over the API's body limit the request itself is refused (413), before any operation runs.
      const bodyTooLarge = c.yaml.length > 1_000_000 && (res.statusCode === 413 || paths.includes('body.yaml'));
      if (res.statusCode < 400 || res.statusCode >= 500) failures.push(`${c.name}: ${res.statusCode}`);
      // A problem of the file as a whole (field '') may be named by the request's field for the file.
      else if (
        !bodyTooLarge &&
        !names(paths, c.field) &&
        !(c.yaml === '' && paths.length) &&
        !(c.field === '' && paths.includes('body.yaml'))
      )
        failures.push(`${c.name}: names ${paths.join(', ')} instead of ${c.field}`);
    }
    expect(failures).toEqual([]);
    expect(await rowCounts()).toEqual(before);
  }, 300_000);

  it('the real CLI exits 3 naming the field for a sample, and no row changes', async () => {
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
      new Promise<{ code: number; stdout: string }>((resolve) =>
        execFile(process.execPath, [join(ROOT, 'bin/dobbeltspor.js'), ...args], { cwd: ROOT, env, timeout: 60_000 }, (error, stdout) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout }),
        ),
      );
    const before = await rowCounts();
    const sample = [
      'a 2,000-character cohort id',
      'boot camp on a Saturday',
      'YAML alias bomb',
      'participants[0] registered by this programme already',
      "partnerships[0].companies[0] another programme's company, other details",
    ];
    for (const name of sample) {
      const c = cases.find((x) => x.name === name)!;
      const r = await cli('--json', 'cohort', 'start', c.file, '--year', String(year));
      expect(r.code, name).toBe(3);
      const out = JSON.parse(r.stdout) as { error: { field: string; issues?: Array<{ path: string }> } };
      expect(names([out.error.field, ...(out.error.issues ?? []).map((i) => i.path)], c.field), `${name}: ${r.stdout}`).toBe(true);
    }
    expect(await rowCounts()).toEqual(before);
  }, 300_000);
});
