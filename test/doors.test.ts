// The people who do the work and the steps they take, through the doors a user has: the CLI as typed
// (`node bin/dobbeltspor.js …` as a subprocess) and the HTTP API with real bearer tokens, against this
// file's time-skipping server, its PostgreSQL and a worker with the real activities. The example
// cohort is started from its file; staff are registered, participants placed, follow-ups answered
// and companies withdrawn without a line of SQL.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, verifyToken, type Principal } from '../client/api/auth.js';
import { createApi } from '../client/api/create-api.js';
// @ts-expect-error the console is plain browser JavaScript, without types
import { ACTIONS } from '../client/console/actions.js';
import type { TrackSummary } from '../contracts/index.js';
import { localDateAt, mondayOf } from '../domain/calendar.js';
import { testApiConfig } from './support/api.js';
import { cliEnv, runCli, type CliRun } from './support/cli.js';
import { createHarness, TEST_CONFIG, type Harness } from './support/temporal.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const COHORT = 'klynge-1-2019';
const PROGRAMME = 'growth-partnership-2019';
/** The example file's participants: Anna in Aalborg (ea-aalborg), Bo in Kolding (ea-kolding). */
const AALBORG = `${COHORT}-deltager-aalborg-1`;
const KOLDING = `${COHORT}-deltager-kolding-1`;

