import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../client/api/auth.js';
import { openChromium, type Chromium } from './support/chromium.js';
import { bootCampStart, FIXTURE, participantTrackRow, seedConsoleFixture } from './support/console-fixtures.js';
import { createTestApi } from './support/api.js';
import { createHarness, TEST_CONFIG, type Harness } from './support/temporal.js';
import { leftovers, visibleText } from './support/visible-text.js';

const TRACKS = 120;
const DANISH_MONTHS = ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

/** The hour and zone in Copenhagen of an instant on the hour: EU summer time runs from 01:00 UTC on the last Sunday of March to the last Sunday of October. */
function copenhagenClock(instant: Date): { hour: string; zone: 'CET' | 'CEST' } {
  const lastSunday = (month: number) => {
    const d = new Date(Date.UTC(instant.getUTCFullYear(), month + 1, 0, 1));
    d.setUTCDate(d.getUTCDate() - d.getUTCDay());
    return d;
  };
  const summer = instant >= lastSunday(2) && instant < lastSunday(9);
  return { hour: String(instant.getUTCHours() + (summer ? 2 : 1)).padStart(2, '0'), zone: summer ? 'CEST' : 'CET' };
}

const SCREENSHOT = fileURLToPath(new URL('../docs/console.png', import.meta.url));

