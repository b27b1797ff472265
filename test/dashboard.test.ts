import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../client/api/auth.js';
import { loadProgrammeFile } from '../client/operations/files.js';
import { buildPbrReport } from '../client/operations/reports.js';
import { localDateAt } from '../domain/calendar.js';
import { openChromium, type Chromium } from './support/chromium.js';
import { FIXTURE, participantTrackRow, seedConsoleFixture } from './support/console-fixtures.js';
import { createTestApi } from './support/api.js';
import { createHarness, TEST_CONFIG, type Harness } from './support/temporal.js';

const TRACKS = 60;
const COMPANIES = 12;
const PROGRAMME_FILE = fileURLToPath(new URL('../programmes/growth-partnership-2019.yaml', import.meta.url));
const SCREENSHOT = fileURLToPath(new URL('../docs/dashboard.png', import.meta.url));
const COHORT = FIXTURE.cohorts.first;

const token = (role: string, scope: object = {}) =>
  issueToken(TEST_CONFIG.LINK_SECRET, { sub: `${role}@dobbeltspor.dk`, role, scope } as never, 3600);

/** What the fixture seeds, counted again from its own rows: company i sits in municipality i mod 3 and phase i mod 3. */
function seeded() {
  const participants = Array.from({ length: TRACKS }, (_, i) => participantTrackRow(i)).filter((r) => r.cohortId === COHORT);
  const companies = Array.from({ length: COMPANIES }, (_, i) => ({
    municipalityCode: FIXTURE.municipalities[i % 3]!.code,
    phase: (['BOOT_CAMP', 'SELECTION', 'ACCELERATOR'] as const)[i % 3]!,
  }));
  return { participants, companies };
}

