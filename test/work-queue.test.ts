import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../client/api/auth.js';
import { createApi } from '../client/api/create-api.js';
import { projectParticipantTrack } from '../activities/participant/projection.js';
import type { TrackSummary } from '../contracts/participant-track.js';
import { addDays } from '../domain/calendar.js';
import { FIXTURE, participantTrackRow, seedConsoleFixture } from './support/console-fixtures.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

const TRACKS = 60;
const COMPANIES = 12;
const SECRET = 'work-queue-secret-for-signed-links-0123456789';
/** The day the queue judges by: some deadlines have come, the later ones not. */
const TODAY = '2026-11-20';
const COORDINATOR_KINDS = ['ATTENDANCE', 'RETENTION_ANSWER', 'PLACEMENT', 'OUTCOME', 'MENTOR', 'EMPLOYER_CONTACT'];
const STAFF_KINDS = ['ATTENDANCE', 'RETENTION_ANSWER', 'EMPLOYER_CONTACT'];

interface Task {
  id: string;
  kind: string;
  what: string;
  dueOn: string;
  overdue?: boolean;
}
interface Item {
  id: string;
  kind: string;
  dueOn: string;
  overdue: boolean;
  trackKind: string;
  trackId: string;
  cohortId: string | null;
  municipalityCode: string | null;
  weekStart?: string;
  reportId?: string;
}
interface Page {
  today: string;
  items: Item[];
  total: number;
  more: boolean;
  nextCursor: string | null;
}

/**
 * Track i's open tasks as its workflow would summarise them: one to three overdue attendance weeks on
 * every fifth track; pending the week's attendance on the next deadline, the mentor six days and the
 * first employer contact 22 days later, the phase end (no work-queue item) and the placement much later.
 * Track 10 also lists its first overdue week among the pending ones: the queue shows it once.
 */
function tasksOf(i: number): { overdue: Task[]; pendingTasks: Task[] } {
  const row = participantTrackRow(i);
  const overdue = Array.from({ length: row.overdueCount }, (_, g) => ({
    id: `attendance:${addDays('2026-10-05', 7 * (g + 1))}`,
    kind: 'ATTENDANCE',
    what: 'attendance for the week',
    dueOn: addDays('2026-10-05', 7 * (g + 1) + 8),
    overdue: true,
  }));
  const next = row.nextDeadlineOn?.toISOString().slice(0, 10);
  const pendingTasks: Task[] = next
    ? [
        { id: `attendance:${addDays(next, -8)}`, kind: 'ATTENDANCE', what: 'attendance for the week', dueOn: next },
        { id: 'mentor', kind: 'MENTOR', what: 'assign a mentor', dueOn: addDays(next, 6) },
        { id: 'employer-contact', kind: 'EMPLOYER_CONTACT', what: 'first employer contact (IPS)', dueOn: addDays(next, 22) },
        { id: 'phase-end:WORK_READINESS', kind: 'PHASE_END', what: 'work readiness ends', dueOn: addDays(next, 170) },
        { id: 'placement', kind: 'PLACEMENT', what: 'place the participant', dueOn: addDays(next, 170) },
      ]
    : [];
  if (i === 10) pendingTasks.push({ ...overdue[0]!, overdue: undefined });
  return { overdue, pendingTasks };
}

function summaryOf(i: number, change: Partial<TrackSummary> = {}): TrackSummary {
  const row = participantTrackRow(i);
  const { overdue, pendingTasks } = tasksOf(i);
  const startedOn = row.startedOn.toISOString().slice(0, 10);
  return {
    trackId: row.id,
    phase: row.phase,
    paused: row.paused,
    pauseReasons: [],
    startedOn,
    phaseStartedOn: startedOn,
    nextDeadline: pendingTasks[0] ? { on: pendingTasks[0].dueOn, what: pendingTasks[0].what } : undefined,
    pendingTasks,
    overdue,
    outcomes: [],
    retention: [],
    pausedDaysTotal: 0,
    version: 1,
    ...change,
  } as unknown as TrackSummary;
}

/** The items a caller should see, worked out from the summaries above rather than read back. */
function expectedItems(kinds: string[], inScope: (r: ReturnType<typeof participantTrackRow>) => boolean): Map<string, Item> {
  const items = new Map<string, Item>();
  for (let i = 0; i < TRACKS; i++) {
    const row = participantTrackRow(i);
    if (row.paused || !inScope(row)) continue;
    const { overdue, pendingTasks } = tasksOf(i);
    for (const t of [...overdue, ...pendingTasks]) {
      const id = `${row.id}:${t.id}`;
      if (items.has(id) || !kinds.includes(t.kind) || t.dueOn > TODAY) continue;
      items.set(id, {
        id,
        kind: t.kind,
        dueOn: t.dueOn,
        overdue: t.overdue === true || t.dueOn < TODAY,
        trackKind: 'participant',
        trackId: row.id,
        cohortId: row.cohortId,
        municipalityCode: row.municipalityCode,
      });
    }
  }
  return items;
}

