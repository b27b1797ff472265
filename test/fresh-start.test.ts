import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isFree, type Port } from '../scripts/ports.js';
import { openChromium, type Chromium } from './support/chromium.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

const checkout = fileURLToPath(new URL('..', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The pids of a process and everything below it, from /proc. */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

/** Running, not a zombie waiting for its parent to collect it. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function until<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

interface SinkMessage {
  id: number;
  to: string;
  subject: string;
  attachments: { filename: string | null; contentType: string }[];
}

// The journey of a new user: `npm start` from the checkout, the demo's boot-camp invitation as it
// arrives over SMTP, its yes link opened in a browser, the answer seen in the console, the README's
// commands as printed, and one SIGTERM to the top process that stops everything.
describe('fresh start: npm start, an invitation answered by its link, the README examples, one SIGTERM', () => {
  let cache: string;
  let database: TestDatabase;
  let npm: ChildProcess;
  let output = '';
  let closed: Promise<void>;
  let chromium: Chromium | undefined;
  const ports: Record<'temporal' | 'ui' | 'smtp' | 'sink' | 'api', number> = { temporal: 0, ui: 0, smtp: 0, sink: 0, api: 0 };
  let env: NodeJS.ProcessEnv;
  const sinkUrl = () => `http://127.0.0.1:${ports.sink}`;

  beforeAll(async () => {
    cache = mkdtempSync(join(tmpdir(), 'dobbeltspor-start-cache-'));
    database = await createTestDatabase();
    for (const k of Object.keys(ports) as (keyof typeof ports)[]) ports[k] = await freePort();
    env = {
      ...process.env,
      // A cache of its own (so the demo and the mail start empty); the binaries already provisioned.
      DOBBELTSPOR_CACHE_DIR: cache,
      TEMPORAL_CLI_PATH: inject('temporalCliPath'),
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}`,
      TEMPORAL_UI_URL: `http://127.0.0.1:${ports.ui}`,
      SMTP_URL: `smtp://127.0.0.1:${ports.smtp}`,
      MAIL_SINK_PORT: String(ports.sink),
      API_PORT: String(ports.api),
      PUBLIC_BASE_URL: `http://127.0.0.1:${ports.api}`,
      FORCE_COLOR: '0',
      NO_COLOR: '1',
    };
    npm = spawn('npm', ['start'], { cwd: checkout, env, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [npm.stdout!, npm.stderr!]) stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // Closed once every process holding the pipe (npm, the start script, its children) let go of it.
    closed = new Promise((resolve) => npm.stdout!.once('close', () => resolve()));
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    // Only when the test failed before its SIGTERM: stop what it started.
    if (npm?.pid && alive(npm.pid)) for (const pid of processTree(npm.pid).reverse()) if (alive(pid)) process.kill(pid, 'SIGKILL');
    await database?.drop().catch(() => undefined);
    if (cache) rmSync(cache, { recursive: true, force: true });
  });

  it("starts, and the demo cohort's boot-camp invitations arrive in the mail sink", async () => {
    await until(
      '"Dobbeltspor is running"',
      () =>
        output.includes('Dobbeltspor is running') ||
        (npm.exitCode !== null ? Promise.reject(new Error(`npm start exited:\n${output}`)) : undefined),
      300_000,
    );
    expect(output).toMatch(/Example cohorts\s+klynge-1-2019: participants' tracks began on \d{4}-\d\d-\d\d/);
    expect(output).toMatch(/klynge-2-2020: boot camp on \d{4}-\d\d-\d\d and \d{4}-\d\d-\d\d, 9 companies invited/);
    const invitations = await until(
      'nine boot-camp invitations',
      async () => {
        const messages = (await (await fetch(`${sinkUrl()}/api/messages`)).json()) as SinkMessage[];
        const found = messages.filter((m) => /Bootcamp/.test(m.subject) && m.attachments.some((a) => a.filename?.endsWith('.ics')));
        return found.length >= 9 ? found : undefined;
      },
      180_000,
    );
    expect(invitations.length).toBeGreaterThanOrEqual(9);
  }, 500_000);

  it('the yes link of an invitation as received opens in Chromium, the answer is recorded, and the console shows it', async () => {
    const messages = (await (await fetch(`${sinkUrl()}/api/messages`)).json()) as SinkMessage[];
    const invitation = messages.find((m) => m.to.includes('hanne@havnekoekken-koege.example.dk') && /Bootcamp/.test(m.subject));
    expect(invitation, 'the invitation to Eksempel Havnekøkken Køge').toBeDefined();
    // The message as it came over SMTP, parsed independently of the sink's own view of it.
    const raw = Buffer.from(await (await fetch(`${sinkUrl()}/messages/${invitation!.id}/raw`)).arrayBuffer());
    const mail = await simpleParser(raw);
    expect(mail.attachments.map((a) => a.contentType)).toContain('text/calendar');
    chromium = await openChromium();
    const { page } = chromium;
    // The HTML part as a mail client shows it; the browser reads the link as the recipient clicks it.
    await page.setContent(String(mail.html));
    const yesLink = page.locator('a[href*="answer=yes"]').first();
    const yes = await yesLink.getAttribute('href');
    expect(yes).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${ports.api}/rsvp/[^/?]+\\?answer=yes$`));
    // The shipped cohort's token is longer than the router's default limit of 100 characters.
    expect(new URL(yes!).pathname.length - '/rsvp/'.length).toBeGreaterThan(100);
    const opened = await Promise.all([page.waitForNavigation(), yesLink.click()]).then(([response]) => response);
    expect(opened?.status()).toBe(200);
    expect(await page.textContent('body')).toContain('Bekræft, at I deltager');
    await page.getByRole('button', { name: /Ja, vi deltager/ }).click();
    await page.getByRole('heading', { name: 'Tak for svaret' }).waitFor();

    const consoleUrl = /Operator console\s+(\S+)/.exec(output)?.[1];
    expect(consoleUrl).toBeDefined();
    await page.goto(consoleUrl!);
    await page.selectOption('#filter-kind', 'company');
    const row = page.locator('[data-testid="track-row"]', { hasText: 'Havnekøkken Køge' });
    await row.first().click();
    const answer = page.getByTestId('timeline').locator('li.event[data-kind="invitation"]');
    await answer.first().waitFor();
    expect(await answer.first().textContent()).toContain('svar: ja');
  }, 180_000);

  it("the README's CLI examples run as printed against the demo", () => {
    const readme = readFileSync(join(checkout, 'README.md'), 'utf8');
    const commands = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)]
      .flatMap((block) => block[1]!.split('\n'))
      .map((line) => line.trim())
      .filter((line) => line.startsWith('npx dobbeltspor '));
    expect(commands.length).toBeGreaterThanOrEqual(4);
    for (const command of commands) {
      const res = spawnSync('sh', ['-c', command], { cwd: checkout, env, encoding: 'utf8', timeout: 180_000 });
      expect(res.status, `${command}\n${res.stderr}${res.stdout}`).toBe(0);
    }
  }, 600_000);

  it('one SIGTERM to the top process stops every child and frees every port', async () => {
    const tree = processTree(npm.pid!);
    expect(tree.length).toBeGreaterThanOrEqual(4); // npm, the start script, Temporal, the worker
    npm.kill('SIGTERM');
    await until('the output to close', () => closed.then(() => true), 60_000);
    await until('every process of the stack to end', () => tree.every((pid) => !alive(pid)) || undefined, 30_000);
    expect(output).toMatch(/stopped worker \(pid \d+\)/);
    expect(output).toMatch(/stopped temporal \(pid \d+\)/);
    expect(output).toContain('Everything npm start started is stopped.');
    const all: Port[] = Object.entries(ports).map(([name, port]) => ({ name, host: '127.0.0.1', port }));
    for (const p of all) expect(await isFree(p), `port ${p.port} (${p.name})`).toBe(true);
    // The mail is kept in the cache directory for the next start.
    expect(existsSync(join(cache, 'mail')) && readdirSync(join(cache, 'mail')).some((f) => f.endsWith('.eml'))).toBe(true);
  }, 120_000);
});
