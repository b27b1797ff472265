import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { ensureCohortCamps } from '../activities/company/camps.js';
import { createMailTransport } from '../activities/mail/transport.js';
import { issueToken } from '../client/api/auth.js';
import { createDb, type Db } from '../prisma/client.js';
import { createWorker } from '../worker/create-worker.js';
import { campInvitationWorkflow } from '../workflows/index.js';
import { campInvitationWorkflowId, type CampInvitationInput } from '../contracts/index.js';
import { createTestApi } from './support/api.js';
import { COMPANY_PLAN, seedCohort, type CohortFixture } from './support/company-fixtures.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { FaultSmtp } from './support/fault-smtp.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { createHarness, TEST_CONFIG, uniqueId } from './support/temporal.js';

// Exactly-once e-mail under faults, with the real parts: Temporal servers, PostgreSQL, an SMTP
// server on loopback and workers (a child process where it is killed). Every test sends a camp
// invitation to companies with two addresses each and asserts that every address got it exactly
// once (per Message-ID and recipient), that no outbox row is left unsent and that the invitation
// workflows are still running (they wait for the camp).

const REPO = fileURLToPath(new URL('..', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function startDevServer(port: number, dbFilename?: string): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: inject('temporalCliPath') }, ip: '127.0.0.1', port, dbFilename },
  });
}

