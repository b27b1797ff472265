// Every console page in Danish, as its users see it: headless Chromium against the cohort started from
// the shipped example file, with the real worker on a time-skipping server. No page shows an English
// word of the known leftovers or a raw enum name of the schema; the forms offer the cohort's companies,
// municipalities and tracks by name where the value can be offered, and an action taken with such a
// picker goes through.
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, type Principal } from '../client/api/auth.js';
import { startConsoleOnShippedCohort, type ConsoleOnShippedCohort } from './support/console-on-shipped-cohort.js';
import { TEST_CONFIG, type Harness } from './support/temporal.js';
import { leftovers, visibleText } from './support/visible-text.js';

const COHORT = 'klynge-1-2019';
const PROGRAMME = 'growth-partnership-2019';

describe('every console page in Danish, with pickers in its forms', () => {
  let run: ConsoleOnShippedCohort | undefined;
  let h: Harness;
  let app: FastifyInstance;
  let baseUrl: string;
  let page: Page;

  const token = (role: Principal['role'], scope: Principal['scope'], sub: string) =>
    issueToken(TEST_CONFIG.LINK_SECRET, { sub, role, scope }, 3600);
  const coordinator = () => token('coordinator', { programmeIds: [PROGRAMME] }, 'koordinator@dobbeltspor.example.dk');
  const operator = () => token('operator', {}, 'driftsvagt@dobbeltspor.example.dk');

  beforeAll(async () => {
    run = await startConsoleOnShippedCohort(coordinator());
    ({ h, app, baseUrl, page } = run);
  }, 300_000);
  afterAll(() => run?.close());

  /** The page in Danish: the language, the shared switch, and nothing left in English or as an enum. */
  async function expectDanish(what: string) {
    expect(await page.locator('html').getAttribute('lang'), what).toBe('da');
    expect(await page.getByTestId('language').inputValue(), `${what}: the language switch`).toBe('da');
    expect(leftovers(await visibleText(page)), what).toEqual([]);
  }

  it("shows each of a coordinator's pages in Danish", async () => {
    // Every company's track is there before the pages are read.
    const companies = await h.db.partnershipCompany.count({ where: { partnership: { cohortId: COHORT } } });
    await expect.poll(() => h.db.companyTrack.count({ where: { cohortId: COHORT } }), { timeout: 60_000 }).toBe(companies);
    await page.goto(`${baseUrl}/console/work.html?cohort=${COHORT}#token=${coordinator()}`);
    await page.getByTestId('work-table').waitFor();
    await expect.poll(() => page.getByTestId('status').textContent()).not.toBe('');
    await expectDanish('work queue');

    await page.goto(`${baseUrl}/console/dashboard.html?cohort=${COHORT}`);
    await page.getByTestId('municipality-row').first().waitFor();
    await expectDanish('dashboard');

    const camp = await h.db.camp.findFirstOrThrow({ where: { cohortId: COHORT, kind: 'BOOT_CAMP' }, orderBy: { startsAt: 'asc' } });
    await page.goto(`${baseUrl}/console/calendar.html?cohort=${COHORT}&camp=${camp.id}`);
    await expect.poll(() => page.getByTestId('invitation').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await expectDanish('calendar');

    const participant = await h.db.participantTrack.findFirstOrThrow({ where: { cohortId: COHORT } });
    await page.goto(`${baseUrl}/console/index.html?kind=participant&cohort=${COHORT}&track=${participant.id}`);
    await page.getByTestId('timeline').locator('li').first().waitFor();
    await expectDanish('participant track');

    const company = await h.db.companyTrack.findFirstOrThrow({ where: { cohortId: COHORT } });
    await page.goto(`${baseUrl}/console/index.html?kind=company&cohort=${COHORT}&track=${company.id}`);
    await page.getByTestId('timeline').locator('li.event[data-kind="invitation"]').first().waitFor();
    await expectDanish('company track');

    await page.goto(`${baseUrl}/console/openings.html?cohort=${COHORT}`);
    await expect
      .poll(async () => `${await page.getByTestId('openings-status').textContent()}${await page.locator('#error').textContent()}`, {
        timeout: 30_000,
      })
      .toBe('Ingen jobåbninger.');
    await expectDanish('job openings');
  }, 120_000);

  it("shows each of an operator's pages in Danish", async () => {
    // The stuck workflows page is read in Danish by test/stuck-workflows.test.ts, against a server that lists workflows.
    await page.goto(`${baseUrl}/console/outbox.html?cohort=${COHORT}#token=${operator()}`);
    await expect.poll(() => page.getByTestId('outbox-status').textContent()).not.toBe('');
    await expectDanish('outbox');

    await page.goto(`${baseUrl}/console/index.html?kind=company&cohort=${COHORT}`);
    await expect.poll(() => page.locator('[data-testid="track-row"]').count()).toBeGreaterThan(0);
    await expectDanish('track list');
  }, 120_000);

  it("offers the cohort's municipalities and companies by name in the selection form, the id as the value", async () => {
    await page.goto(`${baseUrl}/console/dashboard.html?cohort=${COHORT}#token=${coordinator()}`);
    await page.getByTestId('municipality-row').first().waitFor();
    const form = page.locator('[data-route="POST /api/cohorts/:cohortId/selection"]');
    await form.locator('summary').click();
    const municipality = form.locator('select[name="municipalityCode"]');
    await expect.poll(() => municipality.locator('option').count()).toBeGreaterThan(1);
    const partnerships = await h.db.partnership.findMany({ where: { cohortId: COHORT }, include: { municipality: true } });
    const offered = await municipality.locator('option').evaluateAll((os) => os.map((o) => [o.getAttribute('value'), o.textContent]));
    expect(offered.slice(1).sort()).toEqual(partnerships.map((p) => [p.municipalityCode, p.municipality.name]).sort());
    const selected = form.locator('select[name="selected"]');
    const companies = await h.db.companyTrack.findMany({ where: { cohortId: COHORT }, include: { company: true } });
    await expect.poll(() => selected.locator('option').count()).toBe(companies.length);
    const c = companies[0]!.company;
    expect(await selected.locator(`option[value="${c.cvr}"]`).textContent()).toMatch(new RegExp(`^${c.name} \\(CVR ${c.cvr}\\)`));
  }, 60_000);

  it("a coordinator records who attended the boot camp by picking the companies' names; the invitations say so", async () => {
    const camp = await h.db.camp.findFirstOrThrow({
      where: { cohortId: COHORT, kind: 'BOOT_CAMP' },
      include: { invitations: { include: { company: true } } },
      orderBy: { startsAt: 'asc' },
    });
    const [came, stayed] = camp.invitations;
    expect(came && stayed).toBeTruthy();
    await page.goto(`${baseUrl}/console/calendar.html?cohort=${COHORT}&camp=${camp.id}#token=${coordinator()}`);
    await expect.poll(() => page.getByTestId('invitation').count(), { timeout: 20_000 }).toBe(camp.invitations.length);
    const form = page.locator('[data-route="POST /api/camps/:campId/attendance"]');
    await form.locator('summary').click();
    const attended = form.locator('select[name="attended"]');
    await expect.poll(() => attended.locator('option').count()).toBe(camp.invitations.length);
    // Picked by the names a coordinator knows; the CVR numbers go to the API.
    await attended.selectOption({ label: `${came!.company.name} (CVR ${came!.company.cvr})` });
    await form.locator('select[name="absent"]').selectOption({ label: `${stayed!.company.name} (CVR ${stayed!.company.cvr})` });
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => form.getByTestId('action-result').textContent(), { timeout: 30_000 }).toBe('Udført.');
    await expect
      .poll(
        async () => (await h.db.campInvitation.findMany({ where: { id: { in: [came!.id, stayed!.id] } } })).map((i) => [i.id, i.attended]),
        {
          timeout: 30_000,
        },
      )
      .toEqual(
        expect.arrayContaining([
          [came!.id, true],
          [stayed!.id, false],
        ]),
      );
  }, 120_000);
});
