import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rsvpToken } from '../links/rsvp-token.js';
import { createApi } from '../client/api/create-api.js';
import { seed } from '../scripts/seed.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { TEST_CONFIG } from './support/temporal.js';

// The personal links of the shipped cohort, at their real length: the signed token of
// klynge-1-2019's boot camp and a company's CUID is over 100 characters, Fastify's default limit.
describe('personal links of the shipped cohort: real length, and broken ones get a Danish page', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let token: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    await seed(t.db);
    const company = await t.db.company.findFirstOrThrow({ orderBy: { cvr: 'asc' } });
    const campId = 'klynge-1-2019-bootcamp';
    // The seed writes the cohort's camp calendar; the boot camp is moved ahead so its links have not expired.
    const when = { startsAt: new Date('2027-11-09T08:00:00Z'), endsAt: new Date('2027-11-10T15:00:00Z') };
    await t.db.camp.upsert({
      where: { id: campId },
      update: when,
      create: {
        id: campId,
        cohortId: 'klynge-1-2019',
        kind: 'BOOT_CAMP',
        title: 'Boot camp november',
        days: 2,
        location: 'Kolding',
        ...when,
        uid: `${campId}@dobbeltspor`,
      },
    });
    token = rsvpToken(TEST_CONFIG.LINK_SECRET, campId, company.id);
    await t.db.campInvitation.upsert({
      where: { campId_companyId: { campId, companyId: company.id } },
      update: { token },
      create: { campId, companyId: company.id, token },
    });
    // Opening a link needs no Temporal client; answering is covered by the API tests.
    app = await createApi({
      client: undefined as unknown as Client,
      db: t.db,
      config: {
        LINK_SECRET: TEST_CONFIG.LINK_SECRET,
        PUBLIC_BASE_URL: TEST_CONFIG.PUBLIC_BASE_URL,
        TEMPORAL_UI_URL: 'http://127.0.0.1:8233',
        TEMPORAL_NAMESPACE: 'default',
        TASK_QUEUE: 'unused',
      },
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('the yes link and the feedback link of a real invitation open their pages', async () => {
    expect(token.length).toBeGreaterThan(100);
    const yes = await app.inject({ method: 'GET', url: `/rsvp/${encodeURIComponent(token)}?answer=yes` });
    expect(yes.statusCode, yes.body).toBe(200);
    expect(yes.headers['content-type']).toMatch(/text\/html/);
    expect(yes.body).toContain('Bekræft, at I deltager');
    const feedback = await app.inject({ method: 'GET', url: `/rsvp/${encodeURIComponent(token)}/feedback` });
    expect(feedback.statusCode, feedback.body).toBe(200);
    expect(feedback.body).toContain('Hvor nyttig var campen?');
  });

  const broken: { what: string; method: 'GET' | 'POST'; url: () => string }[] = [
    { what: 'a token far too long (two links run together)', method: 'GET', url: () => `/rsvp/${token}${'x'.repeat(600)}?answer=yes` },
    { what: 'a too-long token posted', method: 'POST', url: () => `/rsvp/${'A'.repeat(700)}` },
    { what: 'a too-long feedback link', method: 'GET', url: () => `/rsvp/${'A'.repeat(700)}/feedback` },
    { what: 'a token cut short', method: 'GET', url: () => `/rsvp/${token.slice(0, 6)}` },
    { what: 'an answer cut short', method: 'GET', url: () => `/rsvp/${encodeURIComponent(token)}?answer=ye` },
    { what: 'no token at all', method: 'GET', url: () => '/rsvp/' },
    { what: 'a token that matches no invitation', method: 'GET', url: () => `/rsvp/${token.slice(0, -3)}abc` },
  ];
  for (const b of broken) {
    it(`${b.what}: a Danish HTML page, not an API error`, async () => {
      const res = await app.inject({ method: b.method, url: b.url(), ...(b.method === 'POST' ? { payload: { answer: 'yes' } } : {}) });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toMatch(/<html lang="da">/);
      expect(res.body).toMatch(/Linket (virker ikke|passer ikke)|Invitationen findes ikke/);
    });
  }

  it('the catch-all for broken links stays out of the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, unknown> };
    // The personal links are documented; the catch-all that answers broken ones is not.
    expect(
      Object.keys(doc.paths)
        .filter((p) => p.startsWith('/rsvp/'))
        .sort(),
    ).toEqual([
      '/rsvp/fastholdelse/{token}',
      '/rsvp/forankring/{token}',
      '/rsvp/jobmatch/{token}',
      '/rsvp/jobopslag/{token}',
      '/rsvp/samarbejde/{token}',
      '/rsvp/{token}',
      '/rsvp/{token}/feedback',
    ]);
  });
});
