import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, type Principal } from '../client/api/auth.js';
import { createApi, type RegisteredRoute } from '../client/api/create-api.js';
import { databaseErrorResponse } from '../client/api/db-errors.js';
import { Prisma, type Db } from '../prisma/client.js';
import { FIXTURE, seedConsoleFixture } from './support/console-fixtures.js';
import { testApiConfig } from './support/api.js';
import { createHarness, TEST_CONFIG, type Harness } from './support/temporal.js';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  minItems?: number;
};

/** A value the schema accepts, from its type, enum or pattern (the patterns our routes use). */
function sample(schema: JsonSchema, name: string): unknown {
  if (schema.enum) return schema.enum[0];
  const type = [schema.type].flat()[0];
  switch (type) {
    case 'string':
      if (schema.pattern === '^\\d{4}-\\d{2}-\\d{2}$') return '2026-12-07';
      if (schema.pattern === '^\\d{8}$') return FIXTURE.companyCvr;
      if (schema.pattern === '^\\d{3}$') return '621';
      if (schema.pattern === '^\\d+$') return '1';
      if (schema.pattern === '^[a-z0-9-]+\\.ya?ml$') return 'klynge-1-2019.yaml';
      if (schema.pattern) return 'enr-1';
      return name === 'reason' || name === 'description' ? 'a reason' : `${name}-1`;
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, (schema.exclusiveMinimum ?? 0) + 1);
    case 'boolean':
      return true;
    case 'array':
      return [sample(schema.items ?? {}, name)];
    case 'object':
      return Object.fromEntries((schema.required ?? []).map((k) => [k, sample(schema.properties![k]!, k)]));
    default:
      return 'x';
  }
}

/** One request of the corpus: what is wrong with it and the field the answer must name. */
interface Case {
  what: string;
  url: string;
  headers?: Record<string, string>;
  payload?: string | object;
  field: string;
  /** A legal but odd value: any clear refusal will do (404 unknown, 409 not running), the field named or not. */
  anyRefusal?: boolean;
}

/** Malformed variants of a body, one per way a client gets a field wrong. */
function bodyCases(url: string, schema: JsonSchema): Case[] {
  const valid = sample(schema, 'body') as Record<string, unknown>;
  const json = { 'content-type': 'application/json' };
  const cases: Case[] = [
    { what: 'bad JSON', url, headers: json, payload: '{"reason": "unterminated', field: 'body' },
    { what: 'a JSON array for an object', url, headers: json, payload: '[]', field: 'body' },
    { what: 'a wrong content type', url, headers: { 'content-type': 'text/csv' }, payload: 'a,b', field: 'headers.content-type' },
    { what: 'an unknown field', url, headers: json, payload: { ...valid, colour: 'red' }, field: 'body.colour' },
    {
      what: 'a prototype-polluting key',
      url,
      headers: json,
      payload: `{"__proto__": {"admin": true}${Object.keys(valid).length ? ',' : ''}${JSON.stringify(valid).slice(1, -1)}}`,
      field: 'body',
    },
  ];
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const type = [prop.type].flat()[0];
    const field = `body.${name}`;
    const withValue = (value: unknown) => JSON.stringify({ ...valid, [name]: value });
    cases.push({ what: `${name} of the wrong type (an object)`, url, headers: json, payload: withValue({ nested: true }), field });
    if (type === 'string') {
      cases.push({ what: `${name} with a NUL byte`, url, headers: json, payload: withValue(`${String(sample(prop, name))}\u0000`), field });
      cases.push({ what: `${name} 100,000 characters long`, url, headers: json, payload: withValue('7'.repeat(100_000)), field });
    }
    if (type === 'integer' || type === 'number') {
      cases.push({
        what: `${name} a huge number`,
        url,
        headers: json,
        payload: `{${JSON.stringify(valid).slice(1, -1)}${Object.keys(valid).length ? ',' : ''}"${name}": 1e308}`,
        field,
      });
      cases.push({ what: `${name} not a number`, url, headers: json, payload: withValue('many'), field });
    }
    if (type === 'array')
      cases.push({
        what: `${name} with 5,000 items`,
        url,
        headers: json,
        payload: withValue(Array.from({ length: 5000 }, () => sample(prop.items ?? {}, name))),
        field,
      });
  }
  if (!Object.keys(schema.properties ?? {}).length) {
    cases.push({ what: 'a body on a route that takes none', url, headers: json, payload: { reason: 'ignored?' }, field: 'body.reason' });
  }
  return cases;
}

