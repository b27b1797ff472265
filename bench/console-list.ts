// The operator console's reads over 10,000 participant tracks: latency of GET /api/tracks (in-process
// through Fastify's inject, so routing, auth, validation, the SQL and serialisation are measured, the
// network is not) for the first page, a deep page, and each filter; the keyset query against the
// OFFSET query it replaces, at the same depth; the cohort tree, the dashboard, a track's timeline, the
// work queue and the camp calendar. Last, each one's p95 against the limit.
import { Client, Connection } from '@temporalio/client';
import { issueToken } from '../client/api/auth.js';
import { createApi } from '../client/api/create-api.js';
import { loadProgrammeFile } from '../client/operations/files.js';
import { buildPbrReport } from '../client/operations/reports.js';
import { FIXTURE, seedConsoleFixture } from '../test/support/console-fixtures.js';
import { TASKS_FROM_SUMMARIES_SQL } from '../store/participant-track-tasks.js';
import { explainAll, notingDb } from './_query-plans.js';
import { BENCH_WORKER_CONFIG, benchDatabase, fmt, percentile } from './_support.js';
import { projectBenchSummaries } from './_track-summaries.js';

const TRACKS = Number(process.env.BENCH_TRACKS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const PAGE = 50;
const SECRET = BENCH_WORKER_CONFIG.LINK_SECRET;
/** The limit for every list and the dashboard: p95 under this over 10,000 tracks. */
const LIMIT_MS = 200;
/**
 * The day the work queue judges by: the day after the fixture's last deadline, so that every task
 * with a deadline is due (the longest queue the fixture makes, whatever the date of the run).
 */
const TODAY = process.env.BENCH_TODAY ?? '2027-01-31';
/** BENCH_PLANS=1 prints PostgreSQL's plan (EXPLAIN ANALYZE) of every statement of the work queue and the dashboard. */
const PLANS = process.env.BENCH_PLANS === '1';

const { url: dbUrl, db, drop } = await benchDatabase();
try {
  const seedStart = performance.now();
  await seedConsoleFixture(db, { linkSecret: SECRET, participantTracks: TRACKS, companyTracks: 200 });
  // The shipped programme, so that the dashboard's PbR figures are computed as in production.
  const programme = await loadProgrammeFile(new URL('../programmes/growth-partnership-2019.yaml', import.meta.url).pathname);
  await db.programme.update({ where: { id: FIXTURE.programmes.dual }, data: { config: programme as never } });
  // The summaries as the workflows project them, and the work queue's rows of their open tasks.
  await projectBenchSummaries(db);
  await db.$executeRawUnsafe(TASKS_FROM_SUMMARIES_SQL);
  // Vacuumed as autovacuum keeps a running database, so that counts can read an index alone.
  await db.$executeRawUnsafe('VACUUM ANALYZE');
  console.log(`seeded ${TRACKS} participant tracks and 200 company tracks in ${fmt(performance.now() - seedStart)}`);

  // The list never touches Temporal: a lazy connection that is never dialled.
  const client = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  const apiOf = (apiDb: typeof db) =>
    createApi({
      client,
      db: apiDb,
      now: () => Date.parse(`${TODAY}T12:00:00+01:00`),
      // Every measured request comes from one address: the per-address limit would answer 429 mid-run.
      rateLimitPerMinute: 1_000_000,
      config: {
        LINK_SECRET: SECRET,
        PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
        TEMPORAL_UI_URL: 'http://127.0.0.1:8233',
        TEMPORAL_NAMESPACE: 'default',
        TASK_QUEUE: 'bench',
      },
    });
  const app = await apiOf(db);
  await app.ready();
  const authorization = `Bearer ${issueToken(SECRET, { sub: 'bench@dobbeltspor.dk', role: 'operator', scope: {} }, 3600)}`;
  const asCoordinator = `Bearer ${issueToken(
    SECRET,
    { sub: 'koordinator@dobbeltspor.dk', role: 'coordinator', scope: { programmeIds: [FIXTURE.programmes.dual] } },
    3600,
  )}`;

  async function list(query: string): Promise<{ ms: number; body: { items: unknown[]; nextCursor: string | null } }> {
    const started = performance.now();
    const res = await app.inject({ method: 'GET', url: `/api/tracks?${query}`, headers: { authorization } });
    const ms = performance.now() - started;
    if (res.statusCode !== 200) throw new Error(`GET /api/tracks?${query} answered ${res.statusCode}: ${res.body}`);
    return { ms, body: res.json() };
  }

  async function measure(query: string): Promise<{ p50: number; p95: number; rows: number }> {
    return measureUrl(`/api/tracks?${query}`, (body) => (body as { items: unknown[] }).items.length);
  }

  async function measureUrl(
    url: string,
    rowsOf: (body: unknown) => number,
    bearer = authorization,
  ): Promise<{ p50: number; p95: number; rows: number }> {
    const once = async () => {
      const started = performance.now();
      const res = await app.inject({ method: 'GET', url, headers: { authorization: bearer } });
      const ms = performance.now() - started;
      if (res.statusCode !== 200) throw new Error(`GET ${url} answered ${res.statusCode}: ${res.body}`);
      return { ms, rows: rowsOf(res.json()) };
    };
    for (let i = 0; i < 5; i++) await once(); // warm the pool and the plan cache
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < RUNS; i++) {
      const r = await once();
      times.push(r.ms);
      rows = r.rows;
    }
    times.sort((x, y) => x - y);
    return { p50: percentile(times, 50), p95: percentile(times, 95), rows };
  }

  // Walk to a deep page once to get its cursor (and time the whole walk).
  const depth = Math.floor(TRACKS / PAGE) - 2;
  let cursor: string | null = null;
  const walkStart = performance.now();
  for (let i = 0; i < depth; i++) {
    const { body } = await list(`limit=${PAGE}${cursor ? `&after=${cursor}` : ''}`);
    cursor = body.nextCursor;
  }
  const walkMs = performance.now() - walkStart;

  const cases: [string, string][] = [
    ['first page', `limit=${PAGE}`],
    [`page ${depth + 1} (keyset cursor)`, `limit=${PAGE}&after=${cursor}`],
    ['filter: cohort', `limit=${PAGE}&cohort=${FIXTURE.cohorts.first}`],
    ['filter: cohort + municipality', `limit=${PAGE}&cohort=${FIXTURE.cohorts.first}&municipality=621`],
    ['filter: phase', `limit=${PAGE}&phase=JOB_TRAINING`],
    ['filter: overdue', `limit=${PAGE}&overdue=true`],
    ['filter: all four', `limit=${PAGE}&cohort=${FIXTURE.cohorts.first}&municipality=851&phase=WORK_READINESS&overdue=true`],
    ['company tracks', `limit=${PAGE}&kind=company`],
  ];
  console.log(`\nGET /api/tracks, ${RUNS} runs each, ${PAGE} rows a page, ${TRACKS} tracks`);
  console.log('case'.padEnd(36), 'rows'.padStart(5), 'p50'.padStart(10), 'p95'.padStart(10));
  const results = new Map<string, { p50: number; p95: number }>();
  /** Every list's p95, printed last against the limit. */
  const figures: [string, number][] = [];
  for (const [name, query] of cases) {
    const r = await measure(query);
    results.set(name, r);
    figures.push([`list, ${name}`, r.p95]);
    console.log(name.padEnd(36), String(r.rows).padStart(5), fmt(r.p50).padStart(10), fmt(r.p95).padStart(10));
  }
  const items = (b: unknown) => (b as { items: unknown[] }).items.length;
  // The work queue's cursor after `pages` pages of 200 items (the default page), for a deep page.
  const cursorOfPage = async (pages: number) => {
    let after = '';
    for (let i = 1; i < pages; i++) {
      const res = await app.inject({ method: 'GET', url: `/api/work-queue?${after}`, headers: { authorization: asCoordinator } });
      after = `after=${(res.json() as { nextCursor: string }).nextCursor}`;
    }
    return after.slice('after='.length);
  };
  const queue = (await app.inject({ method: 'GET', url: '/api/work-queue', headers: { authorization: asCoordinator } })).json() as {
    total: number;
    today: string;
  };
  console.log(`the coordinator's work queue on ${queue.today}: ${queue.total} items due`);
  const others: [string, string, (body: unknown) => number, string?][] = [
    ['cohort tree (GET /api/cohorts)', '/api/cohorts', (b) => (b as unknown[]).length],
    [
      `cohort dashboard (${FIXTURE.cohorts.first})`,
      `/api/cohorts/${FIXTURE.cohorts.first}/dashboard`,
      (b) => (b as { municipalities: unknown[] }).municipalities.length,
    ],
    ['one track with its timeline', `/api/tracks/participant/${FIXTURE.richTrackId}`, (b) => (b as { events: unknown[] }).events.length],
    ['work queue, coordinator (all)', '/api/work-queue', items, asCoordinator],
    ['work queue, coordinator (page 3)', `/api/work-queue?after=${await cursorOfPage(3)}`, items, asCoordinator],
    ['work queue, coordinator (cohort)', `/api/work-queue?cohort=${FIXTURE.cohorts.first}`, items, asCoordinator],
    ['work queue, coordinator (municip.)', `/api/work-queue?cohort=${FIXTURE.cohorts.first}&municipality=621`, items, asCoordinator],
    ['work queue, operator', '/api/work-queue', items],
    ['camp calendar', `/api/cohorts/${FIXTURE.cohorts.first}/calendar`, (b) => (b as { camps: unknown[] }).camps.length],
  ];
  for (const [name, url, rowsOf, bearer] of others) {
    const r = await measureUrl(url, rowsOf, bearer);
    figures.push([name, r.p95]);
    console.log(name.padEnd(36), String(r.rows).padStart(5), fmt(r.p50).padStart(10), fmt(r.p95).padStart(10));
  }
  // The dashboard keeps the PbR report's figures a minute per cohort: what making them afresh costs.
  const reportTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await buildPbrReport(db, { cohortId: FIXTURE.cohorts.first });
    reportTimes.push(performance.now() - started);
  }
  console.log(
    `the dashboard's PbR figures made afresh (buildPbrReport, 5 runs): p50 ${fmt(
      percentile(
        reportTimes.sort((a, b) => a - b),
        50,
      ),
    )}`,
  );
  const first = results.get('first page')!;
  const deep = results.get(`page ${depth + 1} (keyset cursor)`)!;
  console.log(`\nwalking ${depth} pages with cursors: ${fmt(walkMs)} (${fmt(walkMs / depth)} a page)`);
  console.log(`ratio deep page / first page (p50): ${(deep.p50 / first.p50).toFixed(2)}`);

  // The same page by OFFSET, which the keyset cursor replaces: the database reads and discards
  // every row before the page.
  const sqlTimes = async (sql: string) => {
    for (let i = 0; i < 5; i++) await db.$queryRawUnsafe(sql);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await db.$queryRawUnsafe(sql);
      times.push(performance.now() - started);
    }
    return percentile(
      times.sort((a, b) => a - b),
      50,
    );
  };
  const last = (await list(`limit=${PAGE}&after=${cursor}`)).body.items[0] as { id: string; nextDeadlineOn: string | null };
  const select = `SELECT t.id FROM "ParticipantTrack" t JOIN "Partnership" p ON p.id = t."partnershipId" JOIN "Participant" pa ON pa.id = t."participantId"`;
  const order = `ORDER BY t."nextDeadlineOn" ASC NULLS LAST, t.id ASC LIMIT ${PAGE}`;
  // As listTracks asks it: the cursor as a row comparison, an index condition.
  const keysetWhere = last.nextDeadlineOn
    ? `WHERE (t."nextDeadlineOn", t.id) >= ('${last.nextDeadlineOn}'::date, '${last.id}')`
    : `WHERE t."nextDeadlineOn" IS NULL AND t.id >= '${last.id}'`;
  const keysetMs = await sqlTimes(`${select} ${keysetWhere} ${order}`);
  const offsetMs = await sqlTimes(`${select} ${order} OFFSET ${depth * PAGE}`);
  console.log(
    `SQL alone at row ${depth * PAGE}: keyset ${fmt(keysetMs)}, OFFSET ${fmt(offsetMs)} (OFFSET / keyset: ${(offsetMs / keysetMs).toFixed(1)}×)`,
  );

  const deepPlan = (await db.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(`EXPLAIN ANALYZE ${select} ${keysetWhere} ${order}`)).map(
    (r) => r['QUERY PLAN'],
  );
  const deepIndex = deepPlan.findIndex((l) => /Index Scan using "ParticipantTrack/.test(l));
  console.log(
    `plan of the deep page: ${deepPlan[deepIndex]?.trim().replace(/\s+\(cost.*$/, '')}; ${deepPlan[deepIndex + 1]?.trim() ?? ''}`,
  );
  const plan = (
    await db.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(`EXPLAIN ${select} WHERE t."cohortId" = '${FIXTURE.cohorts.first}' ${order}`)
  ).map((r) => r['QUERY PLAN']);
  const indexLine = plan.find((l) => /Index/.test(l));
  console.log(`plan of the cohort filter: ${indexLine ? indexLine.trim() : plan[0]!.trim()}`);

  if (PLANS) {
    // Each request once more through a client that notes its statements, then each statement's plan.
    const noted = notingDb(dbUrl);
    const planned = await apiOf(noted.db);
    for (const [name, url, , bearer] of others.filter(([n]) => /work queue|dashboard/.test(n))) {
      const statements = await noted.noting(async () => {
        const res = await planned.inject({ method: 'GET', url, headers: { authorization: bearer ?? authorization } });
        if (res.statusCode !== 200) throw new Error(`GET ${url} answered ${res.statusCode}: ${res.body}`);
      });
      const plans = await explainAll(dbUrl, statements);
      console.log(`\n--- ${name}: ${statements.length} statements`);
      statements.forEach((st, i) => console.log(`\n[${i + 1}] ${st.sql.replace(/\s+/g, ' ').slice(0, 400)}\n${plans[i]!.join('\n')}`));
    }
    await planned.close();
    await noted.db.$disconnect();
  }

  // Last, each list's figure against the limit (a ratio under 1 is within it).
  console.log(`\np95 of each list at ${TRACKS} tracks against the limit of ${LIMIT_MS} ms:`);
  for (const [name, p95] of figures) console.log(`${name}: ${p95.toFixed(1)} ms (${(p95 / LIMIT_MS).toFixed(3)}x against limit)`);
  await app.close();
} finally {
  await drop();
}
