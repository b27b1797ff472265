// The console as coordinators and operators use it, in headless Chromium against a cohort started
// from the shipped example file on a time-skipping server, with the real worker: a coordinator finds
// the camps on the calendar and moves one (and is told in words when the day is refused); an
// operator finds the overdue attendance in the work queue and records a partnership's week in one go;
// the paying municipality's caseworker approves and rejects the claims of priced outcomes there.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, type Principal } from '../client/api/auth.js';
import { addDays, localDateAt, weekday } from '../domain/calendar.js';
import { startConsoleOnShippedCohort, type ConsoleOnShippedCohort } from './support/console-on-shipped-cohort.js';
import { TEST_CONFIG, type Harness } from './support/temporal.js';

const COHORT = 'klynge-1-2019';
const PROGRAMME = 'growth-partnership-2019';
const shot = (name: string) => fileURLToPath(new URL(`../docs/${name}`, import.meta.url));

/** The day an instant falls on in Copenhagen, as an independent reader of the stored instant. */
const copenhagenDay = (d: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);

describe('console journeys in headless Chromium', () => {
  let run: ConsoleOnShippedCohort | undefined;
  let h: Harness;
  let app: FastifyInstance;
  let baseUrl: string;
  let page: Page;
  let dialogs: string[];

  const token = (role: Principal['role'], scope: Principal['scope'], sub: string) =>
    issueToken(TEST_CONFIG.LINK_SECRET, { sub, role, scope }, 3600);
  const coordinator = () => token('coordinator', { programmeIds: [PROGRAMME] }, 'koordinator@dobbeltspor.example.dk');
  const operator = () => token('operator', {}, 'driftsvagt@dobbeltspor.example.dk');

  beforeAll(async () => {
    run = await startConsoleOnShippedCohort(coordinator());
    ({ h, app, baseUrl, page, dialogs } = run);
  }, 300_000);
  afterAll(() => run?.close());

  it('a coordinator finds every camp on the calendar with its answers and moves one; a day that is no working day is refused in words', async () => {
    // The boot camp's invitations go out as the companies' workflows start: wait for every one.
    // Every company of the file (its `cvr:` lines), not the tracks started so far.
    const companies = (
      readFileSync(fileURLToPath(new URL('../cohorts/klynge-1-2019.yaml', import.meta.url)), 'utf8').match(/^\s*-?\s*cvr:/gm) ?? []
    ).length;
    const bootCamps = await h.db.camp.count({ where: { cohortId: COHORT, kind: 'BOOT_CAMP' } });
    await expect
      .poll(() => h.db.campInvitation.count({ where: { camp: { cohortId: COHORT, kind: 'BOOT_CAMP' } } }), { timeout: 60_000 })
      .toBe(companies * bootCamps);
    const camps = await h.db.camp.findMany({ where: { cohortId: COHORT }, include: { invitations: true }, orderBy: { startsAt: 'asc' } });
    expect(camps.length).toBeGreaterThan(1);
    await page.goto(`${baseUrl}/console/calendar.html?cohort=${COHORT}#token=${coordinator()}`);
    await expect.poll(() => page.getByTestId('camp').count(), { timeout: 20_000 }).toBe(camps.length);
    expect(await page.locator('html').getAttribute('lang')).toBe('da');
    // Nobody has answered yet: every camp ahead lists its companies.
    await expect.poll(() => page.getByTestId('not-answered-camp').count()).toBe(camps.filter((c) => c.invitations.length).length);

    const camp = camps.find((c) => c.kind === 'BOOT_CAMP')!;
    expect(camp.invitations.length).toBeGreaterThan(0);
    await page.locator(`[data-camp="${camp.id}"]`).click();
    await expect.poll(() => page.getByTestId('invitation').count()).toBe(camp.invitations.length);
    expect(await page.getByTestId('camp-counts').textContent()).toContain(`${camp.invitations.length} inviteret`);
    // The open camp is in the address: the link opens the same camp.
    expect(new URL(page.url()).searchParams.get('camp')).toBe(camp.id);
    const when = (await page.locator('#camp-facts').textContent()) ?? '';
    expect(when).toMatch(/\d{2}\.\d{2} (CET|CEST)/);
    expect(when).not.toContain(camp.id);

    // A Saturday: the cohort refuses, and the page says why.
    const from = copenhagenDay(camp.startsAt);
    let saturday = addDays(from, 7);
    while (weekday(saturday) !== 6) saturday = addDays(saturday, 1);
    await page.getByTestId('move-date').fill(saturday);
    await page.getByTestId('move-form').getByRole('button').click();
    await expect.poll(() => page.getByTestId('camp-result').textContent(), { timeout: 20_000 }).toMatch(/^Afvist: .*not a working day/);
    expect(copenhagenDay((await h.db.camp.findUniqueOrThrow({ where: { id: camp.id } })).startsAt)).toBe(from);

    const monday = addDays(saturday, 2);
    await page.getByTestId('move-date').fill(monday);
    await page.getByTestId('move-form').getByRole('button').click();
    await expect.poll(() => page.getByTestId('camp-result').textContent(), { timeout: 30_000 }).toMatch(/^Flyttet til /);
    expect(dialogs.at(-1)).toContain(`Flyt »${camp.title}«`);
    const moved = await h.db.camp.findUniqueOrThrow({ where: { id: camp.id } });
    expect(copenhagenDay(moved.startsAt)).toBe(monday);
    expect(moved.status).toBe('MOVED');
    // The calendar shows it on its new day without a reload.
    await expect.poll(() => page.locator(`td[data-day="${monday}"] [data-camp="${camp.id}"]`).count()).toBe(1);
    await page.screenshot({ path: shot('calendar.png'), fullPage: true });
  }, 300_000);

  it('a coordinator finds the overdue attendance in the work queue and records a partnership week in one go', async () => {
    const tracks = await h.db.participantTrack.findMany({ where: { cohortId: COHORT }, orderBy: { id: 'asc' } });
    const startsOn = localDateAt(tracks[0]!.startedOn.getTime());
    // Two weeks after the start the first week's attendance is overdue on every track.
    await h.sleepUntilDate(addDays(startsOn, 14));
    await expect
      .poll(async () => (await h.db.participantTrack.findMany({ where: { cohortId: COHORT, overdueCount: { gt: 0 } } })).length, {
        timeout: 60_000,
      })
      .toBe(tracks.length);

    await page.goto(`${baseUrl}/console/work.html?cohort=${COHORT}#token=${coordinator()}`);
    const weeks = page.getByTestId('attendance-week');
    await expect.poll(() => weeks.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId('whoami').textContent()).toContain('koordinator');
    await page.screenshot({ path: shot('work-queue.png'), fullPage: true });

    const week = weeks.first();
    const weekStart = (await week.getAttribute('data-week'))!;
    expect((await week.locator('h3').textContent()) ?? '').not.toContain(weekStart); // the week in Danish, not as an id
    const rows = week.getByTestId('attendance-row');
    const trackIds: string[] = [];
    for (let i = 0; i < (await rows.count()); i++) {
      trackIds.push((await rows.nth(i).getAttribute('data-track'))!);
      await rows
        .nth(i)
        .locator('input[name="hours"]')
        .fill(String(8 + i));
    }
    await week.getByRole('button').click();
    await expect.poll(() => week.getByTestId('result').allTextContents(), { timeout: 60_000 }).toEqual(trackIds.map(() => 'Registreret'));
    expect(dialogs.at(-1)).toMatch(/^Registrér fremmøde for \d+ deltager/);
    const recorded = await h.db.attendance.findMany({
      where: { participantTrackId: { in: trackIds } },
      orderBy: { participantTrackId: 'asc' },
    });
    expect(recorded.map((a) => copenhagenDay(a.weekStart))).toEqual(trackIds.map(() => weekStart));
    expect(recorded.every((a) => a.recordedBy === 'koordinator@dobbeltspor.example.dk')).toBe(true);

    // Once the tracks have taken the records, the week leaves the queue.
    await expect
      .poll(
        async () => {
          const res = await app.inject({
            method: 'GET',
            url: `/api/work-queue?cohort=${COHORT}`,
            headers: { authorization: `Bearer ${operator()}` },
          });
          return (res.json().items as { trackId: string; weekStart?: string }[]).filter(
            (i) => trackIds.includes(i.trackId) && i.weekStart === weekStart,
          ).length;
        },
        { timeout: 30_000 },
      )
      .toBe(0);
  }, 300_000);

  it('a coordinator sees how many tasks are due in all and turns to the next page, the page in the address', async () => {
    const queue = async (after?: string) => {
      const res = await app.inject({
        method: 'GET',
        url: `/api/work-queue?cohort=${COHORT}&limit=1${after ? `&after=${after}` : ''}`,
        headers: { authorization: `Bearer ${coordinator()}` },
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { items: { id: string }[]; total: number; nextCursor: string | null };
    };
    const first = await queue();
    expect(first.total).toBeGreaterThan(1);
    const second = await queue(first.nextCursor!);
    const shown = () => page.locator('[data-item]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-item')).sort());

    await page.goto(`${baseUrl}/console/work.html?cohort=${COHORT}&limit=1#token=${coordinator()}`);
    await expect.poll(() => page.getByTestId('work-total').textContent(), { timeout: 20_000 }).toBe(`${first.total} opgaver i alt`);
    expect(await shown()).toEqual(first.items.map((i) => i.id).sort());
    expect(await page.getByTestId('first-page').isHidden()).toBe(true);
    await page.getByRole('button', { name: 'Næste side' }).click();
    await expect.poll(shown, { timeout: 20_000 }).toEqual(second.items.map((i) => i.id).sort());
    expect(await page.getByTestId('work-total').textContent()).toBe(`${first.total} opgaver i alt`);
    // The page is in the address: the link opens the same page; the first page is a click away.
    expect(new URL(page.url()).searchParams.get('after')).toBe(first.nextCursor);
    await page.reload();
    await expect.poll(shown, { timeout: 20_000 }).toEqual(second.items.map((i) => i.id).sort());
    await page.getByTestId('first-page').click();
    await expect.poll(shown, { timeout: 20_000 }).toEqual(first.items.map((i) => i.id).sort());
    expect(new URL(page.url()).searchParams.get('after')).toBeNull();
  }, 120_000);

  it("an operator finds a company's unacknowledged problem report in the work queue and acknowledges it", async () => {
    const track = await h.db.companyTrack.findFirstOrThrow({
      where: { cohortId: COHORT },
      include: { company: true },
      orderBy: { id: 'asc' },
    });
    const cvr = track.company.cvr;
    const company = token('company', { cvr }, `kontakt@${cvr}.example.dk`);
    const reported = await app.inject({
      method: 'POST',
      url: `/api/companies/${cvr}/problems`,
      headers: { authorization: `Bearer ${company}` },
      payload: { cohortId: COHORT, description: 'Vi mangler en kontaktperson fra jobcentret' },
    });
    expect(reported.statusCode, reported.body).toBe(201);
    const reports = async () =>
      (
        (await h.db.companyTrack.findUniqueOrThrow({ where: { id: track.id } })).summary as {
          problemReports?: { acknowledged: boolean }[];
        } | null
      )?.problemReports ?? [];
    await expect.poll(async () => (await reports()).map((r) => r.acknowledged), { timeout: 30_000 }).toEqual([false]);

    await page.goto(`${baseUrl}/console/work.html#token=${operator()}`);
    const item = page.locator('[data-testid="work-item"][data-kind="PROBLEM_REPORT"]');
    await expect.poll(() => item.count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByTestId('whoami').textContent()).toContain('drift');
    const text = (await item.textContent()) ?? '';
    expect(text).toContain('Problemrapport ikke kvitteret');
    expect(text).toContain(track.company.name);
    expect(text).not.toContain('PROBLEM_REPORT');
    // The attendance is not the operator's to record: it is not in the operator's queue.
    expect(await page.getByTestId('attendance-week').count()).toBe(0);
    await item.getByRole('button', { name: 'Kvittér' }).click();
    await expect.poll(() => item.getByTestId('result').textContent(), { timeout: 30_000 }).toBe('Udført.');
    expect(dialogs.at(-1)).toContain(`Kvittér for problemrapporten fra ${track.company.name}?`);
    await expect.poll(async () => (await reports()).map((r) => r.acknowledged), { timeout: 30_000 }).toEqual([true]);
    // Refreshed, the queue no longer holds it.
    await page.reload();
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 20_000 }).toContain('Opdateret');
    expect(await item.count()).toBe(0);
  }, 300_000);

  it("the paying municipality's caseworker finds the pending claims in the work queue, approves one and rejects the other with a reason", async () => {
    const trackId = `${COHORT}-deltager-aalborg-1`;
    const today = localDateAt(Number(await h.env.currentTimeMs()));
    // Two priced outcomes of Anna's track in Aalborg (851): an internship, then the job that follows.
    for (const payload of [
      { kind: 'INTERNSHIP', occurredOn: today, evidenceRef: 'praktikaftale' },
      { kind: 'ORDINARY_JOB', occurredOn: today, hoursPerWeek: 37, evidenceRef: 'ansættelseskontrakt' },
    ]) {
      const recorded = await app.inject({
        method: 'POST',
        url: `/api/tracks/participant/${trackId}/outcome`,
        headers: { authorization: `Bearer ${coordinator()}` },
        payload,
      });
      expect(recorded.statusCode, recorded.body).toBe(200);
    }
    const caseworker = token('caseworker', { municipalityCode: '851' }, 'sagsbehandler@aalborg.example.dk');
    const claimsByApi = async () =>
      (await app.inject({ method: 'GET', url: '/api/claims?status=ALL', headers: { authorization: `Bearer ${caseworker}` } })).json()
        .claims as { outcomeId: string; kind: string; status: string; reason: string | null; decidedBy: string | null }[];
    const outcomes = await h.db.outcome.findMany({ where: { participantTrackId: trackId }, orderBy: { recordedAt: 'asc' } });
    const internship = outcomes.find((o) => o.kind === 'INTERNSHIP')!;
    const job = outcomes.find((o) => o.kind === 'ORDINARY_JOB')!;

    await page.goto(`${baseUrl}/console/work.html?cohort=${COHORT}#token=${caseworker}`);
    const items = page.getByTestId('claim-item');
    await expect.poll(() => items.count(), { timeout: 20_000 }).toBe(2);
    expect(await page.getByTestId('whoami').textContent()).toContain('sagsbehandler');
    // A caseworker's queue is its claims: no attendance to record, no other tasks.
    expect(await page.getByTestId('attendance-groups').isVisible()).toBe(false);
    expect(await page.getByTestId('work-table').isVisible()).toBe(false);
    const internshipRow = page.locator(`[data-testid="claim-item"][data-claim="${internship.id}"]`);
    const jobRow = page.locator(`[data-testid="claim-item"][data-claim="${job.id}"]`);
    const internshipText = (await internshipRow.textContent()) ?? '';
    expect(internshipText).toContain('Praktik');
    expect(internshipText).toContain('10.000,00 kr.');
    expect(internshipText).toContain('kommune 851');
    expect(internshipText).not.toContain('INTERNSHIP');
    expect((await jobRow.textContent()) ?? '').toContain('40.000,00 kr.');

    // A rejection without a reason is refused in words before anything is asked or sent.
    const asked = dialogs.length;
    await jobRow.getByRole('button', { name: 'Afvis' }).click();
    expect(await jobRow.getByTestId('result').textContent()).toContain('begrundelse');
    expect(dialogs.length).toBe(asked);
    await jobRow.getByRole('textbox').fill('Ansættelseskontrakten er ikke underskrevet');
    await jobRow.getByRole('button', { name: 'Afvis' }).click();
    await expect.poll(() => jobRow.getByTestId('result').textContent(), { timeout: 30_000 }).toBe('Udført.');
    expect(dialogs.at(-1)).toBe('Afvis kravet »Ordinært job« på 40.000,00 kr.? Beslutningen er endelig.');
    await internshipRow.getByRole('button', { name: 'Godkend' }).click();
    await expect.poll(() => internshipRow.getByTestId('result').textContent(), { timeout: 30_000 }).toBe('Udført.');
    expect(dialogs.at(-1)).toContain('Godkend kravet »Praktik« på 10.000,00 kr.?');

    // The API shows the decisions, the rejection with its reason.
    const decided = await claimsByApi();
    expect(decided.find((c) => c.outcomeId === internship.id)).toMatchObject({
      status: 'APPROVED',
      decidedBy: 'sagsbehandler@aalborg.example.dk',
    });
    expect(decided.find((c) => c.outcomeId === job.id)).toMatchObject({
      status: 'REJECTED',
      reason: 'Ansættelseskontrakten er ikke underskrevet',
    });
    // Refreshed, the queue holds no decided claim.
    await page.reload();
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 20_000 }).toContain('Opdateret');
    expect(await items.count()).toBe(0);
  }, 300_000);
});