describe('cohort dashboard', () => {
  let h: Harness;
  let app: FastifyInstance;
  let baseUrl: string;

  beforeAll(async () => {
    h = await createHarness();
    await seedConsoleFixture(h.db, { linkSecret: TEST_CONFIG.LINK_SECRET, participantTracks: TRACKS, companyTracks: COMPANIES });
    // The cohort runs the shipped programme, so that its PbR report (and targets) can be made.
    const programme = await loadProgrammeFile(PROGRAMME_FILE);
    await h.db.programme.update({ where: { id: FIXTURE.programmes.dual }, data: { config: programme as never } });
    // Of the boot camp's three invitations one company said yes and came, one said no, one has not answered.
    await h.db.campInvitation.update({ where: { id: 'inv-0000' }, data: { rsvp: 'YES', respondedAt: new Date(), attended: true } });
    await h.db.campInvitation.update({ where: { id: 'inv-0001' }, data: { rsvp: 'NO', respondedAt: new Date() } });
    app = await createTestApi(h);
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  const dashboard = (bearer: string, cohortId: string = COHORT) =>
    app.inject({ method: 'GET', url: `/api/cohorts/${cohortId}/dashboard`, headers: { authorization: `Bearer ${bearer}` } });

  it("answers the cohort's figures per municipality from the projection, the PbR report's results and the mails", async () => {
    const res = await dashboard(token('operator'));
    expect(res.statusCode).toBe(200);
    const d = res.json();
    const { participants, companies } = seeded();
    expect(d.cohort).toMatchObject({ id: COHORT, name: 'Klynge 1-2019' });
    // In Danish order: Aa is Å, last.
    expect(d.municipalities.map((m: { name: string }) => m.name)).toEqual(['Frederiksberg', 'Kolding', 'Aalborg']);
    for (const [k, m] of FIXTURE.municipalities.entries()) {
      const row = d.municipalities.find((x: { code: string }) => x.code === m.code);
      const mine = companies.filter((c) => c.municipalityCode === m.code);
      const slots = k + 1;
      const selected = mine.filter((c) => c.phase === 'ACCELERATOR').length;
      expect(row, m.name).toMatchObject({
        slots,
        slotsUsed: selected,
        slotsFree: Math.max(0, slots - selected),
        companies: mine.length,
        participants: participants.filter((p) => p.municipalityCode === m.code).length,
        selection: {
          atBootCamp: mine.filter((c) => c.phase === 'BOOT_CAMP').length,
          awaitingSelection: mine.filter((c) => c.phase === 'SELECTION').length,
          selected,
          // Only Kolding's company came to the boot camp.
          bootCampAttended: m.code === '621' ? 1 : 0,
        },
      });
      for (const phase of ['ENROLLED', 'WORK_READINESS', 'JOB_TRAINING', 'RETENTION', 'COMPLETED'])
        expect(row.participantsByPhase[phase] ?? 0, `${m.name} ${phase}`).toBe(
          participants.filter((p) => p.municipalityCode === m.code && p.phase === phase).length,
        );
    }
    // The rich track in Kolding: 10 and 0 hours in two weeks against the programme's 10 hours a week.
    const kolding = d.municipalities.find((x: { code: string }) => x.code === '621');
    expect(kolding.attendance).toEqual({ weeksRecorded: 2, hoursRecorded: 10, hoursPerWeek: 10, hoursPlanned: 20, rate: 0.5 });
    expect(d.municipalities.find((x: { code: string }) => x.code === '851').attendance.rate).toBeNull();
    // The selection pipeline names Kolding's companies with their boot-camp answer and attendance.
    expect(kolding.selection.companies).toHaveLength(seeded().companies.filter((c) => c.municipalityCode === '621').length);
    expect(kolding.selection.companies.find((c: { cvr: string }) => c.cvr === '30000000')).toEqual({
      trackId: 'ct-0000',
      cvr: '30000000',
      name: 'Grøn Café',
      phase: 'BOOT_CAMP',
      bootCamp: { rsvp: 'YES', attended: true },
    });
    expect(kolding.selection.companies.find((c: { cvr: string }) => c.cvr === '30000003').bootCamp).toEqual({ rsvp: null, attended: null });
    const aalborg = d.municipalities.find((x: { code: string }) => x.code === '851');
    expect(aalborg.selection.companies.find((c: { cvr: string }) => c.cvr === '30000001').bootCamp).toEqual({
      rsvp: 'NO',
      attended: null,
    });

    expect(d.camps).toHaveLength(1);
    expect(d.camps[0]).toMatchObject({ id: FIXTURE.campId, invited: 3, yes: 1, no: 1, noAnswer: 1, attended: 1 });
    expect(d.camps[0].notAnswered).toEqual([{ cvr: '30000002', name: 'Byens Cykler' }]);

    // The cohort's mails: the rich track's welcome (sent) and reminder (failed), the invitation (sent).
    expect(d.mails).toEqual({ sent: 2, pending: 0, failed: 1 });

    const report = await buildPbrReport(h.db, { cohortId: COHORT, asOf: localDateAt(Date.now()) });
    expect(d.results).toMatchObject({
      available: true,
      headline: report.headline,
      outcomes: 1,
      ledgerEntries: 1,
      paymentsDkk: '25000.00',
      inDanish: { payments: '25.000,00 kr.' },
      targets: report.targets,
    });
    const intoWork = d.results.targets.find((t: { id: string }) => t.id === 'into-work-or-education');
    expect(intoWork).toMatchObject({ achieved: 1, target: Math.ceil(0.4 * participants.length) });
    // The report's figures are told with the time they were made.
    expect(Date.parse(d.results.computedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it("the outbox lists a cohort's e-mails as the dashboard counts them", async () => {
    const emails = async (query: string) =>
      (await app.inject({ method: 'GET', url: `/api/emails?${query}`, headers: { authorization: `Bearer ${token('operator')}` } })).json()
        .items as { id: string; status: string }[];
    expect((await emails(`cohort=${COHORT}`)).map((m) => m.status).sort()).toEqual(['FAILED', 'SENT', 'SENT']);
    expect((await emails(`cohort=${COHORT}&status=FAILED`)).map((m) => m.id)).toEqual([FIXTURE.failedEmailId]);
    expect(await emails(`cohort=${FIXTURE.cohorts.second}`)).toEqual([]);
    const [newest, ...older] = await emails(`cohort=${COHORT}&limit=1`).then(async (first) => [
      ...first,
      ...(await emails(`cohort=${COHORT}&after=${first[0]!.id}`)),
    ]);
    expect(older).toHaveLength(2);
    expect(older.map((m) => m.id)).not.toContain(newest!.id);
  });

  it('a coordinator reads the cohorts of its own programme; one of another programme and a caseworker are refused', async () => {
    expect((await dashboard(token('coordinator', { programmeIds: [FIXTURE.programmes.dual] }))).statusCode).toBe(200);
    const other = await dashboard(token('coordinator', { programmeIds: [FIXTURE.programmes.training] }));
    expect(other.statusCode).toBe(403);
    expect(other.json().message).toContain(FIXTURE.programmes.dual);
    expect((await dashboard(token('caseworker', { municipalityCode: '621' }))).statusCode).toBe(403);
    expect((await dashboard(token('operator'), 'klynge-9-2099')).statusCode).toBe(404);
    // The refusal is audited like every other.
    const refused = await h.db.auditLog.findMany({ where: { allowed: false, entityId: COHORT } });
    expect(refused.length).toBeGreaterThanOrEqual(1);
  });

  it('a cohort whose programme has no valid configuration shows its figures and says why there is no report', async () => {
    const d = (await dashboard(token('operator'), FIXTURE.cohorts.training)).json();
    expect(d.results.available).toBe(false);
    expect(d.results.reason).toContain(FIXTURE.programmes.training);
    expect(d.camps).toEqual([]);
  });

  describe('in the console (Chromium)', () => {
    let chromium: Chromium | undefined;
    let page: Page;
    beforeAll(async () => {
      // A browser far from Denmark: the page must still show Danish time.
      chromium = await openChromium({ viewport: { width: 1440, height: 900 }, timezoneId: 'America/New_York' });
      ({ page } = chromium);
    });
    afterAll(() => chromium?.close());

    const text = async (testid: string) => ((await page.getByTestId(testid).first().textContent()) ?? '').trim();

    it("an operator's link opens the dashboard first; its figures match the seeded cohort and one leads to the tracks it counts", async () => {
      await page.goto(`${baseUrl}/#token=${token('operator')}`);
      await page.waitForURL(/\/console\/dashboard\.html/);
      await page.getByTestId('municipality-row').first().waitFor();
      await page.selectOption('[data-testid="cohort-select"]', COHORT);
      // The cohort chosen goes into the address, so the view can be shared.
      await page.waitForURL(new RegExp(`dashboard\\.html\\?cohort=${COHORT}$`));
      await expect.poll(() => text('cohort-facts')).toContain('2019');
      const { participants } = seeded();
      expect(await text('participants-621')).toBe(String(participants.filter((p) => p.municipalityCode === '621').length));
      expect(await text('slots-used-147')).toBe('4');
      expect(await text('slots-147')).toBe('3');
      expect(await text('slots-free-147')).toBe('0');
      expect(await text('slots-free-851')).toBe('2');
      expect(await text('pipeline-attended-621')).toBe('1');
      // The pipeline's companies with their attendance; the selection is the coordinator's: no buttons for an operator.
      const cafe = page.locator('[data-testid="selection-company"][data-cvr="30000000"]');
      expect(await cafe.getByTestId('selection-attended').textContent()).toBe('Deltog');
      expect(await cafe.getByTestId('selection-rsvp').textContent()).toBe('Ja');
      expect(await page.locator('[data-testid="selection"] button').count()).toBe(0);
      expect(await text('attendance-621')).toMatch(/^50\s%/);
      expect(await text('camp-yes')).toMatch(/^1/);
      expect(await text('camp-no-answer')).toMatch(/^1/);
      expect(await text('camp-not-answered')).toBe('Byens Cykler');
      expect(await text('mails-sent')).toBe('2');
      expect(await text('mails-failed')).toBe('1');
      expect(await text('payments')).toBe('25.000,00 kr.');
      expect(await text('outcomes')).toBe('1');
      expect(await page.locator('[data-testid="target-row"]').count()).toBe(2);
      // Names, not codes or enum names, and the camp's time in Copenhagen with its zone.
      const body = (await page.textContent('body')) ?? '';
      expect(body).toContain('Til udvælgelse');
      expect(body).not.toMatch(/\bBOOT_CAMP\b|\bWORK_READINESS\b/);
      const time = page.getByTestId('camp-row').locator('time');
      const startsAt = new Date((await time.getAttribute('datetime'))!);
      const copenhagen = new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', hour: '2-digit', minute: '2-digit' }).format(
        startsAt,
      );
      expect(await time.textContent()).toContain(copenhagen);
      expect(await time.textContent()).toMatch(/CET|CEST/);
      await page.screenshot({ path: SCREENSHOT, fullPage: true });

      // Aalborg's companies awaiting selection: the figure opens the company list with those filters.
      await page.getByTestId('pipeline-selection-851').click();
      await page.waitForURL(/index\.html\?/);
      const rows = page.locator('[data-testid="track-row"]');
      const aalborgSelection = seeded().companies.filter((c) => c.municipalityCode === '851' && c.phase === 'SELECTION').length;
      await expect.poll(() => rows.count()).toBe(aalborgSelection);
      expect(await page.inputValue('#filter-kind')).toBe('company');
      expect(await page.inputValue('#filter-cohort')).toBe(COHORT);
      expect(await page.inputValue('#filter-municipality')).toBe('851');
      expect(await page.inputValue('#filter-phase')).toBe('SELECTION');
      expect(new Set(await rows.locator('td:nth-child(3)').allTextContents())).toEqual(new Set(['Aalborg']));
      expect(new Set(await rows.locator('td:nth-child(4)').allTextContents())).toEqual(new Set(['til udvælgelse']));
    }, 120_000);

    it('switches to English with the same language switch as the other pages, and back to Danish', async () => {
      await page.goto(`${baseUrl}/console/dashboard.html?cohort=${COHORT}`);
      await page.getByTestId('municipality-row').first().waitFor();
      expect(await page.locator('h2').first().textContent()).toBe('Kommuner: pladser, virksomheder og deltagere');
      await page.getByTestId('language').selectOption('en');
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
      await page.getByTestId('municipality-row').first().waitFor();
      expect(await page.locator('h2').first().textContent()).toBe('Municipalities: slots, companies and participants');
      await expect.poll(() => text('payments')).toBe('DKK 25,000.00');
      expect((await page.textContent('body')) ?? '').toContain('Awaiting selection');
      expect(await page.getByTestId('whoami').textContent()).toBe('operator@dobbeltspor.dk · operator');
      // The nav's links carry the cohort, in English too.
      expect(await page.getByTestId('calendar-link').getAttribute('href')).toBe(`/console/calendar.html?cohort=${COHORT}`);
      expect(await page.getByTestId('calendar-link').textContent()).toBe('Calendar');
      await page.getByTestId('language').selectOption('da');
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('da');
      await page.getByTestId('municipality-row').first().waitFor();
      await expect.poll(() => text('payments')).toBe('25.000,00 kr.');
    }, 60_000);

    it("the failed e-mails' figure opens the outbox with the cohort's failed e-mail", async () => {
      await page.goto(`${baseUrl}/console/dashboard.html?cohort=${COHORT}`);
      await page.getByTestId('mails-failed').click();
      await page.waitForURL(/outbox\.html\?/);
      const rows = page.locator('[data-testid="outbox-row"]');
      await expect.poll(() => rows.count()).toBe(1);
      expect(await rows.first().getAttribute('data-outbox-id')).toBe(FIXTURE.failedEmailId);
      expect(await rows.first().textContent()).toContain('Fejlet');
      expect(await page.getByTestId('outbox-scope').textContent()).toBe('E-mails fra Klynge 1-2019');
    }, 60_000);
  });
});