describe('operator console in headless Chromium', () => {
  let h: Harness;
  let app: FastifyInstance;
  let chromium: Chromium | undefined;
  let page: Page;
  let baseUrl: string;

  beforeAll(async () => {
    h = await createHarness();
    await h.startWorker();
    await seedConsoleFixture(h.db, { linkSecret: TEST_CONFIG.LINK_SECRET, participantTracks: TRACKS });
    app = await createTestApi(h);
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    // A browser far from Denmark: the console must still show Danish time.
    chromium = await openChromium({ viewport: { width: 1440, height: 900 }, timezoneId: 'America/New_York' });
    ({ page } = chromium);
    const token = issueToken(TEST_CONFIG.LINK_SECRET, { sub: 'driftsvagt@dobbeltspor.dk', role: 'operator', scope: {} }, 3600);
    await page.goto(`${baseUrl}/console/#token=${token}`);
  });
  afterAll(async () => {
    await chromium?.close();
    await app?.close();
    await h?.close();
  });

  const rows = () => page.locator('[data-testid="track-row"]');

  it('loads the cohort tree and the first page of tracks in Danish; "Vis flere" fetches the next page', async () => {
    await expect.poll(() => rows().count(), { timeout: 20_000 }).toBe(50);
    await expect.poll(() => page.getByTestId('list-status').textContent()).toBe('50 forløb vist, flere nedenfor.');
    expect(await page.getByTestId('whoami').textContent()).toBe('driftsvagt@dobbeltspor.dk · drift');
    expect(await page.locator('html').getAttribute('lang')).toBe('da');
    const tree = (await page.getByTestId('cohort-tree').textContent()) ?? '';
    for (const name of ['Klynge 1-2019', 'Klynge 2-2020', 'Kolding', 'Aalborg', 'Frederiksberg']) expect(tree).toContain(name);
    expect(tree).toMatch(/\d+ deltagere · \d+ virksomheder/);
    // A camp the plan moved off a holiday at the start is told beside its cohort, with Danish days.
    const moves = page.getByTestId('planned-moves');
    await expect.poll(() => moves.count()).toBe(1);
    expect(await moves.textContent()).toBe('Flyttet af planen: camp 3 fra man. 13. apr. 2020 (2. påskedag) til tirs. 14. apr. 2020');
    expect(await page.locator('[data-testid="track-table"] th').allTextContents()).toEqual([
      'Navn',
      'Klynge',
      'Kommune',
      'Fase',
      'Næste frist',
      'Overskredet',
      'E-mails',
    ]);
    // Phases and deadlines in words: the fixture's first track is enrolled, its deadline the week's attendance.
    const first = page.locator(`tr[data-track-id="${participantTrackRow(0).id}"]`);
    expect(await first.locator('td.phase').textContent()).toBe('optaget');
    expect(await first.locator('td:nth-child(5) small').textContent()).toBe('fremmøde for ugen');
    expect(await page.locator('#filter-phase option').allTextContents()).toEqual([
      'Alle',
      'optaget',
      'arbejdsmarkedstræning',
      'jobtræning',
      'fastholdelse',
      'afsluttet',
      'faldet fra',
      'overflyttet',
    ]);
    expect(leftovers(await visibleText(page))).toEqual([]);
    await page.getByRole('button', { name: 'Vis flere' }).click();
    await expect.poll(() => rows().count()).toBe(100);
  });

  it('filters by municipality and overdue', async () => {
    await page.selectOption('#filter-municipality', '851');
    await page.check('#filter-overdue');
    const expected = Array.from({ length: TRACKS }, (_, i) => participantTrackRow(i)).filter(
      (r) => r.municipalityCode === '851' && r.overdueCount > 0,
    );
    await expect.poll(() => rows().count()).toBe(expected.length);
    const municipalities = await rows().locator('td:nth-child(3)').allTextContents();
    expect(new Set(municipalities)).toEqual(new Set(['Aalborg']));
    expect(await page.locator('tr.is-overdue').count()).toBe(expected.length);
  });

  it('the cohort tree sets the filters; a track opens its timeline with a link to the Temporal Web UI', async () => {
    await page.uncheck('#filter-overdue');
    await page.locator('button.partnership[data-cohort="klynge-1-2019"][data-municipality="621"]').click();
    const rich = participantTrackRow(0);
    const row = page.locator(`tr[data-track-id="${rich.id}"]`);
    await row.waitFor();
    expect(await page.inputValue('#filter-cohort')).toBe(FIXTURE.cohorts.first);
    await row.click();
    const timeline = page.getByTestId('timeline');
    await timeline.locator('li.event').first().waitFor();
    expect(await page.locator('#detail-title').textContent()).toBe(`${rich.givenName} ${rich.familyName}`);
    const kinds = await timeline.locator('li.event').evaluateAll((els) => els.map((el) => el.getAttribute('data-kind')));
    for (const k of ['attendance', 'outcome', 'ledger', 'email']) expect(kinds).toContain(k);
    const text = (await timeline.textContent()) ?? '';
    expect(text).toContain('Husk mentormødet');
    // The events in Danish words: their kinds, an absent week, the outcome and the ledger's amount in kroner.
    expect(await timeline.locator('li.event .kind').allTextContents()).toEqual(
      expect.arrayContaining(['Fremmøde', 'Resultat', 'Postering', 'E-mail']),
    );
    expect(text).toContain('fravær');
    expect(text).toMatch(/Resultat: ordinært job/);
    expect(text).toMatch(/Postering, krav: [\d.]+,\d{2} kr\./);
    expect(leftovers(await visibleText(page))).toEqual([]);
    // The workflow's id is for the curious, in the tooltip of the title and the Temporal link.
    expect(await page.locator('#detail-title').getAttribute('title')).toContain(rich.workflowId);
    expect(await page.locator('#temporal-link').getAttribute('href')).toBe(
      `http://127.0.0.1:8233/namespaces/${h.env.namespace ?? 'default'}/workflows/${rich.workflowId}`,
    );
    mkdirSync(fileURLToPath(new URL('../docs/', import.meta.url)), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: false });
    await page.getByRole('button', { name: 'Hele deltagerens eller virksomhedens historik' }).click();
    await expect.poll(() => page.locator('#timeline-title').textContent()).toBe('Hele historikken: 1 forløb (Klynge 1-2019)');
    // Each event names its track by its cohort; the track's id is in the tooltip.
    expect(await timeline.locator('li.event .track').first().textContent()).toBe('Klynge 1-2019');
    expect(await timeline.locator('li.event .track').first().getAttribute('title')).toBe(rich.id);
  });

  it('an operator retries the failed e-mail from the timeline and it is delivered', async () => {
    await page.getByRole('button', { name: 'Prøv e-mailen igen' }).click();
    await h.mail.waitFor(() => h.mail.to('mentor@jobvejen.dk').length >= 1);
    expect(h.mail.to('mentor@jobvejen.dk')[0]!.parsed.subject).toBe('Husk mentormødet');
    await expect.poll(async () => (await h.db.emailOutbox.findUniqueOrThrow({ where: { id: FIXTURE.failedEmailId } })).status).toBe('SENT');
    // Reopened, the timeline shows the e-mail as sent and the retry in the audit trail.
    await page.locator(`tr[data-track-id="${FIXTURE.richTrackId}"]`).click();
    const timeline = page.getByTestId('timeline');
    await expect.poll(() => timeline.locator('li.event[data-kind="email"] .status-FAILED').count()).toBe(0);
    const audit = timeline.locator('li.event[data-kind="audit"]');
    await expect.poll(async () => (await audit.allTextContents()).join(' ')).toContain('E-mailen sendt igen');
    expect(await audit.last().textContent()).toContain('driftsvagt@dobbeltspor.dk (drift)');
    expect(await audit.last().getAttribute('title')).toContain('POST /api/emails/:outboxId/retry');
  });

  it("lists company tracks; a company's timeline shows its invitation, and the operator resends it", async () => {
    await page.selectOption('#filter-kind', 'company');
    await page.selectOption('#filter-cohort', '');
    await page.selectOption('#filter-municipality', '');
    await expect.poll(() => rows().count()).toBe(12);
    expect(await page.locator('#filter-phase option').allTextContents()).toContain('bootcamp');
    await page.locator(`tr[data-track-id="${FIXTURE.companyTrackId}"]`).click();
    const timeline = page.getByTestId('timeline');
    await timeline.locator('li.event[data-kind="invitation"]').waitFor();
    const invitation = timeline.locator('li.event[data-kind="invitation"]');
    expect(await invitation.locator('strong').textContent()).toBe('Boot camp november (bootcamp, planlagt)');
    expect(await invitation.locator('.detail').textContent()).toMatch(/; svar: intet svar$/);
    expect(await page.locator('#pause-track').textContent()).toBe('Sæt forløbet på pause');
    expect(leftovers(await visibleText(page))).toEqual([]);
    await page.getByRole('button', { name: 'Send invitationen igen' }).click();
    await h.mail.waitFor(() => h.mail.to('kontakt0@firma0.dk').length >= 1);
    expect(h.mail.to('kontakt0@firma0.dk')[0]!.parsed.subject).toBe('Invitation: boot camp november');
  });

  it('shows every date and time in Danish format, in Europe/Copenhagen with the zone named, in a browser set to New York', async () => {
    // The boot camp starts at 08:00 UTC: 09.00 CET or 10.00 CEST in Copenhagen, 03.00 or 04.00 in New York.
    const campStart = bootCampStart();
    const { hour, zone } = copenhagenClock(campStart);
    await page.locator(`tr[data-track-id="${FIXTURE.companyTrackId}"]`).click();
    const timeline = page.getByTestId('timeline');
    const invitation = timeline.locator('li.event[data-kind="invitation"] time');
    await invitation.waitFor();
    expect(await invitation.getAttribute('datetime')).toBe(campStart.toISOString());
    const month = DANISH_MONTHS[campStart.getUTCMonth()]!;
    expect(await invitation.textContent()).toMatch(
      new RegExp(`^[a-zæøå]{3,4}\\. ${campStart.getUTCDate()}\\. ${month}\\.? ${campStart.getUTCFullYear()},? ${hour}\\.00 ${zone}$`),
    );
    const companyTimes = await timeline.locator('time').allTextContents();
    expect(companyTimes.filter((t) => /\d{2}\.\d{2} CES?T$/.test(t)).length).toBeGreaterThanOrEqual(2);

    await page.selectOption('#filter-kind', 'participant');
    const rich = page.locator(`tr[data-track-id="${FIXTURE.richTrackId}"]`);
    await rich.waitFor();
    await rich.click();
    await expect
      .poll(() => page.locator('#detail-title').textContent())
      .toBe(`${participantTrackRow(0).givenName} ${participantTrackRow(0).familyName}`);
    await timeline.locator('li.event[data-kind="attendance"]').first().waitFor();
    // No ISO date or UTC time is left anywhere in the list, the facts or the timeline.
    for (const text of [
      await page.locator('#track-rows').textContent(),
      await page.locator('#detail-facts').textContent(),
      await timeline.textContent(),
    ]) {
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}|T\d{2}:\d{2}|\d{2}:\d{2}/);
    }
    const days = await page.locator('#track-rows time').allTextContents();
    expect(days.length).toBeGreaterThan(0);
    for (const d of days) expect(d).toMatch(/^[a-zæøå]{3,4}\.? \d{1,2}\. [a-zæøå]{3,4}\.? \d{4}$/);
    expect(await timeline.locator('li.event[data-kind="attendance"] strong').first().textContent()).toMatch(
      /^Ugen fra [a-zæøå]{3,4}\.? \d{1,2}\. [a-zæøå]{3,4}\.? \d{4}: (\d+(,\d+)? timer|fravær)/,
    );
  });

  it('switches to English with the language switch, and back to Danish', async () => {
    await page.goto(`${baseUrl}/console/index.html?kind=participant&track=${FIXTURE.richTrackId}`);
    await page.getByTestId('detail').waitFor();
    await page.getByTestId('language').selectOption('en');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await page.locator('li.event[data-kind="attendance"]').first().waitFor();
    expect(await page.locator('[data-testid="track-table"] th').first().textContent()).toBe('Name');
    expect(await page.getByTestId('whoami').textContent()).toBe('driftsvagt@dobbeltspor.dk · operator');
    expect(await page.locator(`tr[data-track-id="${participantTrackRow(0).id}"] td.phase`).textContent()).toBe('enrolled');
    expect(await page.locator('li.event[data-kind="attendance"] .kind').first().textContent()).toBe('Attendance');
    expect(await page.locator('li.event[data-kind="attendance"] strong').first().textContent()).toMatch(/^Week of /);
    // English keeps Copenhagen time with the zone named.
    expect(await page.locator('li.event[data-kind="email"] time').first().textContent()).toMatch(/ CES?T$/);
    await page.getByTestId('language').selectOption('da');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('da');
    await page.locator('li.event[data-kind="attendance"]').first().waitFor();
    expect(await page.locator('[data-testid="track-table"] th').first().textContent()).toBe('Navn');
  });

  it('finds tracks by name, CVR or track id; the search and the open track are in the address, and the link opens them again', async () => {
    await page.goto(`${baseUrl}/console/index.html?kind=participant`);
    const someone = participantTrackRow(5);
    const term = `${someone.givenName} ${someone.familyName.slice(0, 3).toLowerCase()}`;
    const expected = Array.from({ length: TRACKS }, (_, i) => participantTrackRow(i)).filter((r) =>
      `${r.givenName} ${r.familyName}`.toLowerCase().includes(term.toLowerCase()),
    );
    expect(expected.length).toBeGreaterThan(0);
    await page.getByTestId('search').fill(term);
    await expect.poll(() => rows().count()).toBe(expected.length);
    expect(new URL(page.url()).searchParams.get('q')).toBe(term);
    for (const name of await page.locator('[data-testid="track-row"] td.name').allTextContents())
      expect(name).toContain(`${someone.givenName} ${someone.familyName}`);

    // A track id finds that one track; opened, the address carries it, and the link opens it.
    await page.getByTestId('search').fill(FIXTURE.richTrackId);
    await expect.poll(() => rows().count()).toBe(1);
    await rows().first().click();
    await expect.poll(() => new URL(page.url()).searchParams.get('track')).toBe(FIXTURE.richTrackId);
    await page.goto(page.url());
    await expect.poll(() => page.getByTestId('detail').isVisible()).toBe(true);
    expect(await page.locator('#detail-title').textContent()).toBe(
      participantTrackRow(0).givenName + ' ' + participantTrackRow(0).familyName,
    );

    // A company by its CVR number, through the API the page calls.
    const operator = issueToken(TEST_CONFIG.LINK_SECRET, { sub: 'driftsvagt@dobbeltspor.dk', role: 'operator', scope: {} }, 3600);
    const found = await app.inject({
      method: 'GET',
      url: `/api/tracks?kind=company&q=${FIXTURE.companyCvr}`,
      headers: { authorization: `Bearer ${operator}` },
    });
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json().items.map((t: { id: string }) => t.id)).toEqual([FIXTURE.companyTrackId]);
  });
});