/** Path parameters spelled oddly: a NUL byte, a malformed escape, a parameter too long for the router. */
function pathCases(route: RegisteredRoute, url: string, schema: JsonSchema): Case[] {
  const payload = sample(schema, 'body') as object;
  const params = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const cases: Case[] = [];
  for (const name of params) {
    const at = (value: string) =>
      route.url.replace(/:(\w+)/g, (m, p: string) =>
        p === name ? value : new URL(`http://x${url}`).pathname.split('/')[route.url.split('/').indexOf(m)]!,
      );
    cases.push({ what: `${name} with an encoded NUL byte`, url: at('abc%00def'), payload, field: `params.${name}` });
    cases.push({ what: `${name} with a malformed escape`, url: at('abc%ZZ'), payload, field: 'url' });
    cases.push({ what: `${name} longer than any id`, url: at('9'.repeat(600)), payload, field: 'url' });
    cases.push({ what: `${name} with an encoded slash`, url: at('a%2F..%2Fb'), payload, field: `params.${name}`, anyRefusal: true });
  }
  return cases;
}

async function rowCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const model of Object.values(Prisma.ModelName)) {
    const delegate = (db as unknown as Record<string, { count(): Promise<number> }>)[model.charAt(0).toLowerCase() + model.slice(1)]!;
    counts[model] = await delegate.count();
  }
  // Changes that add no row: answers, pauses, phases.
  counts.answeredInvitations = await db.campInvitation.count({
    where: { OR: [{ rsvp: { not: 'PENDING' } }, { feedbackScore: { not: null } }, { attended: { not: null } }] },
  });
  counts.pausedTracks = await db.participantTrack.count({ where: { paused: true } });
  return counts;
}

