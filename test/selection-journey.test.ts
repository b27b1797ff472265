// A coordinator takes companies through the selection in headless Chromium, against a cohort
// started from the shipped example file on a time-skipping server with the real worker: after the
// boot camp the coordinator records who came on the calendar, selects companies within their
// municipality's slots on the dashboard (one more than the slots is refused in words and changes
// nothing), turns the last one down, and then moves an accelerator camp on the calendar. The
// companies' phases are read back through the API and the e-mails the decisions send are read from
// the SMTP sink.
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../client/api/auth.js';
import { addDays, weekday } from '../domain/calendar.js';
import { startConsoleOnShippedCohort, type ConsoleOnShippedCohort } from './support/console-on-shipped-cohort.js';
import { TEST_CONFIG, type Harness } from './support/temporal.js';

const COHORT = 'klynge-1-2019';
const PROGRAMME = 'growth-partnership-2019';
const shot = (name: string) => fileURLToPath(new URL(`../docs/${name}`, import.meta.url));
/** Aalborg (851) has two accelerator slots in the file and three companies. */
const AALBORG = {
  code: '851',
  cafe: { cvr: '90000004', name: 'Eksempel Café Limfjorden ApS', email: 'carl@cafe-limfjorden.example.dk' },
  bikes: { cvr: '90000373', name: 'Eksempel Cykelværksted Nord', email: 'cecilie@cykel-nord.example.dk' },
  reuse: { cvr: '90000748', name: 'Eksempel Genbrug Aalborg (eget socialøkonomisk værksted)', email: 'gitte@genbrug-aalborg.example.dk' },
};
/** Kolding's one company stayed away from the boot camp. */
const KOLDING_PRINT = '90001485';

/** The day an instant falls on in Copenhagen, read independently of the code under test. */
const copenhagenDay = (iso: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(iso),
  );

interface CalendarCamp {
  id: string;
  kind: string;
  title: string;
  status: string;
  startsAt: string;
  endsAt: string;
  invitations: { cvr: string; attended: boolean | null }[];
}

