import { createHmac } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rsvpToken } from '../links/rsvp-token.js';
import { issueToken, MAX_TOKEN_LIFETIME_DAYS } from '../client/api/auth.js';
import { createApi } from '../client/api/create-api.js';
import { createDb } from '../prisma/client.js';
import { FIXTURE, seedConsoleFixture } from './support/console-fixtures.js';
import { testApiConfig } from './support/api.js';
import { createTestDatabase } from './support/database.js';
import { createHarness, TEST_CONFIG, type Harness } from './support/temporal.js';

/** A realistic value for each path parameter the API's routes use. */
function concretePath(url: string): string {
  const participant = url.includes('/participant/');
  const values: Record<string, string> = {
    cvr: FIXTURE.companyCvr,
    trackId: participant ? FIXTURE.richTrackId : FIXTURE.companyTrackId,
    kind: 'participant',
    cohortId: FIXTURE.cohorts.first,
    campId: FIXTURE.campId,
    invitationId: FIXTURE.invitationId,
    outboxId: FIXTURE.failedEmailId,
    participantId: 'p-00000',
    entryId: '1',
    reportId: '1',
    actorId: 'ea-kolding',
    staffId: 'staff-1',
    partnershipId: `${FIXTURE.cohorts.first}-621`,
    openingId: 'cmjobopening000000000000001',
    matchId: 'cmjobmatch00000000000000001',
    outcomeId: 'outcome-1',
    weekStart: '2027-11-08',
  };
  return url.replace(/:(\w+)\??/g, (_m, name: string) => {
    const value = values[name];
    if (!value) throw new Error(`no test value for path parameter ${name} in ${url}`);
    return value;
  });
}

const hex = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;

/** The ways a client can spell a path that a router may or may not take for the same route. */
function spellings(path: string): Record<string, string> {
  const segments = path.split('/').filter(Boolean);
  const last = segments.length - 1;
  return {
    raw: path,
    'first letter percent-encoded': `/${hex(path[1]!)}${path.slice(2)}`,
    'lower-case percent-encoding': `/${hex(path[1]!).toLowerCase()}${path.slice(2)}`,
    'every character percent-encoded': `/${segments.map((s) => [...s].map(hex).join('')).join('/')}`,
    'leading double slash': `/${path}`,
    'inner double slash': `/${segments[0]}//${segments.slice(1).join('/')}`,
    'trailing slash': `${path}/`,
    'upper case': path.toUpperCase(),
    'mixed case': `/${segments[0]!.charAt(0).toUpperCase()}${segments[0]!.slice(1)}${path.slice(segments[0]!.length + 1)}`,
    'dot-dot before the route': `/x/..${path}`,
    'dot-dot inside': `/${segments.slice(0, last).join('/')}/x/../${segments[last]}`,
    'encoded dot-dot': `/x/%2E%2E${path}`,
    'encoded slash': `/${segments[0]}%2F${segments.slice(1).join('/')}`,
    'semicolon parameter': `${path};x=1`,
    'query string': `${path}?x=1`,
  };
}

/** A bearer token signed like the API's, with any payload: for tokens the minting code no longer makes. */
function signedToken(payload: object): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `ds1.${body}.${createHmac('sha256', TEST_CONFIG.LINK_SECRET).update(`ds1.${body}`).digest('base64url')}`;
}