describe('doors for the people who do the work and the steps they take', () => {
  let h: Harness;
  let app: FastifyInstance;
  let env: NodeJS.ProcessEnv;
  let year: number;
  const ids: Record<string, string> = {};

  const cli = (...args: string[]) => runCli(env, args);
  const json = <T = Record<string, unknown>>(r: CliRun): T => JSON.parse(r.stdout) as T;
  const token = (role: Principal['role'], scope: Principal['scope'], sub = `${role}@example.dk`) =>
    issueToken(TEST_CONFIG.LINK_SECRET, { sub, role, scope }, 3600);
  const coordinator = () => token('coordinator', { programmeIds: [PROGRAMME] }, 'koordinator@dobbeltspor.example.dk');
  const call = (method: 'GET' | 'POST', url: string, bearer: string, payload?: object) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${bearer}` }, ...(payload ? { payload } : {}) });
  const today = async () => localDateAt(Number(await h.env.currentTimeMs()));

  beforeAll(async () => {
    h = await createHarness();
    await h.startWorker();
    // The API judges "today" by the test server's clock, as the workflows do.
    app = await createApi({
      client: h.env.client,
      db: h.db,
      config: testApiConfig(h),
      now: async () => Number(await h.env.currentTimeMs()),
    });
    year = Number((await today()).slice(0, 4)) + 1;
    env = cliEnv(h);
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  it('staff registered through the CLI; a participant placed at an accelerator company with that support person, a mentor assigned, a topic ticked', async () => {
    const started = await cli('--json', 'cohort', 'start', 'cohorts/klynge-1-2019.yaml', '--year', String(year));
    expect(started.code, started.stderr).toBe(0);

    const support = await cli(
      '--json',
      'staff',
      'add',
      '--cohort',
      COHORT,
      '--municipality',
      '851',
      '--name',
      'Sofie Støtte',
      '--email',
      'sofie@beskaeftigelse-aalborg.example.dk',
      '--role',
      'support-person',
    );
    expect(support.code, support.stderr).toBe(0);
    expect(json(support)).toMatchObject({ role: 'SUPPORT_PERSON', employmentActorId: 'ea-aalborg', active: true, name: 'Sofie Støtte' });
    ids.support = json<{ id: string }>(support).id;
    const mentor = await cli(
      '--json',
      'staff',
      'add',
      '--actor',
      'ea-aalborg',
      '--name',
      'Mikkel Mentor',
      '--email',
      'mikkel@beskaeftigelse-aalborg.example.dk',
      '--role',
      'MENTOR',
    );
    expect(mentor.code, mentor.stderr).toBe(0);
    ids.mentor = json<{ id: string }>(mentor).id;

    // Refusals name the field and write nothing.
    const before = await h.db.staffMember.count();
    const duplicate = await cli(
      '--json',
      'staff',
      'add',
      '--actor',
      'ea-aalborg',
      '--name',
      'Sofie S.',
      '--email',
      'SOFIE@beskaeftigelse-aalborg.example.dk',
      '--role',
      'staff',
    );
    expect(duplicate.code).toBe(5);
    expect(json(duplicate)).toMatchObject({
      error: { code: 'DUPLICATE_STAFF', field: 'email', message: expect.stringContaining(ids.support) },
    });
    const badAddress = await cli(
      '--json',
      'staff',
      'add',
      '--actor',
      'ea-aalborg',
      '--name',
      'X',
      '--email',
      'not-an-address',
      '--role',
      'mentor',
    );
    expect(badAddress.code).toBe(3);
    expect(json(badAddress)).toMatchObject({ error: { field: 'email' } });
    const noActor = await cli(
      '--json',
      'staff',
      'add',
      '--actor',
      'ea-nowhere',
      '--name',
      'X',
      '--email',
      'x@example.dk',
      '--role',
      'mentor',
    );
    expect(noActor.code).toBe(4);
    expect(json(noActor)).toMatchObject({ error: { field: 'employmentActorId' } });
    const noPartnership = await cli(
      '--json',
      'staff',
      'add',
      '--cohort',
      COHORT,
      '--municipality',
      '999',
      '--name',
      'X',
      '--email',
      'x@example.dk',
      '--role',
      'mentor',
    );
    expect(noPartnership.code).toBe(4);
    expect(json(noPartnership)).toMatchObject({ error: { field: 'municipalityCode' } });
    expect((await cli('staff', 'add', '--actor', 'ea-aalborg', '--name', 'X', '--email', 'x@example.dk', '--role', 'buddy')).code).toBe(2);
    expect(await h.db.staffMember.count()).toBe(before);

    const list = await cli('staff', 'list', '--actor', 'ea-aalborg');
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(
      new RegExp(`${ids.support}\\s+SUPPORT_PERSON\\s+Sofie Støtte\\s+sofie@beskaeftigelse-aalborg\\.example\\.dk\\s+active`),
    );
    expect(list.stdout).toContain('Mikkel Mentor');

    // An accelerator company needs the support person: registered above, named here.
    const unsupported = await cli('--json', 'place', 'participant', AALBORG, '--company', '90000004');
    expect(unsupported.code).toBe(5);
    expect(json(unsupported)).toMatchObject({ error: { field: 'supportPersonId' } });
    const placed = await cli('--json', 'place', 'participant', AALBORG, '--company', '90000004', '--support-person', ids.support);
    expect(placed.code, placed.stderr).toBe(0);
    expect(json<TrackSummary>(placed).placement).toMatchObject({ role: 'ACCELERATOR', supportPersonId: ids.support });

    const assigned = await cli('--json', 'assign', 'mentor', AALBORG, '--staff', ids.mentor);
    expect(assigned.code, assigned.stderr).toBe(0);
    expect(json<TrackSummary>(assigned).mentorStaffId).toBe(ids.mentor);
    expect(
      (await h.db.assignment.findMany({ where: { participantTrackId: AALBORG, endedAt: null }, orderBy: { role: 'asc' } })).map((a) => [
        a.role,
        a.staffMemberId,
      ]),
    ).toEqual([
      ['MENTOR', ids.mentor],
      ['SUPPORT_PERSON', ids.support],
    ]);

    // A deactivated mentor is kept in the lists with --all and can be given no new participant.
    const leaving = json<{ id: string }>(
      await cli(
        '--json',
        'staff',
        'add',
        '--actor',
        'ea-aalborg',
        '--name',
        'Lars Lærling',
        '--email',
        'lars@beskaeftigelse-aalborg.example.dk',
        '--role',
        'mentor',
      ),
    );
    const deactivated = await cli('--json', 'staff', 'deactivate', leaving.id);
    expect(deactivated.code, deactivated.stderr).toBe(0);
    expect(json(deactivated)).toMatchObject({ id: leaving.id, active: false });
    expect((await cli('staff', 'deactivate', leaving.id)).code).toBe(5);
    const toDeactivated = await cli('--json', 'assign', 'mentor', AALBORG, '--staff', leaving.id);
    expect(toDeactivated.code).toBe(5);
    expect(json(toDeactivated)).toMatchObject({ error: { field: 'staffMemberId', message: expect.stringContaining('deactivated') } });
    expect(json<Array<{ id: string }>>(await cli('--json', 'staff', 'list', '--actor', 'ea-aalborg')).map((s) => s.id)).not.toContain(
      leaving.id,
    );
    expect(
      json<Array<{ id: string; active: boolean }>>(await cli('--json', 'staff', 'list', '--actor', 'ea-aalborg', '--all')),
    ).toContainEqual(expect.objectContaining({ id: leaving.id, active: false }));
    // A mentor of another employment actor is no mentor here.
    const kolding = json<{ id: string }>(
      await cli(
        '--json',
        'staff',
        'add',
        '--actor',
        'ea-kolding',
        '--name',
        'Karl Konsulent',
        '--email',
        'karl@indslusning-kolding.example.dk',
        '--role',
        'mentor',
      ),
    );
    ids.kolding = kolding.id;
    expect((await cli('assign', 'mentor', AALBORG, '--staff', kolding.id)).code).toBe(5);

    const ticked = await cli('--json', 'tick', 'topic', AALBORG, 'Mødepligt og ansvarlighed');
    expect(ticked.code, ticked.stderr).toBe(0);
    expect(json<TrackSummary>(ticked).trainingTopics).toContainEqual({ topic: 'Mødepligt og ansvarlighed', done: true });
    const unknownTopic = await cli('--json', 'tick', 'topic', AALBORG, 'Jonglering');
    expect(unknownTopic.code).toBe(5);
    expect(json(unknownTopic)).toMatchObject({ error: { field: 'topic' } });
    // Each command is a process of its own (as typed): on a loaded machine a run of them takes minutes.
  }, 600_000);

  it("a staff token acts on its own employment actor's tracks only: attendance, employer contact, topics; refused the coordinator's steps", async () => {
    // Registered through the API by the programme's coordinator; refused to others.
    const karl = ids.kolding!;
    const registered = await call('POST', '/api/employment-actors/ea-kolding/staff', coordinator(), {
      name: 'Kia Koordinator',
      email: 'kia@indslusning-kolding.example.dk',
      role: 'COORDINATOR',
    });
    expect(registered.statusCode, registered.body).toBe(201);
    expect(registered.json()).toMatchObject({ role: 'COORDINATOR', employmentActorId: 'ea-kolding', active: true });
    const twice = await call('POST', '/api/employment-actors/ea-kolding/staff', coordinator(), {
      name: 'Kia K.',
      email: 'kia@indslusning-kolding.example.dk',
      role: 'STAFF',
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ error: 'DUPLICATE_STAFF', field: 'email' });
    const otherProgramme = await call(
      'POST',
      '/api/employment-actors/ea-kolding/staff',
      token('coordinator', { programmeIds: ['business-training'] }),
      { name: 'X', email: 'x@example.dk', role: 'STAFF' },
    );
    expect(otherProgramme.statusCode).toBe(403);
    expect(await h.db.auditLog.count({ where: { action: 'register staff', allowed: false, entityId: 'ea-kolding' } })).toBe(1);
    expect(
      (
        await call('POST', '/api/employment-actors/ea-kolding/staff', token('operator', {}), {
          name: 'X',
          email: 'x@example.dk',
          role: 'STAFF',
        })
      ).statusCode,
    ).toBe(403);

    // A staff member's token, minted as an administrator mints it.
    const mint = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'scripts/issue-token.ts', ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, LINK_SECRET: TEST_CONFIG.LINK_SECRET },
      });
    const minted = mint('--role', 'staff', '--sub', 'sofie@beskaeftigelse-aalborg.example.dk', '--staff', ids.support!, '--days', '1');
    expect(minted.status, minted.stderr).toBe(0);
    const sofie = minted.stdout.trim();
    expect(verifyToken(TEST_CONFIG.LINK_SECRET, sofie)).toEqual({
      sub: 'sofie@beskaeftigelse-aalborg.example.dk',
      role: 'staff',
      scope: { staffMemberId: ids.support },
    });
    const unnamed = mint('--role', 'staff', '--sub', 'sofie@beskaeftigelse-aalborg.example.dk');
    expect(unnamed.status).toBe(2);
    expect(unnamed.stderr).toContain('--staff <staffId>');
    const karlToken = token('staff', { staffMemberId: karl }, 'karl@indslusning-kolding.example.dk');
    const own = await call('GET', '/api/employment-actors/ea-aalborg/staff', sofie);
    expect(own.statusCode, own.body).toBe(200);
    expect((own.json() as Array<{ id: string }>).map((s) => s.id)).toEqual(expect.arrayContaining([ids.support, ids.mentor]));
    expect((await call('GET', '/api/employment-actors/ea-kolding/staff', sofie)).statusCode).toBe(403);

    // The tracks begin on the cohort's start.
    const startsOn = localDateAt((await h.db.participantTrack.findUniqueOrThrow({ where: { id: AALBORG } })).startedOn.getTime());
    await h.sleepUntilDate(startsOn);
    await expect
      .poll(async () => (await h.db.participantTrack.findUniqueOrThrow({ where: { id: AALBORG } })).phase, { timeout: 30_000 })
      .toBe('WORK_READINESS');
    const week = mondayOf(startsOn);

    const attendance = await call('POST', `/api/tracks/participant/${AALBORG}/attendance`, sofie, { weekStart: week, hours: 10 });
    expect(attendance.statusCode, attendance.body).toBe(200);
    expect(await h.db.attendance.findFirst({ where: { participantTrackId: AALBORG } })).toMatchObject({
      present: true,
      recordedBy: 'sofie@beskaeftigelse-aalborg.example.dk',
    });
    const foreign = await call('POST', `/api/tracks/participant/${AALBORG}/attendance`, karlToken, { weekStart: week, hours: 0 });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().message).toContain('not for the partnership of track');
    expect(await h.db.auditLog.count({ where: { actor: 'karl@indslusning-kolding.example.dk', allowed: false, entityId: AALBORG } })).toBe(
      1,
    );
    expect(Number((await h.db.attendance.findFirstOrThrow({ where: { participantTrackId: AALBORG } })).hours)).toBe(10);
    expect((await call('POST', `/api/tracks/participant/${KOLDING}/attendance`, karlToken, { weekStart: week, hours: 8 })).statusCode).toBe(
      200,
    );

    const contact = await call('POST', `/api/tracks/participant/${AALBORG}/employer-contact`, sofie, { on: startsOn });
    expect(contact.statusCode, contact.body).toBe(200);
    expect(contact.json()).toMatchObject({ employerContactOn: startsOn });
    const topic = await call('POST', `/api/tracks/participant/${AALBORG}/topics`, sofie, { topic: 'Motivation og egne styrker' });
    expect(topic.statusCode, topic.body).toBe(200);
    expect(topic.json().trainingTopics).toContainEqual({ topic: 'Motivation og egne styrker', done: true });
    expect(
      (await call('POST', `/api/tracks/participant/${AALBORG}/topics`, karlToken, { topic: 'Motivation og egne styrker', done: false }))
        .statusCode,
    ).toBe(403);

    // The coordinator's steps are not a staff member's.
    const mentor = await call('POST', `/api/tracks/participant/${AALBORG}/mentor`, sofie, { staffMemberId: ids.mentor });
    expect(mentor.statusCode).toBe(403);
    expect(mentor.json().message).toBe('a staff may not assign mentors');
    expect(
      (
        await call('POST', `/api/tracks/participant/${AALBORG}/outcome`, sofie, {
          kind: 'ORDINARY_JOB',
          occurredOn: startsOn,
          evidenceRef: 'x',
        })
      ).statusCode,
    ).toBe(403);

    // Deactivated, a staff member's token stops working.
    const off = await call('POST', `/api/staff/${karl}/deactivate`, coordinator());
    expect(off.statusCode, off.body).toBe(200);
    const afterwards = await call('POST', `/api/tracks/participant/${KOLDING}/attendance`, karlToken, { weekStart: week, hours: 9 });
    expect(afterwards.statusCode).toBe(403);
    expect(afterwards.json().message).toContain('deactivated');
    expect((await call('POST', `/api/staff/${karl}/deactivate`, coordinator())).statusCode).toBe(409);
  }, 300_000);

  it('retention follow-ups answered by the support person through the API and by the coordinator through the CLI; the 13-week answer is priced', async () => {
    const sofie = token('staff', { staffMemberId: ids.support! }, 'sofie@beskaeftigelse-aalborg.example.dk');
    const hiredOn = await today();
    const hired = await cli(
      '--json',
      'record',
      'outcome',
      AALBORG,
      '--kind',
      'ordinary-job',
      '--on',
      hiredOn,
      '--evidence',
      'ansættelseskontrakt 2028-17',
    );
    expect(hired.code, hired.stderr).toBe(0);
    const retention = json<TrackSummary>(hired).retention;
    expect(retention.map((r) => r.weeks)).toEqual([4, 13, 26]);

    const early = await call('POST', `/api/tracks/participant/${AALBORG}/retention`, sofie, {
      weeks: 4,
      stillEmployed: true,
      evidenceRef: 'for tidligt',
    });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ field: 'weeks' });
    expect(await h.db.freeText.count({ where: { text: 'for tidligt' } })).toBe(0);

    await h.sleepUntilDate(retention[0]!.on);
    await expect
      .poll(
        async () =>
          (
            (await h.db.participantTrack.findUniqueOrThrow({ where: { id: AALBORG } })).summary as unknown as TrackSummary
          ).pendingTasks.some((t) => t.id === 'retention:4'),
        { timeout: 30_000 },
      )
      .toBe(false);
    const four = await call('POST', `/api/tracks/participant/${AALBORG}/retention`, sofie, {
      weeks: 4,
      stillEmployed: true,
      evidenceRef: 'Lønseddel fra Café Limfjorden',
    });
    expect(four.statusCode, four.body).toBe(200);
    expect((four.json() as TrackSummary).retention[0]).toMatchObject({ weeks: 4, answer: 'EMPLOYED' });
    // The evidence is free text: in FreeText, with its id in the message; not in the audit log.
    expect(await h.db.freeText.findFirst({ where: { text: 'Lønseddel fra Café Limfjorden' } })).toMatchObject({
      kind: 'outcome-evidence',
      entity: 'ParticipantTrack',
      entityId: AALBORG,
    });
    const audit = await h.db.auditLog.findFirstOrThrow({
      where: { action: 'POST /api/tracks/participant/:trackId/retention', allowed: true },
    });
    expect(audit).toMatchObject({
      actor: 'sofie@beskaeftigelse-aalborg.example.dk',
      role: 'staff',
      details: { weeks: 4, stillEmployed: true },
    });
    expect(JSON.stringify(audit.details)).not.toContain('Lønseddel');

    await h.sleepUntilDate(retention[1]!.on);
    await expect
      .poll(
        async () =>
          (
            (await h.db.participantTrack.findUniqueOrThrow({ where: { id: AALBORG } })).summary as unknown as TrackSummary
          ).pendingTasks.some((t) => t.id === 'retention:13'),
        { timeout: 30_000 },
      )
      .toBe(false);
    const neither = await cli('--json', 'answer', 'retention', AALBORG, '--weeks', '13', '--evidence', 'opkald');
    expect(neither.code).toBe(3);
    expect(json(neither)).toMatchObject({ error: { field: 'stillEmployed' } });
    const thirteen = await cli('--json', 'answer', 'retention', AALBORG, '--weeks', '13', '--employed', '--evidence', 'Lønseddel marts');
    expect(thirteen.code, thirteen.stderr).toBe(0);
    expect(json<TrackSummary>(thirteen).outcomes).toContainEqual(
      expect.objectContaining({ kind: 'RETENTION', retentionWeeks: 13, amountOre: '1500000' }),
    );
    const ledger = await h.db.ledgerEntry.findMany({ where: { outcome: { participantTrackId: AALBORG } }, orderBy: { id: 'asc' } });
    expect(ledger.map((e) => [e.rateCardLine, e.amountOre])).toEqual([
      ['ordinary-job', 4_000_000n],
      ['retention-13', 1_500_000n],
    ]);
    const again = await cli('--json', 'answer', 'retention', AALBORG, '--weeks', '13', '--not-employed', '--evidence', 'opkald');
    expect(again.code).toBe(5);
    expect(json(again)).toMatchObject({ error: { field: 'weeks', message: expect.stringContaining('answered already') } });
    expect(await h.db.ledgerEntry.count({ where: { outcome: { participantTrackId: AALBORG } } })).toBe(2);
  }, 300_000);

  it('a company withdrawn through the CLI and through the API; its track ends WITHDRAWN', async () => {
    const byCli = await cli('--json', 'withdraw', 'company', COHORT, '90000373', '--reason', 'Virksomheden er solgt');
    expect(byCli.code, byCli.stderr).toBe(0);
    expect(json(byCli)).toMatchObject({ cohortId: COHORT, cvr: '90000373', withdrawn: true });
    const track = () => h.db.companyTrack.findFirstOrThrow({ where: { cohortId: COHORT, company: { cvr: '90000373' } } });
    await expect.poll(async () => (await track()).phase, { timeout: 30_000 }).toBe('WITHDRAWN');
    expect(await h.db.freeText.findFirst({ where: { kind: 'withdrawal-reason', entityId: (await track()).id } })).toMatchObject({
      text: 'Virksomheden er solgt',
    });
    const twice = await cli('--json', 'withdraw', 'company', COHORT, '90000373', '--reason', 'igen');
    expect(twice.code).toBe(5);
    expect(json(twice)).toMatchObject({ error: { code: 'INVALID_STATE', field: 'cvr' } });
    expect((await cli('withdraw', 'company', COHORT, '99999999', '--reason', 'ukendt')).code).toBe(4);

    const foreign = await call('POST', '/api/companies/90001116/withdraw', token('coordinator', { programmeIds: ['business-training'] }), {
      cohortId: COHORT,
      reason: 'ikke min',
    });
    expect(foreign.statusCode).toBe(403);
    expect(
      (
        await call('POST', '/api/companies/90001116/withdraw', token('staff', { staffMemberId: ids.support! }), {
          cohortId: COHORT,
          reason: 'ikke min',
        })
      ).statusCode,
    ).toBe(403);
    const byApi = await call('POST', '/api/companies/90001116/withdraw', coordinator(), {
      cohortId: COHORT,
      reason: 'Ejeren går på pension',
    });
    expect(byApi.statusCode, byApi.body).toBe(200);
    await expect
      .poll(async () => (await h.db.companyTrack.findFirstOrThrow({ where: { cohortId: COHORT, company: { cvr: '90001116' } } })).phase, {
        timeout: 30_000,
      })
      .toBe('WITHDRAWN');
    const audit = await h.db.auditLog.findFirstOrThrow({ where: { action: 'POST /api/companies/:cvr/withdraw', allowed: true } });
    expect(JSON.stringify(audit.details)).not.toContain('pension');
  }, 300_000);
});

// The console is a door too: every action a coordinator or an operator may take through the API is
// offered there, by its route (an entry of client/console/actions.js, or a page's own call naming the
// route's path), to a role the route lets take it, on a page that shows it.
describe('the console offers every action of coordinators and operators', () => {
  const CONSOLE = join(ROOT, 'client/console');
  const sources = readdirSync(CONSOLE)
    .filter((f) => f.endsWith('.js'))
    .map((f) => ({ file: f, text: readFileSync(join(CONSOLE, f), 'utf8') }));
  type ConsoleAction = { route: string; roles: string[] };
  const catalogue = ACTIONS as Record<string, ConsoleAction[]>;

  it('has a console action for each route a coordinator or an operator may call to change something', async () => {
    const api = await createApi({
      client: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }),
      db: {} as never,
      config: {
        LINK_SECRET: TEST_CONFIG.LINK_SECRET,
        PUBLIC_BASE_URL: TEST_CONFIG.PUBLIC_BASE_URL,
        TEMPORAL_UI_URL: 'http://127.0.0.1:8233',
        TEMPORAL_NAMESPACE: 'default',
        TASK_QUEUE: 'doors',
      },
    });
    try {
      await api.ready();
      const routes = api.registeredRoutes.filter(
        (r) => !r.public && r.method !== 'GET' && r.roles.some((role) => role === 'coordinator' || role === 'operator'),
      );
      expect(routes.length).toBeGreaterThanOrEqual(30);
      const offered = (method: string, url: string) =>
        sources.some(({ text }) => text.includes(`'${method} ${url}'`) || text.includes(`pathOf('${url}'`));
      expect(routes.filter((r) => !offered(r.method, r.url)).map((r) => `${r.method} ${r.url}`)).toEqual([]);

      // Each catalogue entry names a route that exists, for roles it serves.
      for (const [where, actions] of Object.entries(catalogue)) {
        for (const a of actions) {
          const route = api.registeredRoutes.find((r) => `${r.method} ${r.url}` === a.route);
          expect(route, `${where}: ${a.route}`).toBeDefined();
          expect(
            a.roles.filter((role) => !route!.roles.includes(role)),
            `${a.route} offered to roles it refuses`,
          ).toEqual([]);
        }
        // And a page shows that group.
        expect(
          sources.some(({ text }) => new RegExp(`renderActions\\([^{]*'${where}'`).test(text)),
          `no page renders the ${where} actions`,
        ).toBe(true);
      }
    } finally {
      await api.close();
    }
  });
});
