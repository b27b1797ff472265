import { spawnSync } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, verifyToken, type Principal } from '../client/api/auth.js';
import { rsvpToken } from '../links/rsvp-token.js';
import { createApi } from '../client/api/create-api.js';
import type { ApiConfig } from '../client/api/context.js';
import { participantTrackWorkflow } from '../workflows/index.js';
import { FIXTURE, participantTrackRow, seedConsoleFixture } from './support/console-fixtures.js';
import { testApiConfig } from './support/api.js';
import { testProgramme } from './support/participant-world.js';
import { createHarness, TEST_CONFIG, uniqueId, type Harness } from './support/temporal.js';

const TRACKS = 60;

describe('HTTP API: roles, validation, OpenAPI, read side and operator actions', () => {
  let h: Harness;
  let app: FastifyInstance;
  let config: ApiConfig;

  const token = (role: Principal['role'], scope: Principal['scope'] = {}, sub = `${role}@example.dk`) =>
    issueToken(TEST_CONFIG.LINK_SECRET, { sub, role, scope }, 3600);
  const tokens = {
    operator: () => token('operator'),
    coordinator: () => token('coordinator', { programmeIds: [FIXTURE.programmes.dual] }),
    caseworker: () => token('caseworker', { municipalityCode: '621' }, 'sagsbehandler@kolding.dk'),
    company: () => token('company', { cvr: FIXTURE.companyCvr }),
  };
  const get = (url: string, bearer?: string) =>
    app.inject({ method: 'GET', url, headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
  const post = (url: string, bearer: string, payload?: object) =>
    app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${bearer}` }, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    h = await createHarness();
    await h.startWorker();
    await seedConsoleFixture(h.db, { linkSecret: TEST_CONFIG.LINK_SECRET, participantTracks: TRACKS });
    config = testApiConfig(h);
    app = await createApi({ client: h.env.client, db: h.db, config });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  describe('roles: each role on an endpoint it may not use is refused with 403 and an audit row', () => {
    const cases: {
      who: string;
      role: keyof typeof tokens;
      method: 'GET' | 'POST';
      url: () => string;
      payload?: object;
      message: RegExp;
    }[] = [
      {
        who: 'caseworker lists e-mails',
        role: 'caseworker',
        method: 'GET',
        url: () => '/api/emails',
        message: /a caseworker may not list e-mails/,
      },
      {
        who: "caseworker reads another municipality's tracks",
        role: 'caseworker',
        method: 'GET',
        url: () => '/api/tracks?municipality=851',
        message: /municipality 621 may not read municipality 851/,
      },
      {
        who: 'caseworker reads a participant of another municipality',
        role: 'caseworker',
        method: 'GET',
        url: () => `/api/tracks/participant/${participantTrackRow(1).id}`,
        message: /may not read participants of municipality 851/,
      },
      {
        who: 'caseworker reads company tracks',
        role: 'caseworker',
        method: 'GET',
        url: () => '/api/tracks?kind=company',
        message: /participant tracks only/,
      },
      { who: 'company lists tracks', role: 'company', method: 'GET', url: () => '/api/tracks', message: /a company may not list tracks/ },
      {
        who: "company reads another company's invitations",
        role: 'company',
        method: 'GET',
        url: () => `/api/companies/${FIXTURE.otherCompanyCvr}/invitations`,
        message: /its own invitations only/,
      },
      {
        who: 'coordinator retries an e-mail',
        role: 'coordinator',
        method: 'POST',
        url: () => `/api/emails/${FIXTURE.failedEmailId}/retry`,
        message: /a coordinator may not retry e-mails/,
      },
      {
        who: 'coordinator reads a track of another programme',
        role: 'coordinator',
        method: 'GET',
        url: () => `/api/tracks/participant/${participantTrackRow(6).id}`,
        message: /own programmes only/,
      },
      {
        who: 'operator answers an invitation for a company',
        role: 'operator',
        method: 'POST',
        url: () => `/api/invitations/${FIXTURE.invitationId}/rsvp`,
        payload: { answer: 'YES' },
        message: /an? operator may not answer camp invitations/,
      },
    ];
    for (const c of cases) {
      it(c.who, async () => {
        const before = await h.db.auditLog.count({ where: { allowed: false, role: c.role } });
        const res = await app.inject({
          method: c.method,
          url: c.url(),
          headers: { authorization: `Bearer ${tokens[c.role]()}` },
          ...(c.payload ? { payload: c.payload } : {}),
        });
        expect(res.statusCode, res.body).toBe(403);
        expect(res.json()).toMatchObject({ error: 'FORBIDDEN' });
        expect(res.json().message).toMatch(c.message);
        const rows = await h.db.auditLog.findMany({ where: { allowed: false, role: c.role }, orderBy: { id: 'desc' } });
        expect(rows.length).toBe(before + 1);
        expect(rows[0]!.action).toContain(c.method);
        expect((rows[0]!.details as { reason: string }).reason).toMatch(c.message);
      });
    }

    it('a request without a token is answered 401 and logged; a forged token too', async () => {
      const before = await h.db.auditLog.count({ where: { role: 'none', allowed: false } });
      expect((await get('/api/tracks')).statusCode).toBe(401);
      const forged = issueToken('another-secret-of-sixteen-chars', { sub: 'x', role: 'operator', scope: {} }, 60);
      const res = await get('/api/tracks', forged);
      expect(res.statusCode).toBe(401);
      expect(res.json().message).toMatch(/bad signature/);
      expect(await h.db.auditLog.count({ where: { role: 'none', allowed: false } })).toBe(before + 2);
    });

    it('scripts/issue-token.ts mints a token the API accepts, and refuses a caseworker token without a municipality', () => {
      const run = (...args: string[]) =>
        spawnSync(process.execPath, ['--import', 'tsx', 'scripts/issue-token.ts', ...args], {
          encoding: 'utf8',
          env: { ...process.env, LINK_SECRET: TEST_CONFIG.LINK_SECRET },
        });
      const ok = run('--role', 'caseworker', '--sub', 'sb@kolding.dk', '--municipality', '621', '--days', '1');
      expect(ok.status, ok.stderr).toBe(0);
      expect(verifyToken(TEST_CONFIG.LINK_SECRET, ok.stdout.trim())).toEqual({
        sub: 'sb@kolding.dk',
        role: 'caseworker',
        scope: { municipalityCode: '621' },
      });
      const bad = run('--role', 'caseworker', '--sub', 'sb@kolding.dk');
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('--municipality');
    });

    it('an expired token is refused', async () => {
      const expired = issueToken(TEST_CONFIG.LINK_SECRET, { sub: 'x', role: 'operator', scope: {} }, 60, Date.now() - 3600_000);
      const res = await get('/api/tracks', expired);
      expect(res.statusCode).toBe(401);
      expect(res.json().message).toMatch(/expired/);
    });
  });

  describe('validation errors name the field', () => {
    it.each([
      ['/api/tracks?limit=0', 'query.limit'],
      ['/api/tracks?limit=many', 'query.limit'],
      ['/api/tracks?kind=camp', 'query.kind'],
      ['/api/tracks?phase=SLEEPING', 'query.phase'],
      ['/api/tracks?municipality=Kolding', 'query.municipality'],
      ['/api/tracks?colour=red', 'query.colour'],
      ['/api/tracks?after=not-a-cursor', 'query.after'],
      ['/api/companies/123/invitations', 'params.cvr'],
    ])('GET %s → 400 naming %s', async (url, field) => {
      const res = await get(url, tokens.operator());
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ error: 'VALIDATION_ERROR', field });
      expect(res.json().message).toContain(field);
    });

    it('a body missing a field, or with a wrong value, is refused naming it', async () => {
      const missing = await post(`/api/tracks/participant/${FIXTURE.richTrackId}/terminate`, tokens.operator(), {});
      expect(missing.statusCode).toBe(400);
      expect(missing.json()).toMatchObject({ field: 'body.reason', message: 'body.reason is required' });
      const wrong = await post(`/api/invitations/${FIXTURE.invitationId}/rsvp`, tokens.company(), { answer: 'MAYBE' });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().field).toBe('body.answer');
    });
  });

  it('the OpenAPI document at /docs/json lists every route, and /docs serves a page', async () => {
    const doc = (await get('/docs/json')).json() as {
      openapi: string;
      info: { description: string };
      paths: Record<string, Record<string, { description?: string }>>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    // Every route but the console's static files and the documentation's own.
    const apiRoutes = app.registeredRoutes.filter((r) => !r.hidden && !r.url.startsWith('/docs'));
    expect(apiRoutes.map((r) => r.url)).toEqual(expect.arrayContaining(['/health', '/rsvp/:token', '/api/tracks']));
    expect(apiRoutes.length).toBeGreaterThanOrEqual(10);
    for (const r of apiRoutes) {
      const path = r.url.replace(/:(\w+)/g, '{$1}');
      expect(doc.paths[path], `${r.method} ${r.url} missing from the OpenAPI document`).toBeDefined();
      expect(doc.paths[path]![r.method.toLowerCase()], `${r.method} ${r.url}`).toBeDefined();
      // Who may call it, from the same declaration the access check reads.
      const who = r.public ? 'Public.' : `Roles: ${r.roles.join(', ')}.`;
      expect(doc.paths[path]![r.method.toLowerCase()]!.description?.startsWith(who), `${r.method} ${r.url}: ${who}`).toBe(true);
    }
    expect(doc.paths['/api/emails']!.get!.description).toBe('Roles: operator.');
    expect(doc.paths['/codec/session']!.post!.description).toMatch(/^Public\./);
    expect(doc.info.description).toContain(
      '| caseworker | read the participant tracks, reports and ledger of its own municipality; approve or reject',
    );
    const page = await get('/docs/');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger-ui');
  });

  it('answers /health without a token', async () => {
    const res = await get('/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: 'up', temporal: 'up' });
  });

  describe('read side from the projection', () => {
    it('pages through every participant track with keyset cursors, ordered by next deadline', async () => {
      const seen: { id: string; nextDeadlineOn: string | null }[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const res = await get(`/api/tracks?limit=7${after ? `&after=${after}` : ''}`, tokens.operator());
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json() as { items: { id: string; nextDeadlineOn: string | null }[]; nextCursor: string | null };
        seen.push(...body.items);
        after = body.nextCursor;
        pages++;
      } while (after && pages < 50);
      expect(seen).toHaveLength(TRACKS);
      expect(new Set(seen.map((s) => s.id)).size).toBe(TRACKS);
      const keys = seen.map((s) => `${s.nextDeadlineOn ?? '9999-99-99'}|${s.id}`);
      expect(keys).toEqual([...keys].sort());
    });

    it('pages through a filtered list too, across the tracks without a deadline', async () => {
      const expected = Array.from({ length: TRACKS }, (_, i) => participantTrackRow(i))
        .filter((r) => r.municipalityCode === '147')
        .map((r) => r.id)
        .sort();
      expect(
        Array.from({ length: TRACKS }, (_, i) => participantTrackRow(i)).some(
          (r) => r.municipalityCode === '147' && r.nextDeadlineOn === null,
        ),
      ).toBe(true);
      const seen: string[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 30; pages++) {
        const body = (await get(`/api/tracks?municipality=147&limit=3${after ? `&after=${after}` : ''}`, tokens.operator())).json() as {
          items: { id: string }[];
          nextCursor: string | null;
        };
        seen.push(...body.items.map((i) => i.id));
        after = body.nextCursor;
        if (!after) break;
      }
      expect(seen.sort()).toEqual(expected);
    });

    it('filters by cohort, municipality, phase and overdue', async () => {
      const all = Array.from({ length: TRACKS }, (_, i) => participantTrackRow(i));
      const expected = all
        .filter((r) => r.cohortId === FIXTURE.cohorts.first && r.municipalityCode === '621' && r.overdueCount > 0)
        .map((r) => r.id)
        .sort();
      const res = await get(`/api/tracks?cohort=${FIXTURE.cohorts.first}&municipality=621&overdue=true&limit=500`, tokens.operator());
      const ids = (res.json().items as { id: string }[]).map((i) => i.id).sort();
      expect(ids).toEqual(expected);
      expect(expected.length).toBeGreaterThan(0);

      const phase = await get('/api/tracks?phase=JOB_TRAINING&limit=500', tokens.operator());
      const phases = new Set((phase.json().items as { phase: string }[]).map((i) => i.phase));
      expect([...phases]).toEqual(['JOB_TRAINING']);
      expect(phase.json().items).toHaveLength(all.filter((r) => r.phase === 'JOB_TRAINING').length);
    });

    it("scopes a caseworker to its municipality and a coordinator to its programme's cohorts", async () => {
      const cw = (await get('/api/tracks?limit=500', tokens.caseworker())).json().items as { municipalityCode: string }[];
      expect(cw.length).toBe(TRACKS / 3);
      expect(new Set(cw.map((i) => i.municipalityCode))).toEqual(new Set(['621']));
      const co = (await get('/api/tracks?limit=500', tokens.coordinator())).json().items as { cohortId: string }[];
      expect(new Set(co.map((i) => i.cohortId))).toEqual(new Set([FIXTURE.cohorts.first, FIXTURE.cohorts.second]));
      const cohorts = (await get('/api/cohorts', tokens.caseworker())).json() as { partnerships: { municipalityCode: string }[] }[];
      expect(cohorts.flatMap((c) => c.partnerships.map((p) => p.municipalityCode))).toEqual(['621', '621', '621']);
    });

    it('lists cohorts with their partnerships and counts', async () => {
      const cohorts = (await get('/api/cohorts', tokens.operator())).json() as {
        id: string;
        temporalUrl: string | null;
        partnerships: { municipalityName: string; participantTracks: number; companyTracks: number }[];
      }[];
      expect(cohorts.map((c) => c.id)).toEqual([FIXTURE.cohorts.training, FIXTURE.cohorts.first, FIXTURE.cohorts.second]);
      const first = cohorts[1]!;
      expect(first.partnerships.map((p) => p.municipalityName).sort()).toEqual(['Aalborg', 'Frederiksberg', 'Kolding']);
      expect(first.partnerships.reduce((n, p) => n + p.participantTracks, 0)).toBe(
        Array.from({ length: TRACKS }, (_, i) => participantTrackRow(i)).filter((r) => r.cohortId === FIXTURE.cohorts.first).length,
      );
      expect(first.partnerships.reduce((n, p) => n + p.companyTracks, 0)).toBe(12);
      expect(first.temporalUrl).toBe(
        `http://127.0.0.1:8233/namespaces/${config.TEMPORAL_NAMESPACE}/workflows/cohort-${FIXTURE.cohorts.first}`,
      );
    });

    it("a participant track's timeline holds attendance, outcome, ledger, e-mails and audit entries", async () => {
      const res = await get(`/api/tracks/participant/${FIXTURE.richTrackId}`, tokens.caseworker());
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { temporalUrl: string; events: { kind: string; title: string; status?: string }[] };
      expect(body.temporalUrl).toBe(
        `http://127.0.0.1:8233/namespaces/${config.TEMPORAL_NAMESPACE}/workflows/${FIXTURE.richTrackWorkflowId}`,
      );
      const kinds = new Set(body.events.map((e) => e.kind));
      for (const k of ['attendance', 'outcome', 'ledger', 'email']) expect(kinds, k).toContain(k);
      expect(body.events.find((e) => e.kind === 'ledger')!.title).toContain('25.000,00');
      expect(
        body.events
          .filter((e) => e.kind === 'email')
          .map((e) => e.status)
          .sort(),
      ).toEqual(['FAILED', 'SENT']);
    });

    it("a company track's timeline holds its camp invitation and the invitation e-mail", async () => {
      const res = await get(`/api/tracks/company/${FIXTURE.companyTrackId}`, tokens.operator());
      expect(res.statusCode, res.body).toBe(200);
      const events = res.json().events as { kind: string; title: string }[];
      expect(events.find((e) => e.kind === 'invitation')!.title).toContain('Boot camp november');
      expect(events.find((e) => e.kind === 'email')!.title).toBe('Invitation: boot camp november');
    });

    it("a participant's and a company's whole history, scoped by role", async () => {
      const rich = participantTrackRow(0);
      const mine = await get(`/api/participants/${rich.participantId}`, tokens.caseworker());
      expect(mine.statusCode, mine.body).toBe(200);
      expect(mine.json().tracks.map((t: { id: string }) => t.id)).toEqual([rich.id]);
      expect((mine.json().events as { trackId: string }[]).every((e) => e.trackId === rich.id)).toBe(true);
      expect((await get(`/api/participants/${rich.participantId}`, token('caseworker', { municipalityCode: '851' }))).statusCode).toBe(403);
      // A coordinator of another programme learns nothing: the same 404 as for an id nobody has (the refusal is audited).
      const otherProgramme = token('coordinator', { programmeIds: [FIXTURE.programmes.training] });
      const foreign = await get(`/api/participants/${rich.participantId}`, otherProgramme);
      const nobody = await get(`/api/participants/${rich.participantId}-x`, otherProgramme);
      expect([foreign.statusCode, nobody.statusCode]).toEqual([404, 404]);
      expect(foreign.json()).toEqual({ ...nobody.json(), message: `participant ${rich.participantId} does not exist` });
      expect(
        await h.db.auditLog.count({ where: { entity: 'Participant', entityId: rich.participantId, allowed: false, role: 'coordinator' } }),
      ).toBe(1);
      const company = await get(`/api/companies/${FIXTURE.companyCvr}/timeline`, tokens.operator());
      expect(company.statusCode, company.body).toBe(200);
      expect(company.json().events.some((e: { kind: string }) => e.kind === 'invitation')).toBe(true);
      expect((await get(`/api/companies/${FIXTURE.companyCvr}/timeline`, tokens.company())).statusCode).toBe(403);
    });

    it("counts a company's camp invitation e-mails on its row", async () => {
      const res = await get(`/api/tracks?kind=company&cohort=${FIXTURE.cohorts.first}&limit=500`, tokens.operator());
      const row = (res.json().items as { id: string; emails: { sent: number } }[]).find((i) => i.id === FIXTURE.companyTrackId)!;
      expect(row.emails.sent).toBeGreaterThanOrEqual(1);
    });

    it('lists the outbox for operators, by status, a page at a time', async () => {
      const failed = await get('/api/emails?status=FAILED', tokens.operator());
      expect(failed.statusCode, failed.body).toBe(200);
      expect((failed.json().items as { id: string; status: string }[]).map((i) => [i.id, i.status])).toEqual([
        [FIXTURE.failedEmailId, 'FAILED'],
      ]);
      const first = (await get('/api/emails?limit=2', tokens.operator())).json() as { items: { id: string }[]; nextCursor: string };
      expect(first.items).toHaveLength(2);
      const second = (await get(`/api/emails?limit=2&after=${first.nextCursor}`, tokens.operator())).json() as { items: { id: string }[] };
      expect(second.items.map((i) => i.id)).not.toContain(first.items[0]!.id);
      expect(first.items.length + second.items.length).toBe(3);
    });

    it('answers 404 for a track that does not exist', async () => {
      const res = await get('/api/tracks/participant/pt-nope', tokens.operator());
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toBe('NOT_FOUND');
    });
  });

  describe('operator actions run through Temporal', () => {
    it('retries a failed e-mail: the stored mail reaches the SMTP server and the row becomes SENT', async () => {
      const res = await post(`/api/emails/${FIXTURE.failedEmailId}/retry`, tokens.operator());
      expect(res.statusCode, res.body).toBe(202);
      const { workflowId } = res.json() as { workflowId: string };
      expect(workflowId).toBe(`email-retry-${FIXTURE.failedEmailId}-1`);
      await h.env.client.workflow.getHandle(workflowId).result();
      await h.mail.waitFor(() => h.mail.to('mentor@jobvejen.dk').length >= 1);
      expect(h.mail.to('mentor@jobvejen.dk')[0]!.parsed.subject).toBe('Husk mentormødet');
      const row = await h.db.emailOutbox.findUniqueOrThrow({ where: { id: FIXTURE.failedEmailId } });
      expect(row.status).toBe('SENT');
      const audit = await h.db.auditLog.findFirst({ where: { entity: 'EmailOutbox', entityId: FIXTURE.failedEmailId, allowed: true } });
      expect(audit?.actor).toBe('operator@example.dk');
      // Sent now: a second retry is refused rather than sending it twice.
      expect((await post(`/api/emails/${FIXTURE.failedEmailId}/retry`, tokens.operator())).statusCode).toBe(409);
    });

    it('refuses to retry an e-mail its own workflow is still retrying', async () => {
      await h.db.emailOutbox.create({
        data: {
          id: 'mail-pending-1',
          idempotencyKey: 'pending:1',
          toAddress: 'x@example.dk',
          subject: 'Pending',
          template: 'pending',
          html: '<p>x</p>',
          text: 'x',
          status: 'PENDING',
          attempts: 2,
          workflowId: FIXTURE.richTrackWorkflowId,
        },
      });
      const res = await post('/api/emails/mail-pending-1/retry', tokens.operator());
      expect(res.statusCode).toBe(409);
      expect(res.json().message).toContain('still being retried');
    });

    it('resends an invitation as a fresh copy', async () => {
      const res = await post(`/api/invitations/${FIXTURE.invitationId}/resend`, tokens.operator());
      expect(res.statusCode, res.body).toBe(202);
      await h.env.client.workflow.getHandle(res.json().workflowId).result();
      const copy = await h.db.emailOutbox.findUniqueOrThrow({
        where: { idempotencyKey: `camp-invite:${FIXTURE.campId}:${FIXTURE.companyCvr}:0:resend:1` },
      });
      expect(copy.status).toBe('SENT');
      await h.mail.waitFor(() => h.mail.to('kontakt0@firma0.dk').length >= 1);
      expect(h.mail.to('kontakt0@firma0.dk')[0]!.parsed.subject).toBe('Invitation: boot camp november');
    });

    it("terminates a track's workflow", async () => {
      const row = participantTrackRow(3);
      // The fixture row's track, running where no worker polls: the fixture's projection stays as seeded.
      const handle = await h.env.client.workflow.start(participantTrackWorkflow, {
        taskQueue: uniqueId('no-worker'),
        workflowId: row.workflowId,
        args: [
          {
            trackId: row.id,
            cohortId: row.cohortId,
            partnershipId: row.partnershipId,
            municipalityCode: row.municipalityCode,
            plan: testProgramme().participant,
            closingDays: [],
          },
        ],
      });
      const res = await post(`/api/tracks/participant/${row.id}/terminate`, tokens.operator(), { reason: 'enrolled twice by mistake' });
      expect(res.statusCode, res.body).toBe(200);
      expect((await handle.describe()).status.name).toBe('TERMINATED');
      expect((await post(`/api/tracks/participant/${row.id}/terminate`, tokens.operator(), { reason: 'again' })).statusCode).toBe(409);
    });
  });

  describe('companies', () => {
    it('a company reads its invitations and answers by token', async () => {
      const list = await get(`/api/companies/${FIXTURE.companyCvr}/invitations`, tokens.company());
      expect(list.statusCode).toBe(200);
      expect(list.json()).toHaveLength(1);
      const res = await post(`/api/invitations/${FIXTURE.invitationId}/rsvp`, tokens.company(), { answer: 'NO' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ campId: FIXTURE.campId, cvr: FIXTURE.companyCvr, answer: 'NO' });
      expect((await h.db.campInvitation.findUniqueOrThrow({ where: { id: FIXTURE.invitationId } })).rsvp).toBe('NO');
      const other = await post('/api/invitations/inv-0001/rsvp', tokens.company(), { answer: 'YES' });
      expect(other.statusCode).toBe(403);
    });

    it('a coordinator records camp attendance; an unknown company is named by its path; another programme is refused', async () => {
      const url = `/api/camps/${FIXTURE.campId}/attendance`;
      const ok = await post(url, tokens.coordinator(), { attendance: [{ cvr: FIXTURE.companyCvr, attended: true }] });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toEqual({ recorded: 1 });
      expect((await h.db.campInvitation.findUniqueOrThrow({ where: { id: FIXTURE.invitationId } })).attended).toBe(true);
      const unknown = await post(url, tokens.coordinator(), { attendance: [{ cvr: '39999999', attended: true }] });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().field).toBe('attendance[0].cvr');
      const malformed = await post(url, tokens.coordinator(), { attendance: [{ cvr: '1', attended: true }] });
      expect(malformed.json()).toMatchObject({ error: 'VALIDATION_ERROR', field: 'body.attendance.0.cvr' });
      const other = await post(url, token('coordinator', { programmeIds: [FIXTURE.programmes.training] }), {
        attendance: [{ cvr: FIXTURE.companyCvr, attended: false }],
      });
      expect(other.statusCode).toBe(403);
    });

    it('the personal link from the invitation e-mail shows a page; only a POST records the answer; a forged link is refused (logged)', async () => {
      const invitation = await h.db.campInvitation.findUniqueOrThrow({ where: { id: 'inv-0002' } });
      const form = await app.inject({ method: 'GET', url: `/rsvp/${invitation.token}` });
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('Boot camp november');
      expect(form.body).toContain(
        `<form method="post" action="/rsvp/${encodeURIComponent(invitation.token)}"><input type="hidden" name="answer" value="yes">`,
      );
      // The e-mail's "yes" link (which mail scanners open too) asks to confirm and records nothing.
      const confirm = await app.inject({ method: 'GET', url: `/rsvp/${invitation.token}?answer=yes` });
      expect(confirm.statusCode).toBe(200);
      expect(confirm.body).toContain('Bekræft, at I deltager');
      expect(confirm.body).not.toContain('value="no"');
      expect((await h.db.campInvitation.findUniqueOrThrow({ where: { id: 'inv-0002' } })).rsvp).toBe('PENDING');
      const ok = await app.inject({
        method: 'POST',
        url: `/rsvp/${invitation.token}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'answer=yes',
      });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.body).toContain('Tak for svaret');
      expect((await h.db.campInvitation.findUniqueOrThrow({ where: { id: 'inv-0002' } })).rsvp).toBe('YES');
      const answered = await h.db.auditLog.findFirst({ where: { action: 'POST /rsvp/:token', allowed: true }, orderBy: { id: 'desc' } });
      expect(answered?.details).toMatchObject({ answer: 'YES', via: 'link' });
      const forged = `${invitation.token.split('.')[0]}.${'A'.repeat(32)}`;
      const bad = await app.inject({ method: 'POST', url: `/rsvp/${forged}`, payload: { answer: 'no' } });
      expect(bad.statusCode).toBe(403);
      expect(bad.body).toContain('Linket virker ikke');
      expect((await h.db.campInvitation.findUniqueOrThrow({ where: { id: 'inv-0002' } })).rsvp).toBe('YES');
      const refusal = await h.db.auditLog.findFirst({ where: { action: 'POST /rsvp/:token', allowed: false } });
      expect(refusal).not.toBeNull();
      const maybe = await app.inject({ method: 'POST', url: `/rsvp/${invitation.token}`, payload: { answer: 'maybe' } });
      expect(maybe.statusCode).toBe(400);
      expect(maybe.json().field).toBe('body.answer');
    });

    it('the feedback link from the follow-up e-mail shows a form and stores score and comment; a second answer replaces the first', async () => {
      const invitation = await h.db.campInvitation.findUniqueOrThrow({ where: { id: FIXTURE.invitationId } });
      const url = `/rsvp/${invitation.token}/feedback`;
      const form = await app.inject({ method: 'GET', url });
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain(`action="/rsvp/${encodeURIComponent(invitation.token)}/feedback"`);
      expect(form.body).toContain('name="score" value="5"');
      const sent = await app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ score: '4', comment: 'Godt oplæg om <buddy>-ordningen' }).toString(),
      });
      expect(sent.statusCode, sent.body).toBe(200);
      expect(sent.body).toContain('Tak for jeres feedback');
      expect(await h.db.campInvitation.findUniqueOrThrow({ where: { id: FIXTURE.invitationId } })).toMatchObject({
        feedbackScore: 4,
        feedbackComment: 'Godt oplæg om <buddy>-ordningen',
      });
      // The form shows the stored answer, escaped, for a second go.
      const again = await app.inject({ method: 'GET', url });
      expect(again.body).toContain('value="4" required checked');
      expect(again.body).toContain('Godt oplæg om &#60;buddy&#62;-ordningen');
      const timeline = await get(`/api/companies/${FIXTURE.companyCvr}/timeline`, tokens.operator());
      expect(timeline.json().events.find((e: { kind: string }) => e.kind === 'invitation').detail).toContain(
        'feedback 4/5: Godt oplæg om <buddy>-ordningen',
      );
      const replaced = await app.inject({ method: 'POST', url, payload: { score: 5 } });
      expect(replaced.statusCode).toBe(200);
      expect(await h.db.campInvitation.findUniqueOrThrow({ where: { id: FIXTURE.invitationId } })).toMatchObject({
        feedbackScore: 5,
        feedbackComment: null,
      });
      const outOfRange = await app.inject({ method: 'POST', url, payload: { score: 9 } });
      expect(outOfRange.statusCode).toBe(400);
      expect(outOfRange.json().field).toBe('body.score');
      const forged = `${invitation.token.split('.')[0]}.${'B'.repeat(32)}`;
      const bad = await app.inject({ method: 'POST', url: `/rsvp/${forged}/feedback`, payload: { score: 1 } });
      expect(bad.statusCode).toBe(403);
      expect(await h.db.auditLog.findFirst({ where: { action: 'POST /rsvp/:token/feedback', allowed: false } })).not.toBeNull();
    });

    it('feedback on a camp that has not taken place yet is refused with a page that says so', async () => {
      const first = await h.db.campInvitation.findUniqueOrThrow({ where: { id: 'inv-0001' }, include: { camp: true } });
      const camp = await h.db.camp.create({
        data: {
          id: 'camp-future',
          cohortId: first.camp.cohortId,
          kind: 'CAMP',
          title: 'Camp 1',
          startsAt: new Date(Date.now() + 30 * 86_400_000),
          endsAt: new Date(Date.now() + 30 * 86_400_000 + 6 * 3_600_000),
          days: 1,
          location: 'Vejle',
          uid: 'camp-future@dobbeltspor',
        },
      });
      const future = await h.db.campInvitation.create({
        data: { campId: camp.id, companyId: first.companyId, token: rsvpToken(TEST_CONFIG.LINK_SECRET, camp.id, first.companyId) },
      });
      const early = await app.inject({ method: 'POST', url: `/rsvp/${future.token}/feedback`, payload: { score: 3 } });
      expect(early.statusCode).toBe(409);
      expect(early.body).toContain('ikke fundet sted endnu');
      expect((await h.db.campInvitation.findUniqueOrThrow({ where: { id: future.id } })).feedbackScore).toBeNull();
    });
  });
});