describe('the work queue (GET /api/work-queue)', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let staffToken: string;
  const token = (role: string, scope: object = {}) =>
    `Bearer ${issueToken(SECRET, { sub: `${role}@dobbeltspor.dk`, role, scope } as never, 3600)}`;
  const coordinator = () => token('coordinator', { programmeIds: [FIXTURE.programmes.dual] });

  beforeAll(async () => {
    t = await createTestDatabase();
    await seedConsoleFixture(t.db, { linkSecret: SECRET, participantTracks: TRACKS, companyTracks: COMPANIES });
    // Through the projection the workflows call, which writes the work queue's rows of the tasks.
    for (let i = 0; i < TRACKS; i++) expect(await projectParticipantTrack(t.db, summaryOf(i))).toEqual({ written: true });
    // Two companies of the first cohort have reported a problem, one of them twice, one report acknowledged.
    await t.db.companyTrack.update({
      where: { id: 'ct-0001' },
      data: { summary: { problemReports: [{ reportId: '1', reportedOn: '2026-11-03', acknowledged: false, escalated: false }] } },
    });
    await t.db.companyTrack.update({
      where: { id: 'ct-0002' },
      data: {
        summary: {
          problemReports: [
            { reportId: '1', reportedOn: '2026-10-30', acknowledged: true, escalated: false },
            { reportId: '2', reportedOn: '2026-11-19', acknowledged: false, escalated: true },
          ],
        },
      },
    });
    const staff = await t.db.staffMember.create({
      data: { name: 'Karin Holm', email: 'karin@jobvejen.dk', role: 'STAFF', employmentActorId: 'ea-jobvejen' },
    });
    staffToken = token('staff', { staffMemberId: staff.id });
    app = await createApi({
      client: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }),
      db: t.db,
      now: () => Date.parse(`${TODAY}T12:00:00+01:00`),
      config: {
        LINK_SECRET: SECRET,
        PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
        TEMPORAL_UI_URL: 'http://127.0.0.1:8233',
        TEMPORAL_NAMESPACE: 'default',
        TASK_QUEUE: 'work-queue-test',
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const get = async (bearer: string, query: string): Promise<Page> => {
    const res = await app.inject({ method: 'GET', url: `/api/work-queue?${query}`, headers: { authorization: bearer } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Page;
  };
  /** Every page from the first by its cursor, checking each page's count and order on the way. */
  const walk = async (bearer: string, query: string, limit: number) => {
    const pages: Page[] = [];
    let after: string | null = null;
    do {
      const page = await get(bearer, [query, `limit=${limit}`, after && `after=${after}`].filter(Boolean).join('&'));
      pages.push(page);
      after = page.nextCursor;
      expect(page.more).toBe(after !== null);
      expect(page.items.length).toBe(after ? limit : page.items.length);
      expect(pages.length).toBeLessThan(100);
    } while (after);
    return pages;
  };

  it("pages a coordinator's queue oldest first with the total on every page, each item once", async () => {
    const expected = expectedItems(COORDINATOR_KINDS, (r) => r.cohortId !== FIXTURE.cohorts.training);
    expected.set('ct-0001:problem:1', {
      id: 'ct-0001:problem:1',
      kind: 'PROBLEM_REPORT',
      dueOn: '2026-11-03',
      overdue: true,
      trackKind: 'company',
      trackId: 'ct-0001',
      cohortId: FIXTURE.cohorts.first,
      municipalityCode: FIXTURE.municipalities[1]!.code,
      reportId: '1',
    });
    expected.set('ct-0002:problem:2', {
      id: 'ct-0002:problem:2',
      kind: 'PROBLEM_REPORT',
      dueOn: '2026-11-19',
      overdue: true,
      trackKind: 'company',
      trackId: 'ct-0002',
      cohortId: FIXTURE.cohorts.first,
      municipalityCode: FIXTURE.municipalities[2]!.code,
      reportId: '2',
    });
    expect(expected.size).toBeGreaterThan(30);

    const pages = await walk(coordinator(), '', 7);
    expect(pages.length).toBe(Math.ceil(expected.size / 7));
    for (const page of pages) {
      expect(page.today).toBe(TODAY);
      expect(page.total).toBe(expected.size);
    }
    const seen = pages.flatMap((p) => p.items);
    expect(seen.map((i) => i.id).sort()).toEqual([...expected.keys()].sort());
    for (const item of seen) expect(item).toMatchObject(expected.get(item.id)!);
    // Oldest first across the pages: no item due before one shown earlier.
    const days = seen.map((i) => i.dueOn);
    expect(days).toEqual([...days].sort());
    // The first page is the oldest items of all, not the first tracks' items.
    const oldest = [...expected.values()].map((i) => i.dueOn).sort();
    expect(pages[0]!.items.map((i) => i.dueOn)).toEqual(oldest.slice(0, 7));
    expect(seen.find((i) => i.kind === 'ATTENDANCE')!.weekStart).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Track 10 lists an overdue week among its pending tasks too: it is shown once, as overdue.
    expect(seen.filter((i) => i.id === 'pt-00010:attendance:2026-10-12')).toEqual([expect.objectContaining({ overdue: true })]);
  });

  it('narrows to a cohort and a municipality, and gives staff their employment actor’s kinds only', async () => {
    const narrowed = await walk(coordinator(), `cohort=${FIXTURE.cohorts.second}&municipality=851`, 5);
    const expected = expectedItems(COORDINATOR_KINDS, (r) => r.cohortId === FIXTURE.cohorts.second && r.municipalityCode === '851');
    expect(narrowed[0]!.total).toBe(expected.size);
    expect(
      narrowed
        .flatMap((p) => p.items)
        .map((i) => i.id)
        .sort(),
    ).toEqual([...expected.keys()].sort());

    const staff = await walk(staffToken, '', 50);
    const ofStaff = expectedItems(STAFF_KINDS, () => true);
    expect(staff[0]!.total).toBe(ofStaff.size);
    expect(
      staff
        .flatMap((p) => p.items)
        .map((i) => i.id)
        .sort(),
    ).toEqual([...ofStaff.keys()].sort());
  });

  it('gives operators the problem reports and the failed e-mails', async () => {
    const page = await get(token('operator'), 'limit=50');
    expect(page.items.map((i) => `${i.kind} ${i.trackId}`).sort()).toEqual([
      `EMAIL_FAILED ${FIXTURE.failedEmailId}`,
      'PROBLEM_REPORT ct-0001',
      'PROBLEM_REPORT ct-0002',
    ]);
    expect(page.total).toBe(page.items.length);
    expect(page.items.filter((i) => i.kind === 'PROBLEM_REPORT').map((i) => i.id)).toEqual(['ct-0001:problem:1', 'ct-0002:problem:2']);
    expect(page.items.filter((i) => i.kind === 'EMAIL_FAILED').map((i) => i.trackId)).toEqual([FIXTURE.failedEmailId]);
    const days = page.items.map((i) => i.dueOn);
    expect(days).toEqual([...days].sort());
  });

  it("follows the track's projection: a recorded week leaves the queue, a paused track's tasks all do", async () => {
    const before = await get(coordinator(), `cohort=${FIXTURE.cohorts.first}&limit=1000`);
    const track = participantTrackRow(0);
    const mine = before.items.filter((i) => i.trackId === track.id);
    expect(mine.length).toBeGreaterThan(1);
    const recorded = mine.find((i) => i.kind === 'ATTENDANCE')!;
    const { overdue, pendingTasks } = tasksOf(0);
    await projectParticipantTrack(
      t.db,
      summaryOf(0, {
        version: 2,
        overdue: overdue.filter((o) => `${track.id}:${o.id}` !== recorded.id) as never,
        pendingTasks: pendingTasks as never,
      }),
    );
    const after = await get(coordinator(), `cohort=${FIXTURE.cohorts.first}&limit=1000`);
    expect(after.total).toBe(before.total - 1);
    expect(after.items.map((i) => i.id)).not.toContain(recorded.id);

    await projectParticipantTrack(t.db, summaryOf(0, { version: 3, paused: true }));
    const paused = await get(coordinator(), `cohort=${FIXTURE.cohorts.first}&limit=1000`);
    expect(paused.total).toBe(after.total - (mine.length - 1));
    expect(paused.items.filter((i) => i.trackId === track.id)).toEqual([]);
  });

  it('refuses a cursor it did not hand out, naming the field', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/work-queue?after=not-a-cursor', headers: { authorization: coordinator() } });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('after');
  });
});
