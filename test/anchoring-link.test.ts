// A company answers its anchoring check by the personal link in the e-mail, as received over SMTP and
// opened in Chromium: the link's page, the answer moving the company track at once, and the refusals
// (a replayed answer, a forged link, an expired one), each audited.
import type { FastifyInstance } from 'fastify';
import { simpleParser } from 'mailparser';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCohortCamps } from '../activities/company/camps.js';
import { anchoringLinkExpiresAt, anchoringToken, verifyAnchoringToken } from '../links/anchoring-token.js';
import { rsvpToken } from '../links/rsvp-token.js';
import { answerCampRsvp, recordCampAttendance, selectCompanies } from '../client/operations/companies.js';
import { companyTrackSummaryQuery, companyTrackWorkflowId } from '../contracts/index.js';
import { addWorkingDays, instantAt } from '../domain/calendar.js';
import { anchoringCheckDates, SEND_AT } from '../domain/camp-plan.js';
import { companyTrackWorkflow } from '../workflows/index.js';
import { createTestApi } from './support/api.js';
import { openChromium, type Chromium } from './support/chromium.js';
import { COMPANY_PLAN, companyTrackInput, seedCohort, type CompanyFixture } from './support/company-fixtures.js';
import { createHarness, TEST_CONFIG, type Harness } from './support/temporal.js';

describe('anchoring tokens', () => {
  const secret = TEST_CONFIG.LINK_SECRET;
  it('name the company track and the check, and are refused when altered, signed with another secret or made for an RSVP', () => {
    const token = anchoringToken(secret, 'klynge-1-2019-90000004', 2);
    expect(verifyAnchoringToken(secret, token)).toEqual({ companyTrackId: 'klynge-1-2019-90000004', checkNo: 2 });
    expect(anchoringToken(secret, 'klynge-1-2019-90000004', 2)).toBe(token);
    const [, signature] = token.split('.');
    const otherCheck = `${Buffer.from(JSON.stringify(['klynge-1-2019-90000004', 3])).toString('base64url')}.${signature}`;
    for (const bad of [
      otherCheck,
      anchoringToken('another-secret-of-at-least-32-chars!!', 'klynge-1-2019-90000004', 2),
      rsvpToken(secret, 'klynge-1-2019-camp-01', 'klynge-1-2019-90000004'),
      'no-dot-here',
      `${token}x`,
    ]) {
      expect(() => verifyAnchoringToken(secret, bad), bad).toThrow(expect.objectContaining({ name: 'InvalidTokenError', field: 'token' }));
    }
  });
  it("expire the given number of days after the end of the check's day", () => {
    expect(anchoringLinkExpiresAt('2029-03-09', 60).toISOString()).toBe('2029-05-08T23:59:59.000Z');
  });
});