describe('selection within the slots in headless Chromium', () => {
  let run: ConsoleOnShippedCohort | undefined;
  let h: Harness;
  let app: FastifyInstance;
  let baseUrl: string;
  let page: Page;
  let dialogs: string[];
  const coordinator = issueToken(
    TEST_CONFIG.LINK_SECRET,
    { sub: 'koordinator@dobbeltspor.example.dk', role: 'coordinator', scope: { programmeIds: [PROGRAMME] } },
    3600,
  );

  const get = async <T>(url: string): Promise<T> => {
    const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${coordinator}` } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as T;
  };
  const calendar = async () => (await get<{ camps: CalendarCamp[] }>(`/api/cohorts/${COHORT}/calendar`)).camps;
  /** Aalborg's company tracks as the API lists them: name → phase. */
  const aalborgPhases = async () =>
    Object.fromEntries(
      (
        await get<{ items: { name: string; phase: string }[] }>(`/api/tracks?kind=company&cohort=${COHORT}&municipality=${AALBORG.code}`)
      ).items.map((t) => [t.name, t.phase]),
    );

  beforeAll(async () => {
    run = await startConsoleOnShippedCohort(coordinator);
    ({ h, app, baseUrl, page, dialogs } = run);
  }, 300_000);
  afterAll(() => run?.close());

  it('after the boot camp the coordinator records on the calendar who came', async () => {
    // Every company of the file is invited to the boot camp as its track starts.
    await expect
      .poll(async () => (await calendar()).find((c) => c.kind === 'BOOT_CAMP')?.invitations.length ?? 0, { timeout: 60_000 })
      .toBe(10);
    const bootCamp = (await calendar()).find((c) => c.kind === 'BOOT_CAMP')!;
    // The boot camp is over: an hour after its end it is held and waits for its attendance.
    await h.sleepUntil(Date.parse(bootCamp.endsAt) + 3_600_000);
    await expect.poll(async () => (await calendar()).find((c) => c.id === bootCamp.id)!.status, { timeout: 60_000 }).toBe('HELD');

    await page.goto(`${baseUrl}/console/calendar.html?cohort=${COHORT}&camp=${encodeURIComponent(bootCamp.id)}#token=${coordinator}`);
    await expect.poll(() => page.getByTestId('invitation').count(), { timeout: 20_000 }).toBe(10);
    // A camp already held can no longer be moved or cancelled: the page offers neither.
    expect(await page.getByTestId('move-form').isVisible()).toBe(false);
    expect(await page.getByTestId('cancel-form').isVisible()).toBe(false);
    const form = page.locator('[data-testid="action"][data-route="POST /api/camps/:campId/attendance"]');
    await form.locator('summary').click();
    // The camp's companies are offered by name, the CVR as the value.
    const attendedPicker = form.locator('select[name="attended"]');
    await expect.poll(() => attendedPicker.locator('option').count(), { timeout: 20_000 }).toBe(10);
    await attendedPicker.selectOption([AALBORG.cafe.cvr, AALBORG.bikes.cvr, AALBORG.reuse.cvr]);
    await form.locator('select[name="absent"]').selectOption(KOLDING_PRINT);
    await form.getByRole('button').click();
    await expect.poll(() => form.getByTestId('action-result').textContent(), { timeout: 30_000 }).toBe('Udført.');
    expect(dialogs.at(-1)).toBe('Registrér hvem der deltog?');
    // The calendar shows the attendance at once (the last column: attended).
    const came = (name: string) => page.locator('[data-testid="invitation"]', { hasText: name }).locator('td').nth(3).textContent();
    await expect.poll(() => came(AALBORG.cafe.name)).toBe('Ja');
    expect(await came('Eksempel Trykkeri Kolding')).toBe('Nej');
    await page.getByTestId('camp-detail').screenshot({ path: shot('selection-attendance.png') });

    const attended = Object.fromEntries((await calendar()).find((c) => c.id === bootCamp.id)!.invitations.map((i) => [i.cvr, i.attended]));
    expect([attended[AALBORG.cafe.cvr], attended[AALBORG.bikes.cvr], attended[AALBORG.reuse.cvr]]).toEqual([true, true, true]);
    expect(attended[KOLDING_PRINT]).toBe(false);
    // With the attendance in, the boot camp is done for Aalborg's companies: they await the selection.
    await expect.poll(aalborgPhases, { timeout: 60_000 }).toEqual({
      [AALBORG.cafe.name]: 'SELECTION',
      [AALBORG.bikes.name]: 'SELECTION',
      [AALBORG.reuse.name]: 'SELECTION',
    });
  }, 300_000);

  it('on the dashboard the coordinator selects within the slots, is refused in words beyond them, and turns the last company down', async () => {
    await page.goto(`${baseUrl}/console/dashboard.html?cohort=${COHORT}#token=${coordinator}`);
    const aalborg = page.locator(`[data-testid="selection-municipality"][data-municipality="${AALBORG.code}"]`);
    await expect.poll(() => aalborg.getByTestId('selection-company').count(), { timeout: 20_000 }).toBe(3);
    const row = (cvr: string) => aalborg.locator(`[data-testid="selection-company"][data-cvr="${cvr}"]`);
    const result = aalborg.getByTestId('selection-result');
    for (const c of [AALBORG.cafe, AALBORG.bikes, AALBORG.reuse]) {
      expect(await row(c.cvr).getByTestId('selection-attended').textContent()).toBe('Deltog');
      expect(await row(c.cvr).getByTestId('selection-phase').textContent()).toBe('Til udvælgelse');
    }
    const kolding = page.locator(`[data-testid="selection-company"][data-cvr="${KOLDING_PRINT}"]`);
    expect(await kolding.getByTestId('selection-attended').textContent()).toBe('Deltog ikke');
    expect(await page.getByTestId(`selection-slots-${AALBORG.code}`).textContent()).toBe('2 pladser · 0 brugt · 2 fri');
    expect(await page.getByTestId(`slots-free-${AALBORG.code}`).textContent()).toBe('2');

    // The first two fill Aalborg's two slots; the figures follow without a reload.
    await row(AALBORG.cafe.cvr).getByRole('button', { name: 'Vælg', exact: true }).click();
    await expect
      .poll(() => result.textContent(), { timeout: 30_000 })
      .toBe(`${AALBORG.cafe.name} er udvalgt til acceleratoren: 1 af 2 pladser i Aalborg er brugt.`);
    expect(dialogs.at(-1)).toBe(
      `Vælg ${AALBORG.cafe.name} til acceleratoren i Aalborg? Den får en af kommunens 2 pladser (2 fri nu) og besked på e-mail.`,
    );
    await expect.poll(() => page.getByTestId(`slots-free-${AALBORG.code}`).textContent()).toBe('1');
    expect(await row(AALBORG.cafe.cvr).getByTestId('selection-phase').textContent()).toBe('Accelerator');
    expect(await row(AALBORG.cafe.cvr).getByRole('button').count()).toBe(0);

    await row(AALBORG.bikes.cvr).getByRole('button', { name: 'Vælg', exact: true }).click();
    await expect
      .poll(() => result.textContent(), { timeout: 30_000 })
      .toBe(`${AALBORG.bikes.name} er udvalgt til acceleratoren: 2 af 2 pladser i Aalborg er brugt.`);
    await expect.poll(() => page.getByTestId(`slots-free-${AALBORG.code}`).textContent()).toBe('0');
    expect(await page.getByTestId(`selection-slots-${AALBORG.code}`).textContent()).toBe('2 pladser · 2 brugt · 0 fri');
    expect(await page.getByTestId(`pipeline-selected-${AALBORG.code}`).textContent()).toBe('2');

    // A third is one more than the slots: refused in Danish, nothing decided, nothing sent.
    await row(AALBORG.reuse.cvr).getByRole('button', { name: 'Vælg', exact: true }).click();
    await expect
      .poll(() => result.textContent(), { timeout: 30_000 })
      .toBe(
        `Afvist: Aalborg har 2 pladser i acceleratoren, og de er alle brugt. ${AALBORG.reuse.name} er ikke udvalgt, og der er ikke sendt noget.`,
      );
    expect(await result.getAttribute('class')).toContain('refused');
    expect(await row(AALBORG.reuse.cvr).getByTestId('selection-phase').textContent()).toBe('Til udvælgelse');
    expect((await aalborgPhases())[AALBORG.reuse.name]).toBe('SELECTION');
    await page.locator('section[aria-labelledby="selection-heading"]').screenshot({ path: shot('selection.png') });

    // Turned down instead: a polite no by e-mail, and the company leaves the selection.
    await row(AALBORG.reuse.cvr).getByRole('button', { name: 'Vælg ikke' }).click();
    expect(dialogs.at(-1)).toBe(`Vælg ${AALBORG.reuse.name} fra? Virksomheden får et venligt afslag på e-mail. Beslutningen er endelig.`);
    await expect
      .poll(() => result.textContent(), { timeout: 30_000 })
      .toBe(`${AALBORG.reuse.name} er ikke udvalgt og får besked på e-mail.`);
    await expect.poll(() => row(AALBORG.reuse.cvr).getByTestId('selection-phase').textContent(), { timeout: 30_000 }).toBe('Ikke udvalgt');

    // The API tells the same: two in the accelerator, one not selected.
    await expect.poll(aalborgPhases, { timeout: 30_000 }).toEqual({
      [AALBORG.cafe.name]: 'ACCELERATOR',
      [AALBORG.bikes.name]: 'ACCELERATOR',
      [AALBORG.reuse.name]: 'NOT_SELECTED',
    });
    const dashboard = await get<{ municipalities: { code: string; slotsUsed: number; slotsFree: number }[] }>(
      `/api/cohorts/${COHORT}/dashboard`,
    );
    expect(dashboard.municipalities.find((m) => m.code === AALBORG.code)).toMatchObject({ slotsUsed: 2, slotsFree: 0 });

    // Each company hears of its decision once, in Danish; the refused selection sent nothing.
    await h.mail.waitFor(() => [AALBORG.cafe, AALBORG.bikes, AALBORG.reuse].every((c) => h.mail.to(c.email).some(isDecision)), 60_000);
    for (const c of [AALBORG.cafe, AALBORG.bikes])
      expect(
        h.mail
          .to(c.email)
          .filter(isDecision)
          .map((m) => m.parsed.subject),
      ).toEqual([expect.stringMatching(new RegExp(`: ${escapeRegExp(c.name)} er optaget i acceleratoren$`))]);
    expect(
      h.mail
        .to(AALBORG.reuse.email)
        .filter(isDecision)
        .map((m) => m.parsed.subject),
    ).toEqual([expect.stringMatching(/: tak for jeres interesse$/)]);
  }, 300_000);

  it('the coordinator moves an accelerator camp of the selected companies on the calendar', async () => {
    // The selected companies are invited to the accelerator's camps.
    const selected = [AALBORG.cafe.cvr, AALBORG.bikes.cvr];
    await expect
      .poll(
        async () =>
          (await calendar())
            .find((c) => c.kind === 'CAMP')
            ?.invitations.map((i) => i.cvr)
            .sort() ?? [],
        { timeout: 60_000 },
      )
      .toEqual(selected);
    const camp = (await calendar()).find((c) => c.kind === 'CAMP')!;
    const from = copenhagenDay(camp.startsAt);
    let to = addDays(from, 7);
    while (weekday(to) !== 2) to = addDays(to, 1);

    await page.goto(`${baseUrl}/console/calendar.html?cohort=${COHORT}&camp=${encodeURIComponent(camp.id)}#token=${coordinator}`);
    await expect.poll(() => page.getByTestId('invitation').count(), { timeout: 20_000 }).toBe(2);
    await page.getByTestId('move-date').fill(to);
    await page.getByTestId('move-form').getByRole('button').click();
    await expect.poll(() => page.getByTestId('camp-result').textContent(), { timeout: 30_000 }).toMatch(/^Flyttet til /);
    expect(dialogs.at(-1)).toContain(`Flyt »${camp.title}«`);
    await expect.poll(() => page.locator(`td[data-day="${to}"] [data-camp="${camp.id}"]`).count()).toBe(1);
    await page.screenshot({ path: shot('selection-camp-moved.png'), fullPage: true });

    const moved = (await calendar()).find((c) => c.id === camp.id)!;
    expect(copenhagenDay(moved.startsAt)).toBe(to);
    expect(moved.status).toBe('MOVED');
    // The move leaves the decisions as they were.
    expect(await aalborgPhases()).toEqual({
      [AALBORG.cafe.name]: 'ACCELERATOR',
      [AALBORG.bikes.name]: 'ACCELERATOR',
      [AALBORG.reuse.name]: 'NOT_SELECTED',
    });
  }, 300_000);
});

/** The selection's e-mails: the yes ("er optaget i acceleratoren") and the polite no. */
function isDecision(m: { parsed: { subject?: string } }): boolean {
  return /er optaget i acceleratoren$|tak for jeres interesse$/.test(m.parsed.subject ?? '');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
