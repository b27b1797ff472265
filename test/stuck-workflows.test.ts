// The operator's stuck-workflows view, read from Temporal's visibility and describe on a real dev
// server: an operator's e-mail retry that fails (the receiving server refuses the address), one whose
// send keeps being retried (the server answers 451), a workflow whose every task fails (a bug in
// the workflow code) and one an operator terminated — each listed with its error, a Web UI link and
// what to do; a healthy one is not. Then the same in the console, in Chromium.
import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailTransport } from '../activities/mail/transport.js';
import { issueToken } from '../client/api/auth.js';
import { createApi } from '../client/api/create-api.js';
import type { StuckWorkflow } from '../client/operations/stuck-workflows.js';
import { MailSink } from '../scripts/mail-sink.js';
import { createWorker } from '../worker/create-worker.js';
import { resendEmailWorkflow } from '../workflows/index.js';
import { openChromium, type Chromium } from './support/chromium.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { startDevServer, TEST_CONFIG, uniqueId } from './support/temporal.js';
import { leftovers, visibleText } from './support/visible-text.js';

const WEB_UI = 'http://temporal.example.dk:8233';
const SCREENSHOT = fileURLToPath(new URL('../docs/stuck-workflows.png', import.meta.url));
const REFUSED = 'ukendt@virksomhed.example.dk';
const BUSY = 'travl@virksomhed.example.dk';

