// The console's job-openings page in Chromium, as a coordinator uses it: an opening registered by the
// page's form, listed with its status and deadline as the opening's workflow projected them, and a
// resident proposed from its row; the company receives the proposal mail.
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../client/api/auth.js';
import { createTestApi } from './support/api.js';
import { openChromium, type Chromium } from './support/chromium.js';
import { startCohortFile } from './support/cohort-file.js';
import { createHarness, TEST_CONFIG, type Harness } from './support/temporal.js';

const FILE = fileURLToPath(new URL('../cohorts/boligjob-viborg-silkeborg-2021.yaml', import.meta.url));
const COHORT = 'boligjob-viborg-silkeborg-2021';

describe('console: job openings', () => {
  let h: Harness;
  let app: FastifyInstance;
  let chromium: Chromium | undefined;
  let page: Page;
  let baseUrl: string;

  beforeAll(async () => {
    h = await createHarness();
    await h.startWorker();
    const year = Number((await h.today()).slice(0, 4)) + 1;
    await startCohortFile({ client: h.env.client, db: h.db, taskQueue: h.taskQueue, namespace: 'default' }, { file: FILE, year });
    app = await createTestApi(h);
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    chromium = await openChromium();
    ({ page } = chromium);
  }, 180_000);
  afterAll(async () => {
    await chromium?.close();
    await app?.close();
    await h?.close();
  });

  it('registers an opening by the form and proposes a resident from its row', async () => {
    const token = issueToken(
      TEST_CONFIG.LINK_SECRET,
      { sub: 'koordinator@boligjob.example.dk', role: 'coordinator', scope: { programmeIds: ['housing-job-match'] } },
      3600,
    );
    await page.goto(`${baseUrl}/console/openings.html?cohort=${COHORT}#token=${token}`);
    await expect.poll(() => page.textContent('[data-testid="openings-status"]'), { timeout: 30_000 }).toBe('Ingen jobåbninger.');
    // The company is picked by its name where the cohort's companies can be listed, else its CVR is typed.
    const cvr = page.locator('#register-form [name="cvr"]');
    if ((await cvr.evaluate((el) => el.tagName)) === 'SELECT') await cvr.selectOption('91000016');
    else await cvr.fill('91000016');
    await page.getByLabel('Slags').selectOption('FLEX_JOB');
    await page.getByLabel('Stilling').fill('Malerhjælper');
    await page.getByLabel('Timer om ugen').fill('15');
    await page.getByRole('button', { name: 'Meld jobåbningen' }).click();
    await expect.poll(() => page.textContent('[data-testid="openings-status"]'), { timeout: 60_000 }).toBe('Jobåbningen er meldt.');
    const row = page.locator('[data-testid="opening-row"]');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toMatch(/Fleksjob \(15 t\/uge\).*Malerhjælper.*Eksempel Malerfirma Viborg.*Åben/s);
    const opening = await h.db.jobOpening.findFirstOrThrow({ include: { company: true } });
    expect(opening).toMatchObject({ kind: 'FLEX_JOB', title: 'Malerhjælper', registeredBy: 'koordinator@boligjob.example.dk' });

    // The resident is picked by name; the track's id is the value sent.
    const resident = await h.db.participantTrack.findUniqueOrThrow({
      where: { id: `${COHORT}-beboer-viborg-1` },
      include: { participant: true },
    });
    const residentName = `${resident.participant.givenName} ${resident.participant.familyName}`;
    await row.getByLabel('Beboer').selectOption(resident.id);
    await row.getByRole('button', { name: 'Foreslå' }).click();
    await expect
      .poll(async () => `${await page.textContent('[data-testid="openings-status"]')} ${await page.textContent('#error')}`, {
        timeout: 60_000,
      })
      .toContain('Forslaget er sendt til virksomheden.');
    expect(await row.textContent()).toContain(`${residentName}: afventer svar`);
    await h.mail.waitFor(
      () => h.mail.to('maja@maler-viborg.example.dk').some((m) => /Forslag til jeres jobåbning/.test(m.parsed.subject ?? '')),
      60_000,
    );

    // A refusal is shown, not swallowed: the same resident twice.
    await row.getByLabel('Beboer').selectOption(resident.id);
    await row.getByRole('button', { name: 'Foreslå' }).click();
    await expect.poll(() => page.textContent('#error'), { timeout: 30_000 }).toContain('has been proposed for opening');

    // The page's confirmed actions: the open opening is offered by its title and company, and withdrawn.
    const asked: string[] = [];
    page.on('dialog', (d) => {
      asked.push(d.message());
      void d.accept();
    });
    const withdraw = page.locator('[data-testid="action"][data-route="POST /api/job-openings/:openingId/withdraw"]');
    await withdraw.locator('summary').click();
    const picker = withdraw.locator('select[name="openingId"]');
    await expect.poll(() => picker.locator('option').count()).toBe(2);
    expect(await picker.locator(`option[value="${opening.id}"]`).textContent()).toBe('Malerhjælper · Eksempel Malerfirma Viborg');
    await picker.selectOption(opening.id);
    await withdraw.getByRole('button', { name: 'Træk en jobåbning tilbage' }).click();
    await expect.poll(() => withdraw.getByTestId('action-result').textContent(), { timeout: 60_000 }).toBe('Udført.');
    expect(asked.at(-1)).toBe('Træk en jobåbning tilbage?');
    await expect
      .poll(async () => (await h.db.jobOpening.findUniqueOrThrow({ where: { id: opening.id } })).status, { timeout: 60_000 })
      .toBe('WITHDRAWN');
  }, 180_000);
});