/** A worker as `npm run worker` runs it, in a process of its own that the test can kill. */
async function spawnWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: REPO,
    env: {
      ...process.env,
      ...env,
      MAIL_FROM: TEST_CONFIG.MAIL_FROM,
      LINK_SECRET: TEST_CONFIG.LINK_SECRET,
      PUBLIC_BASE_URL: TEST_CONFIG.PUBLIC_BASE_URL,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (b: Buffer) => {
      output += b.toString();
      if (output.includes('worker polling')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => void (output += b.toString()));
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before polling:\n${output}`)));
  });
  return child;
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Two addresses per company: the contact person and one more. */
async function withSecondAddresses(db: Db, cohort: CohortFixture): Promise<string[]> {
  const addresses: string[] = [];
  for (const c of cohort.companies) {
    const extra = `bogholderi@virksomhed-${c.cvr}.example.dk`;
    await db.company.update({ where: { id: c.id }, data: { extraEmails: [extra] } });
    addresses.push(c.email, extra);
  }
  return addresses;
}

async function startInvitations(client: Client, taskQueue: string, cohort: CohortFixture, campId: string): Promise<string[]> {
  const ids: string[] = [];
  for (const c of cohort.companies) {
    const workflowId = campInvitationWorkflowId(campId, c.cvr);
    await client.workflow.start(campInvitationWorkflow, {
      taskQueue,
      workflowId,
      args: [
        { campId, companyId: c.id, cvr: c.cvr, reminderWorkingDays: COMPANY_PLAN.campReminderWorkingDays } satisfies CampInvitationInput,
      ],
    });
    ids.push(workflowId);
  }
  return ids;
}

/** 0 lost, 0 duplicates: every address got exactly one copy, and every outbox row says SENT. */
async function expectExactlyOnce(smtp: FaultSmtp, db: Db, addresses: string[]): Promise<void> {
  await smtp.waitFor(() => addresses.every((a) => smtp.deliveries.some((d) => d.recipient === a)), 180_000);
  await expect.poll(async () => db.emailOutbox.count({ where: { status: { not: 'SENT' } } }), { timeout: 60_000 }).toBe(0);
  // Let a late second copy arrive before counting.
  await new Promise((r) => setTimeout(r, 1_000));
  expect(smtp.deliveries.map((d) => d.recipient).sort()).toEqual([...addresses].sort());
  for (const [key, n] of smtp.counts()) expect(n, key).toBe(1);
  const rows = await db.emailOutbox.findMany();
  expect(rows.map((r) => r.toAddress).sort()).toEqual([...addresses].sort());
  for (const row of rows)
    expect(
      smtp.deliveries.some((d) => d.messageId === row.messageId && d.recipient === row.toAddress),
      row.idempotencyKey,
    ).toBe(true);
}

async function expectRunning(client: Client, workflowIds: string[]): Promise<void> {
  for (const id of workflowIds) expect((await client.workflow.getHandle(id).describe()).status.name, id).toBe('RUNNING');
}

describe('exactly-once e-mail under faults', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    // Each part gets a bounded time to stop, so one that hangs cannot keep the others running.
    for (const c of cleanups.reverse()) await Promise.race([c().catch(() => undefined), new Promise((r) => setTimeout(r, 20_000))]);
  }, 300_000);

  async function parts(opts: { port?: number; dbFilename?: string } = {}) {
    const port = opts.port ?? (await freePort());
    const [env, database] = await Promise.all([startDevServer(port, opts.dbFilename), createTestDatabase()]);
    const smtp = new FaultSmtp();
    await smtp.start();
    const proxy = new TcpProxy({ host: new URL(database.url).hostname, port: Number(new URL(database.url).port || 5432) });
    const proxied = new URL(database.url);
    proxied.host = `127.0.0.1:${await proxy.start()}`;
    const taskQueue = uniqueId('faults');
    const state = { env };
    cleanups.push(
      () => state.env.teardown(),
      () => database.drop(),
      () => smtp.stop(),
      () => proxy.stop(),
    );
    return { state, port, database, smtp, proxy, proxiedUrl: proxied.toString(), taskQueue };
  }

  /** An in-process worker on its own connection (it outlives a restarted server), created but not yet polling. */
  async function inProcessWorker(address: string, taskQueue: string, databaseUrl: string, smtpUrl: string) {
    const connection = await NativeConnection.connect({ address });
    const db = createDb(databaseUrl, 3);
    const mailer = createMailTransport(smtpUrl);
    const worker = await createWorker({ connection, namespace: 'default', taskQueue, deps: { db, mailer, config: TEST_CONFIG } });
    let running: Promise<void> | undefined;
    const stop = async () => {
      // A worker that never ran is run until shut down at once, which releases its connection.
      running ??= worker.runUntil(Promise.resolve());
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => undefined);
      mailer.close();
      await db.$disconnect();
      await connection.close();
    };
    cleanups.push(stop);
    return { worker, run: () => void (running = worker.run()), stop };
  }

  async function seed(database: TestDatabase, cohortId: string, cvrPrefix: string) {
    const cohort = await seedCohort(database.db, { cohortId, year: 2027, perMunicipality: 1, cvrPrefix });
    const camps = await ensureCohortCamps(database.db, { cohortId: cohort.cohortId, year: cohort.year, plan: COMPANY_PLAN });
    const addresses = await withSecondAddresses(database.db, cohort);
    return { cohort, campId: camps.bootCampId, addresses };
  }

  it('the database away mid-send, longer than the heartbeat timeout: nothing is sent twice, nothing lost', async () => {
    const p = await parts();
    const { cohort, campId, addresses } = await seed(p.database, 'db-away-2027', '7100');
    const w = await inProcessWorker(`127.0.0.1:${p.port}`, p.taskQueue, p.proxiedUrl, p.smtp.url);
    // The second message cuts the database while the SMTP server has it; it comes back 15 s after the 250.
    let arrived = 0;
    p.smtp.beforeReply = async () => {
      if (++arrived === 2) await p.proxy.cut();
    };
    p.smtp.afterReply = () => {
      if (arrived === 2) setTimeout(() => void p.proxy.restore(), 15_000);
    };
    w.run();
    const ids = await startInvitations(p.state.env.client, p.taskQueue, cohort, campId);
    await expectExactlyOnce(p.smtp, p.database.db, addresses);
    await expectRunning(p.state.env.client, ids);
  }, 300_000);

  it('a worker killed (SIGKILL) in the SMTP reply window, before and after the 250: every address gets its invitation once', async () => {
    const p = await parts();
    const address = `127.0.0.1:${p.port}`;
    const first = await seed(p.database, 'kill-2027', '7200');
    const workerEnv = { DATABASE_URL: p.proxiedUrl, SMTP_URL: p.smtp.url, TEMPORAL_ADDRESS: address, TASK_QUEUE: p.taskQueue };
    let victim = await spawnWorker(workerEnv);
    cleanups.push(() => killHard(victim));

    // 1. Killed while the SMTP server holds its reply: the server never answered, so it keeps nothing
    //    (as any mail server), and the next attempt, once the dead worker's claim has run out, sends.
    //    Every message on the wire at that moment is held until the worker is gone.
    let killing: Promise<void> | undefined;
    p.smtp.beforeReply = async () => {
      killing ??= killHard(victim).then(() => new Promise((r) => setTimeout(r, 500)));
      await killing;
    };
    const firstIds = await startInvitations(p.state.env.client, p.taskQueue, first.cohort, first.campId);
    await expect.poll(() => p.smtp.dropped.length, { timeout: 120_000 }).toBeGreaterThan(0);
    const dropped = p.smtp.dropped.length;
    victim = await spawnWorker(workerEnv);
    await expectExactlyOnce(p.smtp, p.database.db, first.addresses);

    // 2. Killed after the 250 while the database is away, so the SENT row was never written: the next
    //    attempt finds the acceptance in the heartbeat details and records it without sending again.
    const second = await seed(p.database, 'kill-after-2027', '7300');
    const recovery = await inProcessWorker(address, p.taskQueue, p.database.url, p.smtp.url);
    let killAfter = true;
    p.smtp.beforeReply = async () => {
      if (killAfter) await p.proxy.cut();
    };
    p.smtp.afterReply = () => {
      if (!killAfter) return;
      killAfter = false;
      // Long enough for the throttled heartbeat with the acceptance to reach Temporal.
      setTimeout(
        () =>
          void killHard(victim)
            .then(() => p.proxy.restore())
            .then(() => recovery.run()),
        9_500,
      );
    };
    const secondIds = await startInvitations(p.state.env.client, p.taskQueue, second.cohort, second.campId);
    await expectExactlyOnce(p.smtp, p.database.db, [...first.addresses, ...second.addresses]);
    expect(p.smtp.dropped).toHaveLength(dropped);
    await expectRunning(p.state.env.client, [...firstIds, ...secondIds]);
  }, 400_000);

  it('the Temporal dev server restarted while a message is on the wire: sent once, the workflows go on', async () => {
    const dbFilename = join(tmpdir(), `${uniqueId('temporal')}.sqlite`);
    cleanups.push(async () => rmSync(dbFilename, { force: true }));
    const p = await parts({ dbFilename });
    const address = `127.0.0.1:${p.port}`;
    const { cohort, campId, addresses } = await seed(p.database, 'restart-2027', '7400');
    const w = await inProcessWorker(address, p.taskQueue, p.database.url, p.smtp.url);
    let restarted = false;
    p.smtp.beforeReply = async () => {
      if (restarted) return;
      restarted = true;
      await p.state.env.teardown();
      p.state.env = await startDevServer(p.port, dbFilename);
    };
    w.run();
    const ids = await startInvitations(p.state.env.client, p.taskQueue, cohort, campId);
    await expectExactlyOnce(p.smtp, p.database.db, addresses);
    const client = new Client({ connection: await Connection.connect({ address }) });
    await expectRunning(client, ids);
    await client.connection.close();
  }, 300_000);
});

describe('the SMTP server down for longer than the retry window', () => {
  it('every address ends FAILED, visible to operators; one operator retry each sends it once; a second is refused', async () => {
    const h = await createHarness();
    try {
      const app = await createTestApi(h);
      const operator = issueToken(TEST_CONFIG.LINK_SECRET, { sub: 'operator@example.dk', role: 'operator', scope: {} }, 3600);
      const post = (url: string) => app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${operator}` } });
      const cohort = await seedCohort(h.db, { cohortId: 'smtp-down-2027', year: 2027, perMunicipality: 1, cvrPrefix: '7500' });
      const camps = await ensureCohortCamps(h.db, { cohortId: cohort.cohortId, year: cohort.year, plan: COMPANY_PLAN });
      const addresses = await withSecondAddresses(h.db, cohort);
      const smtpPort = Number(new URL(h.mail.smtpUrl).port);
      await h.mail.stop();
      await h.startWorker();
      const ids = await startInvitations(h.env.client, h.taskQueue, cohort, camps.bootCampId);
      // Eight attempts over about 21 minutes of backoff: skip well past them.
      for (let i = 0; i < 8; i++) {
        await h.env.sleep('10 minutes');
        if ((await h.db.emailOutbox.count({ where: { status: 'FAILED' } })) === addresses.length) break;
      }
      await expect.poll(() => h.db.emailOutbox.count({ where: { status: 'FAILED' } }), { timeout: 60_000 }).toBe(addresses.length);
      const failed = await h.db.emailOutbox.findMany({ where: { status: 'FAILED' } });
      expect(failed.map((r) => r.toAddress).sort()).toEqual([...addresses].sort());
      for (const r of failed) expect(r.lastError).toMatch(/gave up after 8 attempts/);
      for (const id of ids) expect((await h.env.client.workflow.getHandle(id).describe()).status.name).toBe('RUNNING');

      await h.mail.start(smtpPort);
      const retries = [];
      for (const r of failed) {
        const res = await post(`/api/emails/${r.id}/retry`);
        expect(res.statusCode, res.body).toBe(202);
        retries.push(res.json().workflowId as string);
        // Clicked twice: the retry under way is not started again.
        expect((await post(`/api/emails/${r.id}/retry`)).statusCode).toBe(409);
      }
      for (const id of retries) await h.resultOf(id);
      for (const a of addresses) expect(h.mail.to(a), a).toHaveLength(1);
      expect(await h.db.emailOutbox.count({ where: { status: { not: 'SENT' } } })).toBe(0);
      // Sent now: a further retry is refused rather than sending it twice.
      for (const r of failed) expect((await post(`/api/emails/${r.id}/retry`)).statusCode).toBe(409);
      await new Promise((r) => setTimeout(r, 500));
      for (const a of addresses) expect(h.mail.to(a), a).toHaveLength(1);

      // An operator resends the first company's invitation: a fresh copy to each of its addresses.
      const invitation = await h.db.campInvitation.findFirstOrThrow({
        where: { campId: camps.bootCampId, companyId: cohort.companies[0]!.id },
      });
      const resend = await post(`/api/invitations/${invitation.id}/resend`);
      expect(resend.statusCode, resend.body).toBe(202);
      const { workflowIds } = resend.json() as { workflowIds: string[] };
      expect(workflowIds).toHaveLength(2);
      for (const id of workflowIds) await h.resultOf(id);
      for (const a of addresses.slice(0, 2)) {
        const copies = h.mail.to(a);
        expect(copies, a).toHaveLength(2);
        expect(copies[1]!.parsed.messageId).toMatch(/_resend_1@dobbeltspor>$/);
      }
      for (const a of addresses.slice(2)) expect(h.mail.to(a), a).toHaveLength(1);
      await app.close();
    } finally {
      await h.close();
    }
  }, 300_000);
});