describe('stuck workflows, read from Temporal (dev server), through the API and the console', () => {
  let dev: TestWorkflowEnvironment;
  let database: TestDatabase;
  const mail = new MailSink();
  let mailer: ReturnType<typeof createMailTransport>;
  const workers: Array<{ worker: Worker; running: Promise<void> }> = [];
  let app: FastifyInstance;
  let baseUrl: string;
  const taskQueue = uniqueId('tq');
  const operator = issueToken(TEST_CONFIG.LINK_SECRET, { sub: 'driftsvagt@dobbeltspor.dk', role: 'operator', scope: {} }, 3600);
  const ids = { refused: '', busy: '', broken: uniqueId('broken-plan'), terminated: uniqueId('waiting'), healthy: uniqueId('waiting') };
  const outbox = { refused: '', busy: '' };

  async function outboxRow(to: string, key: string): Promise<string> {
    const row = await database.db.emailOutbox.create({
      data: {
        idempotencyKey: key,
        toAddress: to,
        subject: 'Invitation til bootcamp',
        template: 'camp-invitation',
        html: '<p>Velkommen</p>',
        text: 'Velkommen',
        workflowId: `camp-${key}`,
      },
    });
    return row.id;
  }

  beforeAll(async () => {
    [dev, database] = await Promise.all([startDevServer(), createTestDatabase(), mail.start()]);
    mailer = createMailTransport(mail.smtpUrl);
    const real = await createWorker({
      connection: dev.nativeConnection,
      namespace: 'default',
      taskQueue,
      deps: { db: database.db, mailer, config: TEST_CONFIG },
    });
    // Workflows with a bug, on a queue of their own: the application's workflows have none to show.
    const buggy = await Worker.create({
      connection: dev.nativeConnection,
      namespace: 'default',
      taskQueue: `${taskQueue}-buggy`,
      workflowsPath: fileURLToPath(new URL('./support/failing-workflows.ts', import.meta.url)),
    });
    for (const worker of [real, buggy]) workers.push({ worker, running: worker.run() });

    mail.rejectRecipients.add(REFUSED);
    outbox.refused = await outboxRow(REFUSED, 'stuck-refused');
    outbox.busy = await outboxRow(BUSY, 'stuck-busy');
    // An operator's retries, as POST /api/emails/:id/retry starts them.
    ids.refused = `email-retry-${outbox.refused}-0`;
    ids.busy = `email-retry-${outbox.busy}-0`;
    const refused = await dev.client.workflow.start(resendEmailWorkflow, {
      taskQueue,
      workflowId: ids.refused,
      args: [{ outboxId: outbox.refused }],
    });
    // The 550 is permanent: the retry fails at once, its e-mail FAILED.
    await refused.result().catch(() => undefined);
    // The busy server answers 451 to everything from now on: the send is retried and retried.
    mail.failNext = 1_000;
    await dev.client.workflow.start(resendEmailWorkflow, { taskQueue, workflowId: ids.busy, args: [{ outboxId: outbox.busy }] });
    await dev.client.workflow.start('brokenPlanWorkflow', { taskQueue: `${taskQueue}-buggy`, workflowId: ids.broken, args: [{}] });
    await dev.client.workflow.start('waitingWorkflow', { taskQueue: `${taskQueue}-buggy`, workflowId: ids.healthy });
    const terminated = await dev.client.workflow.start('waitingWorkflow', { taskQueue: `${taskQueue}-buggy`, workflowId: ids.terminated });
    await terminated.terminate('stopped by an operator: started in the wrong cohort');

    app = await createApi({
      client: dev.client,
      db: database.db,
      config: {
        LINK_SECRET: TEST_CONFIG.LINK_SECRET,
        PUBLIC_BASE_URL: TEST_CONFIG.PUBLIC_BASE_URL,
        TEMPORAL_UI_URL: WEB_UI,
        TEMPORAL_NAMESPACE: 'default',
        TASK_QUEUE: taskQueue,
      },
    });
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    for (const { worker, running } of workers) {
      worker.shutdown();
      await running.catch(() => undefined);
    }
    mailer?.close();
    await dev?.teardown();
    await mail.stop();
    await database?.drop();
  });

  async function stuck(query = 'minAttempts=2'): Promise<StuckWorkflow[]> {
    const res = await app.inject({ method: 'GET', url: `/api/workflows/stuck?${query}`, headers: { authorization: `Bearer ${operator}` } });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: StuckWorkflow[] }).items;
  }
  const problems = (items: StuckWorkflow[]) =>
    Object.fromEntries(items.filter((i) => Object.values(ids).includes(i.workflowId)).map((i) => [i.workflowId, i.problem]));

  it('lists each stuck workflow from Temporal with its error, a Web UI link and the action to take; a healthy one is not listed', async () => {
    // The busy e-mail's second attempt comes 10 s after its first (the e-mail retry policy).
    await expect
      .poll(async () => problems(await stuck()), { timeout: 60_000, interval: 1_000 })
      .toEqual({
        [ids.refused]: 'FAILED',
        [ids.busy]: 'ACTIVITY_RETRYING',
        [ids.broken]: 'WORKFLOW_TASK_FAILING',
        [ids.terminated]: 'TERMINATED',
      });
    const items = await stuck();
    const by = (id: string) => items.find((i) => i.workflowId === id)!;

    expect(by(ids.refused)).toMatchObject({
      type: 'resendEmailWorkflow',
      action: { kind: 'retry-email', outboxIds: [outbox.refused] },
      emails: [{ id: outbox.refused, status: 'FAILED' }],
    });
    expect(by(ids.refused).error).toMatch(/550/);
    expect((await database.db.emailOutbox.findUniqueOrThrow({ where: { id: outbox.refused } })).status).toBe('FAILED');
    expect(by(ids.busy)).toMatchObject({ activity: 'resendEmail', action: { kind: 'fix-cause' } });
    expect(by(ids.busy).attempts).toBeGreaterThanOrEqual(2);
    expect(by(ids.busy).error).toMatch(/451/);
    expect(by(ids.broken)).toMatchObject({ type: 'brokenPlanWorkflow', action: { kind: 'reset' } });
    expect(by(ids.broken).error).toMatch(/Cannot read properties of undefined \(reading 'months'\)/);
    expect(by(ids.broken).attempts).toBeGreaterThanOrEqual(2);
    expect(by(ids.broken).action.command).toContain(`--workflow-id ${ids.broken} --run-id ${by(ids.broken).runId}`);
    expect(by(ids.terminated).error).toContain('stopped by an operator: started in the wrong cohort');
    for (const item of items) {
      expect(item.temporalUrl).toBe(`${WEB_UI}/namespaces/default/workflows/${encodeURIComponent(item.workflowId)}/${item.runId}/history`);
      expect(Number.isNaN(Date.parse(item.since))).toBe(false);
    }
    // No recipient's address in what the view shows.
    expect(JSON.stringify(items)).not.toMatch(/virksomhed\.example\.dk/);
    // The busy e-mail has had fewer than 50 attempts: with that threshold it is not stuck yet.
    expect(problems(await stuck('minAttempts=50'))[ids.busy]).toBeUndefined();
  }, 90_000);

  it('is for operators only', async () => {
    const coordinator = issueToken(
      TEST_CONFIG.LINK_SECRET,
      { sub: 'anna@example.dk', role: 'coordinator', scope: { programmeIds: ['growth-partnership-2019'] } },
      3600,
    );
    const res = await app.inject({ method: 'GET', url: '/api/workflows/stuck', headers: { authorization: `Bearer ${coordinator}` } });
    expect(res.statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/workflows/stuck' })).statusCode).toBe(401);
  });

  describe('in the console (Chromium)', () => {
    let chromium: Chromium | undefined;
    let page: Page;
    beforeAll(async () => {
      // A browser far from Denmark: the view must still show Danish time.
      chromium = await openChromium({ viewport: { width: 1440, height: 900 }, timezoneId: 'America/New_York' });
      ({ page } = chromium);
    });
    afterAll(() => chromium?.close());

    const row = (workflowId: string) => page.locator(`tr[data-workflow-id="${workflowId}"]`);

    it('an operator finds the stuck workflows from the console, in Danish with Copenhagen times, and retries the failed e-mail', async () => {
      await page.goto(`${baseUrl}/console/#token=${operator}`);
      await page.getByTestId('stuck-link').click();
      await page.waitForURL(/stuck\.html/);
      await page.fill('#min-attempts', '2');
      await page.click('#stuck-filters button[type="submit"]');
      const counts = () => Promise.all([ids.refused, ids.busy, ids.broken, ids.terminated].map((id) => row(id).count()));
      await expect.poll(counts, { timeout: 30_000 }).toEqual([1, 1, 1, 1]);
      expect(await row(ids.healthy).count()).toBe(0);

      expect(await row(ids.refused).textContent()).toContain('Fejlet');
      expect(await row(ids.busy).textContent()).toMatch(/Aktivitet prøver igen \(forsøg \d+\)/);
      expect(await row(ids.busy).textContent()).toContain('Ret årsagen (fx SMTP-serveren); aktiviteten prøver selv igen.');
      expect(await row(ids.broken).textContent()).toMatch(/Workflow-opgave fejler \(forsøg \d+\)/);
      expect(await row(ids.broken).textContent()).toContain("reading 'months'");
      expect(await row(ids.broken).locator('code').textContent()).toContain(
        `temporal workflow reset --namespace default --workflow-id ${ids.broken}`,
      );
      expect(await row(ids.terminated).textContent()).toContain('Afbrudt');
      // Copenhagen time with its zone, though the browser is in New York.
      const time = row(ids.terminated).locator('time');
      const since = new Date((await time.getAttribute('datetime'))!);
      const copenhagen = new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', hour: '2-digit', minute: '2-digit' }).format(
        since,
      );
      expect(await time.textContent()).toContain(copenhagen);
      expect(await time.textContent()).toMatch(/CET|CEST/);
      expect(await row(ids.broken).getByRole('link', { name: 'Åbn i Temporal Web UI ↗' }).getAttribute('href')).toMatch(
        new RegExp(`^${WEB_UI}/namespaces/default/workflows/${ids.broken}/`),
      );
      // Nothing on the page is left in English or named by an enum, but for the errors as Temporal and the servers
      // word them and the reset command.
      const quoted = await page.locator('#stuck-rows td.error, #stuck-rows code').allInnerTexts();
      expect(leftovers(quoted.reduce((text, q) => text.replace(q, ''), await visibleText(page)))).toEqual([]);
      await page.screenshot({ path: SCREENSHOT, fullPage: true });

      // The same language switch as on every page: in English the row reads in English, then back to Danish.
      await page.getByTestId('language').selectOption('en');
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
      await page.fill('#min-attempts', '2');
      await page.click('#stuck-filters button[type="submit"]');
      await expect.poll(async () => (await row(ids.terminated).textContent()) ?? '', { timeout: 30_000 }).toContain('Terminated');
      expect(await page.locator('#stuck-filters button[type="submit"]').textContent()).toBe('Refresh');
      expect(await row(ids.busy).textContent()).toMatch(/Activity retrying \(attempt \d+\)/);
      await page.getByTestId('language').selectOption('da');
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('da');
      await page.fill('#min-attempts', '2');
      await page.click('#stuck-filters button[type="submit"]');
      await expect.poll(async () => (await row(ids.terminated).textContent()) ?? '', { timeout: 30_000 }).toContain('Afbrudt');

      // The receiving server takes the address again: the operator retries the e-mail from the view.
      mail.rejectRecipients.delete(REFUSED);
      mail.failNext = 0;
      await row(ids.refused).getByRole('button', { name: 'Prøv e-mailen igen' }).click();
      await expect.poll(() => page.getByTestId('stuck-status').textContent()).toBe('E-mailen sendes igen.');
      await mail.waitFor((all) => all.some((m) => m.envelopeTo.includes(REFUSED)), 30_000);
      // Sent now, the failed retry is settled and leaves the list.
      await expect.poll(async () => problems(await stuck())[ids.refused], { timeout: 30_000 }).toBeUndefined();
    }, 120_000);
  });
});