describe('HTTP API: a corpus of malformed requests to every write route', () => {
  let h: Harness;
  let app: FastifyInstance;
  const tokenFor = (role: string) => {
    const scope: Principal['scope'] =
      role === 'coordinator'
        ? { programmeIds: [FIXTURE.programmes.dual] }
        : role === 'company'
          ? { cvr: FIXTURE.companyCvr }
          : role === 'caseworker'
            ? { municipalityCode: '621' }
            : {};
    return issueToken(TEST_CONFIG.LINK_SECRET, { sub: `${role}@example.dk`, role: role as Principal['role'], scope }, 3600);
  };

  beforeAll(async () => {
    h = await createHarness();
    await seedConsoleFixture(h.db, { linkSecret: TEST_CONFIG.LINK_SECRET, participantTracks: 6 });
    app = await createApi({ client: h.env.client, db: h.db, config: testApiConfig(h), rateLimitPerMinute: 100_000 });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  it('answers each with a clear 4xx naming the field, and changes no row', async () => {
    const invitation = await h.db.campInvitation.findUniqueOrThrow({ where: { id: FIXTURE.invitationId } });
    const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>;
    };
    const values: Record<string, string> = {
      cvr: FIXTURE.companyCvr,
      trackId: FIXTURE.richTrackId,
      kind: 'participant',
      cohortId: FIXTURE.cohorts.first,
      campId: FIXTURE.campId,
      invitationId: FIXTURE.invitationId,
      outboxId: FIXTURE.failedEmailId,
      entryId: '1',
      reportId: '1',
      weekStart: '2026-01-05',
      token: invitation.token,
    };
    // The catch-all for broken personal links takes no input: it is the page a garbled link lands on.
    const writeRoutes = app.registeredRoutes.filter((r) => r.method === 'POST' && !r.url.includes('*'));
    expect(writeRoutes.length).toBeGreaterThanOrEqual(25);
    const corpus: { route: RegisteredRoute; c: Case }[] = [];
    for (const route of writeRoutes) {
      const url = route.url.replace(/:(\w+)/g, (_m, p: string) => encodeURIComponent(values[p] ?? `${p}-1`));
      const schema = doc.paths[route.url.replace(/:(\w+)/g, '{$1}')]?.post?.requestBody?.content['application/json']?.schema ?? {
        type: 'object',
        properties: {},
      };
      for (const c of [...bodyCases(url, schema), ...pathCases(route, url, schema)]) corpus.push({ route, c });
    }
    expect(corpus.length).toBeGreaterThanOrEqual(100);

    const before = await rowCounts(h.db);
    const wrong: string[] = [];
    for (const { route, c } of corpus) {
      const auth = route.public ? {} : { authorization: `Bearer ${tokenFor(route.roles[0]!)}` };
      const res = await app.inject({
        method: 'POST',
        url: c.url,
        headers: { ...auth, ...c.headers },
        ...(c.payload !== undefined ? { payload: c.payload } : {}),
      });
      const label = `POST ${route.url}: ${c.what} → ${res.statusCode} ${res.body.slice(0, 160)}`;
      const body = (() => {
        try {
          return res.json() as { error?: string; message?: string; field?: string };
        } catch {
          return undefined;
        }
      })();
      // A person's garbled personal link gets the Danish page that says the link does not work.
      const linkPage = route.url.startsWith('/rsvp/') && String(res.headers['content-type']).startsWith('text/html');
      if (linkPage) {
        if (res.statusCode < 400 || res.statusCode >= 500 || !res.body.includes('Linket virker ikke')) wrong.push(label);
      } else if (res.statusCode < 400 || res.statusCode >= 500 || !body?.message) wrong.push(label);
      else if (!c.anyRefusal && (body.field !== c.field || !body.message.includes(c.field)))
        wrong.push(`${label} (expected the field ${c.field})`);
      // Neither Prisma's words, the server's files nor the database's internals.
      if (/prisma|invocation|\/work\/|node_modules|\.ts:\d|constraint|violates/i.test(res.body)) wrong.push(`${label} (leaks internals)`);
    }
    expect(wrong).toEqual([]);
    expect(await rowCounts(h.db)).toEqual(before);
  });

  it("maps each database constraint error to a message naming the field, never Prisma's text", async () => {
    const duplicate = await h.db.municipality.create({ data: { code: '621', name: 'Kolding' } }).catch((e: unknown) => e);
    expect(databaseErrorResponse(duplicate)).toEqual({
      status: 409,
      body: { error: 'CONFLICT', message: 'code is already in use', field: 'code' },
    });
    const orphan = await h.db.participant
      .create({ data: { id: 'x', givenName: 'A', familyName: 'B', municipalityCode: '999', referredOn: new Date() } })
      .catch((e: unknown) => e);
    expect(databaseErrorResponse(orphan)).toMatchObject({ status: 409, body: { field: 'municipalityCode' } });
    const missing = await h.db.participant.update({ where: { id: 'nobody' }, data: { givenName: 'x' } }).catch((e: unknown) => e);
    expect(databaseErrorResponse(missing)).toMatchObject({ status: 404, body: { error: 'NOT_FOUND' } });
    const nul = await h.db.municipality.create({ data: { code: '998', name: 'A\u0000B' } }).catch((e: unknown) => e);
    expect(databaseErrorResponse(nul)).toMatchObject({ status: 400 });
    for (const e of [duplicate, orphan, missing, nul])
      expect(JSON.stringify(databaseErrorResponse(e))).not.toMatch(/prisma|invocation|\.ts:|violates|Participant_/i);
    expect(databaseErrorResponse(new Error('not the database'))).toBeUndefined();
  });

  it('a CPR number another programme has registered is answered exactly as an unknown one (no yes/no oracle); within the programme, clearly', async () => {
    // A person Business Training has registered, with a track there: the growth coordinator may not know of them.
    await h.db.participant.create({
      data: {
        id: 'p-registered-elsewhere',
        programmeId: FIXTURE.programmes.training,
        cpr: '0101901234',
        givenName: 'Bo',
        familyName: 'Andetsteds',
        municipalityCode: '621',
        referredOn: new Date('2016-03-01T00:00:00Z'),
      },
    });
    const shipped = readFileSync(new URL('../cohorts/klynge-1-2019.yaml', import.meta.url), 'utf8');
    const withCpr = (cohortId: string, cpr: string) => {
      // Kolding's closing day is the fixture's other programme's to set: left out, so the CPR number is all that differs.
      const yaml = shipped
        .replace(/^id: klynge-1-2019$/m, `id: ${cohortId}`)
        .replace(', closingDays: ["2019-12-27"]', '')
        .replace(/^(\s+)familyName: Eksempelsen$/m, `$1familyName: Eksempelsen\n$1cpr: "${cpr}"`);
      expect(yaml).toContain(`cpr: "${cpr}"`);
      return yaml;
    };
    const growth = `Bearer ${issueToken(TEST_CONFIG.LINK_SECRET, { sub: 'anna@example.dk', role: 'coordinator', scope: { programmeIds: ['growth-partnership-2019'] } }, 3600)}`;
    // A year ahead, so the file's days have not passed.
    const upload = (yaml: string, dryRun?: boolean) =>
      app.inject({
        method: 'POST',
        url: '/api/cohorts',
        headers: { authorization: growth },
        payload: { yaml, year: new Date().getFullYear() + 1, ...(dryRun ? { dryRun } : {}) },
      });

    const registered = await upload(withCpr('klynge-9-2031', '010190-1234'), true);
    const unknown = await upload(withCpr('klynge-9-2031', '020290-4321'), true);
    expect(registered.statusCode, registered.body).toBe(unknown.statusCode);
    expect(registered.json()).toEqual(unknown.json());
    expect(registered.body).not.toMatch(/Andetsteds|p-registered-elsewhere|business-training/i);

    // Started for real, the person is registered anew in this programme; the other programme's row is untouched.
    const before = await h.db.participant.findUniqueOrThrow({ where: { id: 'p-registered-elsewhere' } });
    const started = await upload(withCpr('klynge-9-2031', '010190-1234'));
    expect(started.statusCode, started.body).toBe(201);
    expect(
      await h.db.participant.findMany({ where: { cpr: '0101901234' }, select: { id: true, programmeId: true }, orderBy: { id: 'asc' } }),
    ).toEqual([
      { id: 'klynge-9-2031-deltager-aalborg-1', programmeId: 'growth-partnership-2019' },
      { id: 'p-registered-elsewhere', programmeId: FIXTURE.programmes.training },
    ]);
    expect(await h.db.participant.findUniqueOrThrow({ where: { id: 'p-registered-elsewhere' } })).toEqual(before);

    // The same number again in the coordinator's own programme: refused at the field, naming whom to enrol instead.
    const rows = await rowCounts(h.db);
    const again = await upload(withCpr('klynge-8-2031', '010190-1234'));
    expect(again.statusCode, again.body).toBe(400);
    const issue = (again.json() as { issues: Array<{ path: string; message: string }> }).issues.find(
      (i) => i.path === 'participants[0].cpr',
    );
    expect(issue?.message).toContain('as participant klynge-9-2031-deltager-aalborg-1');
    expect(issue?.message).toContain('enrol-late');
    expect(issue).toMatchObject({ file: 'the uploaded cohort file' });
    expect(again.body).not.toContain(tmpdir());
    expect(again.body).not.toMatch(/prisma|invocation|\.ts:\d|violates|Participant_|Andetsteds|p-registered-elsewhere/i);
    expect(await rowCounts(h.db)).toEqual(rows);
  });
});
