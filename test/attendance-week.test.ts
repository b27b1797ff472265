// A week's attendance for many participants through the doors staff use: the HTTP API (as a staff
// member, in bulk) and the CLI (a CSV file), on Business Training's plan of 37 hours a week, with the
// week against the plan in the answer and the summary, and an under-activated week escalated.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../client/api/auth.js';
import { addDays, addWeeks, mondayOf, type LocalDate } from '../domain/calendar.js';
import { programmeSchema } from '../domain/programme.js';
import { enrolParticipant } from '../client/operations/enrolment.js';
import { participantSummary } from '../client/operations/participants.js';
import type { OperationContext } from '../client/operations/context.js';
import { ADDRESSES, operationContext, seedWorld, type World } from './support/participant-world.js';
import { testApiConfig } from './support/api.js';
import { createApi } from '../client/api/create-api.js';
import { createHarness, TEST_CONFIG, type Harness } from './support/temporal.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/dobbeltspor.js');
const BUSINESS_TRAINING = programmeSchema.parse(parse(readFileSync(join(ROOT, 'programmes/business-training.yaml'), 'utf8')));

describe("a week's attendance in bulk, against the plan", () => {
  let h: Harness;
  let app: FastifyInstance;
  let ctx: OperationContext;
  let world: World;
  let dir: string;
  const tracks: string[] = [];
  let firstWeek: LocalDate;

  beforeAll(async () => {
    h = await createHarness();
    await h.startWorker();
    // The API's today is the test server's, as the workflows' is.
    app = await createApi({
      client: h.env.client,
      db: h.db,
      config: testApiConfig(h),
      now: async () => Number(await h.env.currentTimeMs()),
    });
    ctx = operationContext(h.env.client, h.db, h.taskQueue, () => h.env.currentTimeMs());
    world = await seedWorld(h.db, BUSINESS_TRAINING);
    dir = await mkdtemp(join(tmpdir(), 'dobbeltspor-week-'));
    // Three participants started this Monday (the CLI, a process of its own, takes today from the wall clock).
    firstWeek = mondayOf(await h.today());
    for (let i = 0; i < 3; i++) {
      const { trackId } = await enrolParticipant(ctx, {
        participantId: await world.participant(),
        cohortId: world.cohortId,
        partnershipId: world.partnershipId,
        startsOn: firstWeek,
      });
      tracks.push(trackId);
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await app?.close();
    await h?.close();
  });

  const staff = () =>
    issueToken(TEST_CONFIG.LINK_SECRET, { sub: 'medarbejder', role: 'staff', scope: { staffMemberId: world.staff.staff } }, 3600);
  const post = (weekStart: string, payload: object) =>
    app.inject({ method: 'POST', url: `/api/attendance-weeks/${weekStart}`, headers: { authorization: `Bearer ${staff()}` }, payload });
  const recorded = () => h.db.attendance.count({ where: { participantTrackId: { in: tracks } } });
  const noon = (date: LocalDate) => h.sleepUntil(Date.parse(`${date}T11:00:00Z`));

  it('records the week for every listed track through the API, refuses a bad list whole, and escalates an under-activated week', async () => {
    const [a, b, c] = tracks as [string, string, string];
    // A list naming an unknown track, or one track twice, records nothing.
    const unknown = await post(firstWeek, {
      entries: [
        { trackId: a, hours: 37 },
        { trackId: 'cm9ukendt', hours: 10 },
      ],
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ field: 'entries[1].trackId' });
    const twice = await post(firstWeek, {
      entries: [
        { trackId: a, hours: 37 },
        { trackId: a, hours: 30 },
      ],
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json()).toMatchObject({ field: 'entries[1].trackId' });
    const ahead = await post(addWeeks(firstWeek, 1), { entries: [{ trackId: a, hours: 37 }] });
    expect(ahead.statusCode).toBe(400);
    expect(ahead.json()).toMatchObject({ field: 'weekStart' });
    expect(await recorded()).toBe(0);

    const week = await post(firstWeek, {
      entries: [
        { trackId: a, hours: 37 },
        { trackId: b, hours: 12 },
        { trackId: c, hours: 0, present: false },
      ],
    });
    expect(week.statusCode).toBe(200);
    expect(week.json()).toMatchObject({
      weekStart: firstWeek,
      recorded: [
        { trackId: a, hours: 37, present: true, attendancePlan: { hoursPerWeek: 37 } },
        { trackId: b, hours: 12, present: true },
        { trackId: c, hours: 0, present: false },
      ],
      refused: [],
    });
    expect(await recorded()).toBe(3);
    const rows = await h.db.attendance.findMany({ where: { participantTrackId: b } });
    expect(rows).toMatchObject([{ recordedBy: 'medarbejder', present: true }]);
    expect(rows[0]!.hours.toNumber()).toBe(12);

    // After the week's grace: a at the plan, b under-activated, c absent; Business Training escalates after one week.
    await noon(addDays(firstWeek, 10));
    const plan = async (trackId: string) => (await participantSummary(ctx, trackId)).attendancePlan;
    await expect.poll(async () => (await plan(b))?.lastCheckedWeek?.status, { timeout: 30_000 }).toBe('UNDER_ACTIVATED');
    expect(await plan(a)).toMatchObject({ flagged: false, lastCheckedWeek: { plannedHours: 37, hours: 37, status: 'AS_PLANNED' } });
    expect(await plan(b)).toMatchObject({ flagged: true, escalated: true, lastCheckedWeek: { plannedHours: 37, hours: 12 } });
    expect(await plan(c)).toMatchObject({ flagged: true, lastCheckedWeek: { status: 'ABSENT' } });
    await h.mail.waitFor(() => h.mail.to(ADDRESSES.coordinator).filter((m) => m.parsed.subject?.startsWith('Gentaget fravær')).length >= 2);
    const underActivated = h.mail
      .to(ADDRESSES.coordinator)
      .map((m) => m.parsed.text ?? '')
      .filter((t) => t.includes('12 af 37 planlagte timer'));
    expect(underActivated).toHaveLength(1);
    // The projection carries it for the console and the lists.
    await expect
      .poll(async () => (await h.db.participantTrack.findUniqueOrThrow({ where: { id: b } })).summary, { timeout: 30_000 })
      .toMatchObject({ attendancePlan: { flagged: true, lastCheckedWeek: { status: 'UNDER_ACTIVATED' } } });
    // The track's page in the console reads it with the timeline's weeks against the plan.
    const operator = issueToken(TEST_CONFIG.LINK_SECRET, { sub: 'drift', role: 'operator', scope: {} }, 3600);
    const detail = await app.inject({
      method: 'GET',
      url: `/api/tracks/participant/${b}`,
      headers: { authorization: `Bearer ${operator}` },
    });
    expect(detail.statusCode).toBe(200);
    const body = detail.json<{ summary: { attendancePlan: unknown }; events: Array<{ kind: string; title: string; status?: string }> }>();
    expect(body.summary.attendancePlan).toMatchObject({ hoursPerWeek: 37, flagged: true });
    expect(body.events.filter((e) => e.kind === 'attendance')).toEqual([
      expect.objectContaining({ title: `Week of ${firstWeek}: 12 h of 37 h planned`, status: 'UNDER_ACTIVATED' }),
    ]);
  });

  it('corrects the week from a CSV file through the CLI; a malformed file records nothing', async () => {
    const [a, b, c] = tracks as [string, string, string];
    const week = firstWeek;
    const file = join(dir, 'uge.csv');
    await writeFile(file, `trackId;hours\n${a};37\n${b};30,5\n${c};fravær\n`);
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
        execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env, timeout: 60_000 }, (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
        ),
      );
    const bad = join(dir, 'forkert.csv');
    await writeFile(bad, `${a};37\n${b};tretten\n`);
    const refusedFile = await cli('record', 'attendance-week', '--week', week, '--file', bad, '--json');
    expect(refusedFile.code).toBe(3);
    expect(refusedFile.stderr + refusedFile.stdout).toContain('line 2');

    const done = await cli('record', 'attendance-week', '--week', week, '--file', file, '--by', 'medarbejder', '--json');
    expect(done.stderr).toBe('');
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({
      weekStart: week,
      recorded: [
        { trackId: a, hours: 37, present: true },
        { trackId: b, hours: 30.5, present: true },
        { trackId: c, hours: 0, present: false },
      ],
      refused: [],
    });
    // The week's rows were corrected, not added.
    expect(await recorded()).toBe(3);
    const [row] = await h.db.attendance.findMany({ where: { participantTrackId: b } });
    expect(row!.hours.toNumber()).toBe(30.5);
  });
});