describe('HTTP API access: authorisation by construction, limits, expiry, health', () => {
  let h: Harness;
  let app: FastifyInstance;
  const operator = () => issueToken(TEST_CONFIG.LINK_SECRET, { sub: 'ops@example.dk', role: 'operator', scope: {} }, 3600);

  beforeAll(async () => {
    h = await createHarness();
    await seedConsoleFixture(h.db, { linkSecret: TEST_CONFIG.LINK_SECRET, participantTracks: 6 });
    // The campaign below sends hundreds of requests from one address: the limit is tested on its own.
    app = await createApi({ client: h.env.client, db: h.db, config: testApiConfig(h), rateLimitPerMinute: 100_000 });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  describe('every registered route, called anonymously however its path is spelled', () => {
    it('is refused (401) or not found (404), never served or failed, unless it is declared public', async () => {
      const routes = app.registeredRoutes.filter((r) => !r.public);
      expect(routes.length).toBeGreaterThanOrEqual(40);
      // The routes the campaign read the outbox and resent mails through are among them.
      expect(routes.map((r) => `${r.method} ${r.url}`)).toEqual(
        expect.arrayContaining(['GET /api/emails', 'POST /api/invitations/:invitationId/resend', 'POST /api/emails/:outboxId/retry']),
      );
      const outboxBefore = await h.db.emailOutbox.count();
      const served: string[] = [];
      for (const route of routes) {
        for (const [how, url] of Object.entries(spellings(concretePath(route.url)))) {
          const res = await app.inject({
            method: route.method as 'GET' | 'POST',
            url,
            ...(route.method === 'POST' ? { payload: {} } : {}),
          });
          if (![401, 404].includes(res.statusCode))
            served.push(`${route.method} ${url} (${how}) → ${res.statusCode} ${res.body.slice(0, 120)}`);
        }
      }
      expect(served).toEqual([]);
      expect(await h.db.emailOutbox.count()).toBe(outboxBefore);
    });

    it("the campaign's own request: /%61pi/emails without a token is refused, with a token it is the same route", async () => {
      const anonymous = await app.inject({ method: 'GET', url: '/%61pi/emails' });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json()).toMatchObject({ error: 'UNAUTHENTICATED' });
      const withToken = await app.inject({ method: 'GET', url: '/%61pi/emails', headers: { authorization: `Bearer ${operator()}` } });
      expect(withToken.statusCode).toBe(200);
    });

    it('public routes are only those declared public, and none of them fails on an odd spelling', async () => {
      const publicRoutes = app.registeredRoutes.filter((r) => r.public).map((r) => `${r.method} ${r.url}`);
      // The codec routes authenticate in their handler (the Temporal Web UI sends a cookie, not a bearer token).
      for (const r of publicRoutes) expect(r).toMatch(/^GET \/(health|docs|console|$)|^(GET|POST) \/rsvp\/|^(OPTIONS|GET|POST) \/codec\//);
      for (const route of app.registeredRoutes.filter(
        (r) => r.public && r.url.length > 1 && !r.url.includes(':token') && !r.url.includes('*'),
      )) {
        for (const url of Object.values(spellings(route.url.replace('/:file?', '/index.html')))) {
          const res = await app.inject({ method: route.method as 'GET', url });
          expect(res.statusCode, `${route.method} ${url}`).toBeLessThan(500);
        }
      }
    });
  });

  it('a route that declares neither roles nor public is refused at start-up', async () => {
    const other = await createApi({ client: h.env.client, db: h.db, config: testApiConfig(h) });
    other.get('/api/forgotten', async () => ({ secret: true }));
    await expect(other.ready()).rejects.toThrow(/GET \/api\/forgotten/);
    await other.close().catch(() => undefined);
  });

  it('1,000 anonymous requests write a handful of audit rows that still count every refusal', async () => {
    // A database of its own, so that only this API's audit rows are counted.
    const own = await createTestDatabase();
    const limited = await createApi({ client: h.env.client, db: own.db, config: { ...testApiConfig(h), API_RATE_LIMIT_PER_MINUTE: 300 } });
    const statuses = new Map<number, number>();
    for (let i = 0; i < 1000; i++) {
      const res = await limited.inject({ method: 'GET', url: i % 2 ? '/api/emails' : '/%61pi/emails' });
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
    }
    // The limiter cuts the flood off; what got through was refused, never served.
    expect([...statuses.keys()].sort()).toEqual([401, 429]);
    expect(statuses.get(401)).toBe(300);
    const limitedRes = await limited.inject({ method: 'GET', url: '/api/emails', headers: { authorization: `Bearer ${operator()}` } });
    expect(limitedRes.statusCode).toBe(429);
    expect(limitedRes.json()).toMatchObject({ error: 'RATE_LIMITED' });
    expect(limitedRes.headers['retry-after']).toBeDefined();
    await limited.close();
    const rows = await own.db.auditLog.findMany();
    expect(rows.length).toBeLessThanOrEqual(3);
    expect(rows.every((r) => r.role === 'none' && !r.allowed)).toBe(true);
    // The first refusal is a row of its own; a summary row counts the ones after it.
    const counted = rows.reduce((n, r) => n + Number((r.details as { repeated?: number }).repeated ?? 1), 0);
    expect(counted).toBe(300);
    await own.drop();
  });

  it('a personal link allows 60 requests a minute from one address, whatever the API allows', async () => {
    const invitation = await h.db.campInvitation.findUniqueOrThrow({ where: { id: 'inv-0001' } });
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++)
      statuses.push((await app.inject({ method: 'GET', url: `/rsvp/${invitation.token}`, remoteAddress: '198.51.100.7' })).statusCode);
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(statuses[60]).toBe(429);
    // Another address, and the API's other routes, are not held back by it.
    expect((await app.inject({ method: 'GET', url: `/rsvp/${invitation.token}`, remoteAddress: '198.51.100.8' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/health', remoteAddress: '198.51.100.7' })).statusCode).toBe(200);
  });

  describe('bearer tokens have a bounded lifetime', () => {
    const sub = 'ops@example.dk';
    const now = Math.floor(Date.now() / 1000);
    it.each([
      ['without an expiry', { sub, role: 'operator', scope: {}, iat: now }, /no expiry/],
      [
        'without an issue time (minted before lifetimes were checked)',
        { sub, role: 'operator', scope: {}, exp: now + 3600 },
        /no issue time/,
      ],
      [
        `living longer than ${MAX_TOKEN_LIFETIME_DAYS} days`,
        { sub, role: 'operator', scope: {}, iat: now, exp: now + 365 * 86_400 },
        /longer than 31 days/,
      ],
      ['issued in the future', { sub, role: 'operator', scope: {}, iat: now + 86_400, exp: now + 2 * 86_400 }, /future/],
    ])('a token %s is refused', async (_what, payload, message) => {
      const res = await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${signedToken(payload)}` } });
      expect(res.statusCode).toBe(401);
      expect(res.json().message).toMatch(message);
    });

    it('scripts/issue-token.ts refuses to mint a token for longer than the maximum', () => {
      const run = (days: string) =>
        spawnSync(
          process.execPath,
          ['--import', 'tsx', 'scripts/issue-token.ts', '--role', 'operator', '--sub', 'ops@example.dk', '--days', days],
          { encoding: 'utf8', env: { ...process.env, LINK_SECRET: TEST_CONFIG.LINK_SECRET } },
        );
      const long = run('60');
      expect(long.status).toBe(2);
      expect(long.stderr).toContain(`at most ${MAX_TOKEN_LIFETIME_DAYS}`);
      expect(run(String(MAX_TOKEN_LIFETIME_DAYS)).status).toBe(0);
    });
  });

  describe('personal links expire after their camp', () => {
    let camps = 0;
    async function inviteToCampEnded(daysAgo: number) {
      const first = await h.db.campInvitation.findUniqueOrThrow({ where: { id: FIXTURE.invitationId } });
      const campId = `camp-ended-${daysAgo}-${++camps}`;
      const endsAt = new Date(Date.now() - daysAgo * 86_400_000);
      const camp = await h.db.camp.create({
        data: {
          id: campId,
          cohortId: FIXTURE.cohorts.first,
          kind: 'CAMP',
          title: `Camp ${daysAgo}`,
          startsAt: new Date(endsAt.getTime() - 8 * 3_600_000),
          endsAt,
          days: 1,
          location: 'Vejle',
          uid: `${campId}@dobbeltspor`,
        },
      });
      return h.db.campInvitation.create({
        data: { campId: camp.id, companyId: first.companyId, token: rsvpToken(TEST_CONFIG.LINK_SECRET, camp.id, first.companyId) },
      });
    }

    it('a link past camp end + 60 days shows that it has expired and records nothing (audited)', async () => {
      const invitation = await inviteToCampEnded(61);
      const page = await app.inject({ method: 'GET', url: `/rsvp/${invitation.token}` });
      expect(page.statusCode).toBe(410);
      expect(page.body).toContain('Linket er udløbet');
      const answer = await app.inject({ method: 'POST', url: `/rsvp/${invitation.token}`, payload: { answer: 'yes' } });
      expect(answer.statusCode).toBe(410);
      const feedback = await app.inject({ method: 'POST', url: `/rsvp/${invitation.token}/feedback`, payload: { score: 5 } });
      expect(feedback.statusCode).toBe(410);
      expect(await h.db.campInvitation.findUniqueOrThrow({ where: { id: invitation.id } })).toMatchObject({
        rsvp: 'PENDING',
        feedbackScore: null,
      });
      const refusals = await h.db.auditLog.findMany({ where: { entityId: invitation.id, allowed: false } });
      expect(refusals.length).toBe(3);
      expect(JSON.stringify(refusals.map((r) => [r.action, r.details]))).not.toContain(invitation.token);
    });

    it('the same expiry holds for a company answering with its bearer token (every door that answers an invitation)', async () => {
      const invitation = await inviteToCampEnded(61);
      const company = await h.db.company.findUniqueOrThrow({ where: { id: invitation.companyId } });
      const bearer = issueToken(
        TEST_CONFIG.LINK_SECRET,
        { sub: 'kontakt@virksomhed.dk', role: 'company', scope: { cvr: company.cvr } },
        3600,
      );
      const res = await app.inject({
        method: 'POST',
        url: `/api/invitations/${invitation.id}/rsvp`,
        headers: { authorization: `Bearer ${bearer}` },
        payload: { answer: 'YES' },
      });
      expect(res.statusCode, res.body).toBe(410);
      expect(res.json()).toMatchObject({ error: 'LINK_EXPIRED', field: 'token' });
      expect(res.body).not.toContain(invitation.token);
      expect((await h.db.campInvitation.findUniqueOrThrow({ where: { id: invitation.id } })).rsvp).toBe('PENDING');
      const refusals = await h.db.auditLog.findMany({ where: { entityId: invitation.id, allowed: false } });
      expect(refusals.map((r) => r.action)).toEqual(['POST /api/invitations/:invitationId/rsvp']);
      // Within its time the same door answers.
      const current = await inviteToCampEnded(59);
      const ok = await app.inject({
        method: 'POST',
        url: `/api/invitations/${current.id}/rsvp`,
        headers: { authorization: `Bearer ${bearer}` },
        payload: { answer: 'NO' },
      });
      expect(ok.statusCode, ok.body).toBe(200);
      expect((await h.db.campInvitation.findUniqueOrThrow({ where: { id: current.id } })).rsvp).toBe('NO');
    });

    it('a link within camp end + 60 days still works', async () => {
      const invitation = await inviteToCampEnded(59);
      const feedback = await app.inject({ method: 'POST', url: `/rsvp/${invitation.token}/feedback`, payload: { score: 4 } });
      expect(feedback.statusCode, feedback.body).toBe(200);
      expect((await h.db.campInvitation.findUniqueOrThrow({ where: { id: invitation.id } })).feedbackScore).toBe(4);
    });
  });

  it("the request log never holds a personal link's token", async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logged = await createApi({ client: h.env.client, db: h.db, config: testApiConfig(h), logger: true, logStream: stream });
    const invitation = await h.db.campInvitation.findUniqueOrThrow({ where: { id: 'inv-0001' } });
    const encoded = [...invitation.token.slice(0, 4)].map(hex).join('') + invitation.token.slice(4);
    for (const url of [
      `/rsvp/${invitation.token}`,
      `/rsvp/${invitation.token}?answer=yes`,
      `/rsvp/${invitation.token}/feedback`,
      `/%72svp/${invitation.token}`,
      `/rsvp/${encoded}`,
      `/RSVP/${invitation.token}`,
      `/rsvp/${invitation.token}/nothing-here`,
    ]) {
      await logged.inject({ method: 'GET', url });
    }
    await logged.close();
    const log = lines.join('');
    expect(log).toContain('incoming request');
    expect(log).toContain('/rsvp/:token');
    expect(log).not.toContain(invitation.token);
    expect(log).not.toContain(invitation.token.slice(8, 40));
  });

  describe('/health', () => {
    it('answers 503 when Temporal does not answer', async () => {
      const connection = await Connection.lazy({ address: '127.0.0.1:1' });
      const down = await createApi({ client: new Client({ connection }), db: h.db, config: testApiConfig(h) });
      const res = await down.inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'unavailable', database: 'up', temporal: 'down' });
      await down.close();
      // The connection is left to the process: the client's retries of the refused call outlive the test.
    });

    it('answers 503 when PostgreSQL does not answer, without its error', async () => {
      const db = createDb('postgresql://nobody:nothing@127.0.0.1:1/none', 1);
      const down = await createApi({ client: h.env.client, db, config: testApiConfig(h) });
      const res = await down.inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'unavailable', database: 'down', temporal: 'up' });
      await down.close();
      await db.$disconnect();
    });
  });

  describe('production safety of `npm run api`', () => {
    it('in production with a real secret it listens on loopback only and prints no operator token', async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/api.ts'], {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          DATABASE_URL: h.database.url,
          TEMPORAL_ADDRESS: h.env.address,
          API_PORT: '0',
          NODE_ENV: 'production',
          LINK_SECRET: 'k7Qw9-Zr2x_Lm4vT8pN1sY6bH3cJ0dF5gA',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d) => (out += String(d)));
      child.stderr.on('data', (d) => (out += String(d)));
      try {
        await expect.poll(() => out, { timeout: 60_000, interval: 200 }).toMatch(/Console: .*\n/);
        expect(out).toMatch(/API on http:\/\/127\.0\.0\.1:\d+/);
        expect(out).not.toContain('#token=');
        expect(out).not.toMatch(/ds1\.[A-Za-z0-9_-]{20,}/);
        const url = /API on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
        const health = await fetch(`${url}/health`);
        expect(health.status).toBe(200);
      } finally {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
    });

    const runApi = (env: Record<string, string>) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'scripts/api.ts'], {
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          DATABASE_URL: h.database.url,
          TEMPORAL_ADDRESS: h.env.address,
          API_PORT: '0',
          ...env,
        },
      });

    it.each([
      ['the published default', {}],
      ["docker-compose's placeholder", { LINK_SECRET: 'change-me-to-a-long-random-secret' }],
    ])('refuses to start in production with %s LINK_SECRET, naming the variable', (_what, env) => {
      const productions: Record<string, string>[] = [{ NODE_ENV: 'production' }, { DEPLOYMENT: 'production' }];
      for (const production of productions) {
        const res = runApi({ ...production, ...env });
        expect(res.status, res.stderr).toBe(78);
        expect(res.stderr).toContain('LINK_SECRET');
        expect(res.stdout).not.toContain('API on');
      }
    });
  });
});
