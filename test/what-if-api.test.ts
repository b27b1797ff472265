// The what-if run over HTTP (POST /api/cohorts/simulate) answers what the CLI as typed answers for the
// shipped example cohort: the same summary, the same events as its JSON file and byte for byte its CSV
// file, with and without the scenario's options; bad input is refused naming the field, and a
// coordinator of another programme is refused and audited. Nothing is written otherwise.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, type Principal } from '../client/api/auth.js';
import { createApi } from '../client/api/create-api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { TEST_CONFIG } from './support/temporal.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FILE = 'klynge-1-2019.yaml';
const PROGRAMME = 'growth-partnership-2019';

/** `npx dobbeltspor cohort simulate cohorts/<FILE> --json --events <events> …` as typed: its summary and the events file's text. */
async function cli(dir: string, events: string, options: string[] = []): Promise<{ summary: Record<string, unknown>; file: string }> {
  const path = join(dir, events);
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['bin/dobbeltspor.js', 'cohort', 'simulate', `cohorts/${FILE}`, '--json', '--events', path, ...options],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' } },
  );
  const { eventsFile, ...summary } = JSON.parse(stdout) as Record<string, unknown>;
  expect(eventsFile).toBe(path);
  return { summary, file: readFileSync(path, 'utf8') };
}

describe('POST /api/cohorts/simulate against `cohort simulate` as typed', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let dir: string;
  const token = (role: Principal['role'], scope: Principal['scope']) =>
    issueToken(TEST_CONFIG.LINK_SECRET, { sub: `${role}@dobbeltspor.example.dk`, role, scope }, 3600);
  const coordinator = token('coordinator', { programmeIds: [PROGRAMME] });
  const simulate = (payload: object, headers: Record<string, string> = {}, bearer = coordinator) =>
    app.inject({ method: 'POST', url: '/api/cohorts/simulate', headers: { authorization: `Bearer ${bearer}`, ...headers }, payload });

  beforeAll(async () => {
    database = await createTestDatabase();
    // The run needs neither Temporal nor the projection: a client that reaches no server.
    app = await createApi({
      client: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }),
      db: database.db,
      config: {
        LINK_SECRET: TEST_CONFIG.LINK_SECRET,
        PUBLIC_BASE_URL: TEST_CONFIG.PUBLIC_BASE_URL,
        TEMPORAL_UI_URL: 'http://127.0.0.1:8233',
        TEMPORAL_NAMESPACE: 'default',
        TASK_QUEUE: 'what-if-api',
      },
    });
    dir = mkdtempSync(join(tmpdir(), 'dobbeltspor-what-if-api-'));
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers the shipped file with the CLI’s summary and events (JSON) and its CSV file byte for byte (Accept: text/csv)', async () => {
    const [asJson, asCsv] = [await cli(dir, 'events.json'), await cli(dir, 'events.csv')];
    expect(asCsv.summary).toEqual(asJson.summary);

    const json = await simulate({ file: FILE });
    expect(json.statusCode, json.body).toBe(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    const { events, ...summary } = json.json() as { events: unknown[] } & Record<string, unknown>;
    expect(summary).toEqual(asJson.summary);
    expect(events).toEqual(JSON.parse(asJson.file));
    expect(events.length).toBeGreaterThan(100);

    const csv = await simulate({ file: FILE }, { accept: 'text/csv' });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="klynge-1-2019-what-if.csv"');
    expect(csv.body).toBe(asCsv.file);
    // A client that takes anything, or prefers JSON, gets JSON.
    expect((await simulate({ file: FILE }, { accept: '*/*' })).headers['content-type']).toMatch(/^application\/json/);
    expect((await simulate({ file: FILE }, { accept: 'text/csv;q=0.5, application/json' })).headers['content-type']).toMatch(
      /^application\/json/,
    );
  });

  it('takes the file itself and every option as the CLI does (months, hires, no selection), the format from the body', async () => {
    const options = ['--months', '14', '--hire-every', '2', '--no-selection'];
    const [asJson, asCsv] = [await cli(dir, 'scenario.json', options), await cli(dir, 'scenario.csv', options)];
    const yaml = readFileSync(join(ROOT, 'cohorts', FILE), 'utf8');
    const body = { yaml, months: 14, hireEvery: 2, selectCompanies: false };

    const json = await simulate({ ...body, format: 'json' }, { accept: 'text/csv' });
    expect(json.statusCode, json.body).toBe(200);
    const { events, ...summary } = json.json() as { events: unknown[] } & Record<string, unknown>;
    expect(summary).toEqual(asJson.summary);
    expect(events).toEqual(JSON.parse(asJson.file));
    // Each option changed the run: fewer months, outcomes recorded, no company selected.
    const defaults = (await simulate({ yaml })).json() as {
      until: string;
      byKind: Record<string, number>;
      mailsByTemplate: Record<string, number>;
    };
    expect(summary.until).not.toBe(defaults.until);
    expect((summary.byKind as Record<string, number>).outcome).toBeGreaterThan(defaults.byKind.outcome!);
    expect((summary.mailsByTemplate as Record<string, number>)['company-selected']).toBeUndefined();
    expect(defaults.mailsByTemplate['company-selected']).toBeGreaterThan(0);

    const csv = await simulate({ ...body, format: 'csv' });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.body).toBe(asCsv.file);
  });

  it('refuses bad input naming the field, and a coordinator of another programme (audited)', async () => {
    const months = await simulate({ file: FILE, months: 0 });
    expect(months.statusCode).toBe(400);
    expect(months.json()).toMatchObject({ field: 'body.months' });
    const both = await simulate({ file: FILE, yaml: 'id: x' });
    expect(both.statusCode).toBe(400);
    expect(both.json()).toMatchObject({ field: 'body.file' });
    const unknown = await simulate({ file: 'no-such-cohort.yaml' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ field: 'body.file', message: expect.stringContaining('no cohort file') });
    const invalid = await simulate({ yaml: 'id: klynge-x\nyear: 2019\n' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({
      field: 'body.yaml',
      issues: expect.arrayContaining([expect.objectContaining({ path: expect.any(String) })]),
    });
    const format = await simulate({ file: FILE, format: 'xlsx' });
    expect(format.statusCode).toBe(400);
    expect(format.json()).toMatchObject({ field: 'body.format' });

    const other = await simulate({ file: FILE }, {}, token('coordinator', { programmeIds: ['another-programme'] }));
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ message: expect.stringContaining(PROGRAMME) });
    const staff = await simulate({ file: FILE }, {}, token('staff', { staffMemberId: 'staff-1' }));
    expect(staff.statusCode).toBe(403);
    const audit = await database.db.auditLog.findMany({ where: { allowed: false } });
    expect(audit.map((r) => r.role).sort()).toEqual(['coordinator', 'staff']);
    // An operator may run it too; nothing else was written.
    expect((await simulate({ file: FILE }, {}, token('operator', {}))).statusCode).toBe(200);
    expect(await database.db.auditLog.count({ where: { allowed: true } })).toBe(0);
    expect(await database.db.cohort.count()).toBe(0);
  });
});