describe('anchoring check answered by the personal link in the e-mail', () => {
  let h: Harness;
  let app: FastifyInstance;
  let baseUrl: string;
  let chromium: Chromium | undefined;
  let page: Page;

  beforeAll(async () => {
    h = await createHarness();
    await h.startWorker();
    app = await createTestApi(h);
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    chromium = await openChromium();
    ({ page } = chromium);
    // The worker writes links under PUBLIC_BASE_URL; this test's API listens on a port of its own.
    await chromium.browser.route(`${TEST_CONFIG.PUBLIC_BASE_URL}/**`, (route) =>
      route.continue({ url: route.request().url().replace(TEST_CONFIG.PUBLIC_BASE_URL, baseUrl) }),
    );
  });
  afterAll(async () => {
    await chromium?.close();
    await app?.close();
    await h?.close();
  });

  const ctx = () => ({ client: h.env.client, db: h.db, taskQueue: h.taskQueue, linkSecret: TEST_CONFIG.LINK_SECRET });
  const hour = 3_600_000;

  it('the company opens the link, answers PARTLY with 2 participants; the track has the answer at once; replay, forgery and expiry are refused', async () => {
    const cohort = await seedCohort(h.db, { cohortId: 'forankring-2027', year: 2027, perMunicipality: 1, cvrPrefix: '5600' });
    const camps = await ensureCohortCamps(h.db, { cohortId: cohort.cohortId, year: cohort.year, plan: COMPANY_PLAN });
    const a = cohort.companies.find((c) => c.municipalityCode === '621') as CompanyFixture;
    const handle = await h.env.client.workflow.start(companyTrackWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: companyTrackWorkflowId(cohort.cohortId, a.cvr),
      args: [companyTrackInput(cohort, camps, a)],
    });
    await h.mail.waitFor(() => h.mail.to(a.email).length === 1, 30_000);
    const invitation = await h.db.campInvitation.findUniqueOrThrow({
      where: { campId_companyId: { campId: camps.bootCampId, companyId: a.id } },
    });
    await answerCampRsvp(ctx(), { token: invitation.token, answer: 'YES' });
    await h.sleepUntil(instantAt('2027-11-16', '18:00'));
    await recordCampAttendance(ctx(), { campId: camps.bootCampId, attendance: [{ cvr: a.cvr, attended: true }] });
    await expect.poll(async () => (await handle.query(companyTrackSummaryQuery)).phase, { timeout: 30_000 }).toBe('SELECTION');
    await expect
      .poll(async () => (await h.db.companyTrack.findUniqueOrThrow({ where: { workflowId: handle.workflowId } })).phase, {
        timeout: 30_000,
      })
      .toBe('SELECTION');
    await selectCompanies(ctx(), { cohortId: cohort.cohortId, municipalityCode: '621', selected: [a.cvr] });

    // The first anchoring check two months after the accelerator.
    const checks = anchoringCheckDates(camps.acceleratorEndsOn, COMPANY_PLAN.anchoring.checksAtMonths);
    await h.sleepUntil(instantAt(checks[0]!.on, SEND_AT) + hour);
    const isCheck = (m: { parsed: { subject?: string } }) => /forankringstjek 1 /.test(m.parsed.subject ?? '');
    await h.mail.waitFor(() => h.mail.to(a.email).some(isCheck) && h.mail.to(cohort.employmentActorEmail).some(isCheck), 60_000);

    // The employment actor answers by its contact person, as before: its copy has no link.
    const actorCopy = await simpleParser(h.mail.to(cohort.employmentActorEmail).find(isCheck)!.raw);
    expect(actorCopy.text).toContain('Svar din kontaktperson eller koordinatoren');
    expect(String(actorCopy.html)).not.toContain('/rsvp/forankring/');

    // The company's copy, parsed from the bytes the SMTP server received.
    const received = await simpleParser(h.mail.to(a.email).find(isCheck)!.raw);
    expect(received.text).not.toContain('Svar din kontaktperson');
    const textLink = /Svar her senest \d{4}-\d{2}-\d{2}: (\S+)/.exec(received.text ?? '')?.[1];
    expect(textLink).toMatch(new RegExp(`^${TEST_CONFIG.PUBLIC_BASE_URL.replace(/\./g, '\\.')}/rsvp/forankring/[^/?]+$`));
    const token = decodeURIComponent(new URL(textLink!).pathname.split('/').pop()!);
    expect(verifyAnchoringToken(TEST_CONFIG.LINK_SECRET, token)).toEqual({
      companyTrackId: (await h.db.companyTrack.findUniqueOrThrow({ where: { workflowId: handle.workflowId } })).id,
      checkNo: 1,
    });

    // The HTML part as a mail client shows it; the link clicked as the recipient clicks it.
    await page.setContent(String(received.html));
    const link = page.locator('a[href*="/rsvp/forankring/"]');
    expect(await link.getAttribute('href')).toBe(textLink);
    const [opened] = await Promise.all([page.waitForNavigation(), link.click()]);
    expect(opened?.status()).toBe(200);
    await page.getByRole('heading', { name: `Forankringstjek 1 for ${a.name}` }).waitFor();
    // Opening the page records nothing.
    expect((await handle.query(companyTrackSummaryQuery)).anchoringAnswers).toEqual([]);
    await page.getByLabel('Delvist').check();
    await page.locator('input[name="buddiesActive"][value="true"]').check();
    await page.getByLabel('Hvor mange borgere er startet hos jer siden sidste tjek?').fill('2');
    const [answered] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Send svar' }).click()]);
    expect(answered?.status()).toBe(200);
    await page.getByRole('heading', { name: 'Tak for svaret' }).waitFor();
    expect(await page.textContent('body')).toContain('den sociale model er i brug: Delvist');

    // The track has the answer as the company's, at once.
    const summary = await handle.query(companyTrackSummaryQuery);
    expect(summary.anchoringAnswers).toEqual([
      {
        checkNo: 1,
        respondent: 'COMPANY',
        socialModelInUse: 'PARTLY',
        buddiesActive: true,
        participantsOnboarded: 2,
        answeredOn: checks[0]!.on,
      },
    ]);
    const audit = await h.db.auditLog.findFirstOrThrow({ where: { action: 'POST /rsvp/forankring/:token', allowed: true } });
    expect(audit).toMatchObject({ entity: 'CompanyTrack', details: { checkNo: 1, socialModelInUse: 'PARTLY', via: 'link' } });
    expect(JSON.stringify(audit.details)).not.toContain(token);

    // Back on the page: answered already; a second answer (the form sent again) changes nothing.
    await expect
      .poll(
        async () =>
          (
            (await h.db.companyTrack.findUniqueOrThrow({ where: { workflowId: handle.workflowId } })).summary as {
              anchoringAnswers: unknown[];
            }
          ).anchoringAnswers.length,
        { timeout: 30_000 },
      )
      .toBe(1);
    await page.goto(textLink!);
    expect(await page.textContent('body')).toContain('I har allerede svaret på dette forankringstjek');
    const replay = await app.inject({ method: 'POST', url: new URL(textLink!).pathname, payload: { socialModelInUse: 'NO' } });
    expect(replay.statusCode).toBe(409);
    expect(replay.body).toContain('Allerede besvaret');
    expect((await handle.query(companyTrackSummaryQuery)).anchoringAnswers).toHaveLength(1);

    // A forged link (another check, the signature kept) is refused and audited; an RSVP token is no anchoring token.
    const [body, signature] = token.split('.') as [string, string];
    const forgedBody = Buffer.from(JSON.stringify([JSON.parse(Buffer.from(body, 'base64url').toString())[0], 2])).toString('base64url');
    const forged = await app.inject({
      method: 'POST',
      url: `/rsvp/forankring/${forgedBody}.${signature}`,
      payload: { socialModelInUse: 'YES' },
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('Linket virker ikke');
    const rsvpAsAnchoring = await app.inject({ method: 'GET', url: `/rsvp/forankring/${encodeURIComponent(invitation.token)}` });
    expect(rsvpAsAnchoring.statusCode).toBe(403);
    expect(
      await h.db.auditLog.count({
        where: {
          action: { startsWith: 'POST /rsvp/forankring' },
          allowed: false,
          details: { path: ['reason'], string_contains: 'signature' },
        },
      }),
    ).toBe(1);
    expect((await handle.query(companyTrackSummaryQuery)).anchoringAnswers).toHaveLength(1);

    // After the follow-up has closed the link has expired: a page that says so, and nothing recorded.
    const last = checks[checks.length - 1]!;
    await h.sleepUntil(instantAt(addWorkingDays(addWorkingDays(last.remindOn, 5), 2), SEND_AT));
    await expect
      .poll(async () => (await h.db.companyTrack.findUniqueOrThrow({ where: { workflowId: handle.workflowId } })).phase, {
        timeout: 60_000,
      })
      .toBe('COMPLETED');
    await page.goto(textLink!);
    expect(await page.textContent('body')).toContain('Linket er udløbet');
    const late = await app.inject({ method: 'POST', url: new URL(textLink!).pathname, payload: { socialModelInUse: 'YES' } });
    expect(late.statusCode).toBe(410);
    expect(
      await h.db.auditLog.count({
        where: { action: 'POST /rsvp/forankring/:token', allowed: false, details: { path: ['reason'], equals: 'the follow-up has ended' } },
      }),
    ).toBe(1);
  }, 300_000);
});
