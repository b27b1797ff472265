// Erasure at a participant's request, through the doors a coordinator has: the shipped example cohort
// (with a CPR number and a phone number added to its first participant) started over HTTP, her track
// run into work-readiness on the time-skipping server, a pause reason and an outcome's evidence that
// name her, then `erase participant` by the CLI as typed. Afterwards every text column of every table
// in the database is searched for her name, CPR number, e-mail address and phone number.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { issueToken, type Principal } from '../client/api/auth.js';
import { createApi } from '../client/api/create-api.js';
import { localDateAt } from '../domain/calendar.js';
import { testApiConfig } from './support/api.js';
import { cliEnv, runCli } from './support/cli.js';
import { createHarness, TEST_CONFIG, type Harness } from './support/temporal.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const COHORT = 'klynge-1-2019';
const PROGRAMME = 'growth-partnership-2019';
const ANNA = `${COHORT}-deltager-aalborg-1`;
const BO = `${COHORT}-deltager-kolding-1`;
const NAME = 'Anna Eksempelsen';
const EMAIL = 'anna@borger.example.dk';
const CPR = '0101901234';
const PHONE = '+45 20 30 40 50';

/** Every row of every table of the public schema in which a text, JSON or array column holds `needle` (any case). */
async function tablesHolding(h: Harness, needle: string): Promise<string[]> {
  const columns = await h.db.$queryRaw<{ table_name: string; column_name: string }[]>`
    SELECT table_name::text, column_name::text FROM information_schema.columns
    WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')`;
  const found: string[] = [];
  for (const c of columns) {
    const [row] = await h.db.$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT count(*) AS n FROM "${c.table_name}" WHERE "${c.column_name}"::text ILIKE $1`,
      `%${needle}%`,
    );
    if (row!.n > 0n) found.push(`${c.table_name}.${c.column_name}`);
  }
  return found;
}

describe('erasure of a participant', () => {
  let h: Harness;
  let app: FastifyInstance;
  let env: NodeJS.ProcessEnv;

  const cli = (...args: string[]) => runCli(env, args);
  const token = (role: Principal['role'], scope: Principal['scope'], sub = `${role}@example.dk`) =>
    issueToken(TEST_CONFIG.LINK_SECRET, { sub, role, scope }, 3600);
  const coordinator = token('coordinator', { programmeIds: [PROGRAMME] }, 'koordinator@dobbeltspor.example.dk');
  const call = (method: 'GET' | 'POST', url: string, bearer: string, payload?: object) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${bearer}` }, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    h = await createHarness();
    await h.startWorker();
    app = await createApi({
      client: h.env.client,
      db: h.db,
      config: testApiConfig(h),
      now: async () => Number(await h.env.currentTimeMs()),
    });
    env = cliEnv(h);
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  it('removes her name, CPR, e-mail and phone from every table; the ledger keeps its amount; a running track is ended; refused to others; harmless twice', async () => {
    const file = parseDocument(await readFile(join(ROOT, 'cohorts/klynge-1-2019.yaml'), 'utf8'));
    file.setIn(['participants', 0, 'cpr'], `${CPR.slice(0, 6)}-${CPR.slice(6)}`);
    file.setIn(['participants', 0, 'phone'], PHONE);
    const year = Number((await h.today()).slice(0, 4)) + 1;
    const started = await call('POST', '/api/cohorts', coordinator, { yaml: file.toString(), year });
    expect(started.statusCode, started.body).toBe(201);

    const startsOn = localDateAt((await h.db.participantTrack.findUniqueOrThrow({ where: { id: ANNA } })).startedOn.getTime());
    await h.sleepUntilDate(startsOn);
    await expect
      .poll(async () => (await h.db.participantTrack.findUniqueOrThrow({ where: { id: ANNA } })).phase, { timeout: 30_000 })
      .toBe('WORK_READINESS');

    const paused = await call('POST', `/api/tracks/participant/${ANNA}/pause`, coordinator, { reason: `${NAME} er indlagt` });
    expect(paused.statusCode, paused.body).toBe(200);
    const resumed = await call('POST', `/api/tracks/participant/${ANNA}/resume`, coordinator);
    expect(resumed.statusCode, resumed.body).toBe(200);
    const hired = await cli(
      '--json',
      'record',
      'outcome',
      ANNA,
      '--kind',
      'ORDINARY_JOB',
      '--on',
      startsOn,
      '--evidence',
      `Kontrakt for ${NAME}, CPR ${CPR}, ${EMAIL}`,
    );
    expect(hired.code, hired.stderr).toBe(0);
    const ledgerBefore = await h.db.ledgerEntry.findMany({
      where: { outcome: { participantTrackId: ANNA } },
      select: { id: true, amountOre: true },
    });
    expect(ledgerBefore.length).toBeGreaterThan(0);
    await expect.poll(async () => (await h.db.participantTrack.findUniqueOrThrow({ where: { id: ANNA } })).phase).toBe('RETENTION');

    // Four weeks after the hire her retention check goes to her support person, naming her.
    await h.sleepUntil(Date.parse(`${startsOn}T10:00:00Z`) + 30 * 86_400_000);
    await expect.poll(async () => h.db.emailOutbox.count({ where: { text: { contains: NAME } } }), { timeout: 30_000 }).toBeGreaterThan(0);

    // Before: she is in the participant row, the free text, the outcome, the ledger and the outbox.
    expect(await tablesHolding(h, NAME)).toEqual(
      expect.arrayContaining(['FreeText.text', 'Outcome.evidenceRef', 'LedgerEntry.evidenceRef', 'EmailOutbox.text']),
    );
    expect(await tablesHolding(h, 'Eksempelsen')).toEqual(expect.arrayContaining(['Participant.familyName']));
    expect(await tablesHolding(h, CPR)).toEqual(expect.arrayContaining(['Participant.cpr', 'FreeText.text']));

    // Only a coordinator of her programme erases: an operator, a caseworker and another programme's coordinator are refused.
    const operator = await call('POST', `/api/participants/${ANNA}/erase`, token('operator', {}));
    expect(operator.statusCode, operator.body).toBe(403);
    const caseworker = await call('POST', `/api/participants/${ANNA}/erase`, token('caseworker', { municipalityCode: '851' }));
    expect(caseworker.statusCode, caseworker.body).toBe(403);
    const stranger = await call('POST', `/api/participants/${ANNA}/erase`, token('coordinator', { programmeIds: ['business-training'] }));
    expect(stranger.statusCode, stranger.body).toBe(404);
    expect((await h.db.participant.findUniqueOrThrow({ where: { id: ANNA } })).erasedAt).toBeNull();
    expect(await h.db.auditLog.count({ where: { entity: 'Participant', entityId: ANNA, allowed: false } })).toBeGreaterThan(0);

    const erased = await cli('--json', 'erase', 'participant', ANNA);
    expect(erased.code, erased.stderr).toBe(0);
    expect(JSON.parse(erased.stdout)).toMatchObject({ participantId: ANNA, alreadyErased: false, tracksEnded: [ANNA] });
    await expect
      .poll(async () => (await h.db.participantTrack.findUniqueOrThrow({ where: { id: ANNA } })).phase, { timeout: 30_000 })
      .toBe('DROPPED_OUT');

    for (const needle of [NAME, 'Eksempelsen', CPR, `${CPR.slice(0, 6)}-${CPR.slice(6)}`, EMAIL, PHONE]) {
      expect(await tablesHolding(h, needle), needle).toEqual([]);
    }
    // The ledger keeps its amounts under her id; Bo, in the same cohort, is untouched.
    expect(
      await h.db.ledgerEntry.findMany({ where: { outcome: { participantTrackId: ANNA } }, select: { id: true, amountOre: true } }),
    ).toEqual(ledgerBefore);
    expect(await h.db.participant.findUniqueOrThrow({ where: { id: ANNA } })).toMatchObject({
      givenName: 'Slettet',
      cpr: null,
      email: null,
      phone: null,
      municipalityCode: '851',
    });
    expect(await h.db.participant.findUniqueOrThrow({ where: { id: BO } })).toMatchObject({
      givenName: 'Bo',
      email: 'bo@borger.example.dk',
    });
    expect((await h.db.participantTrack.findUniqueOrThrow({ where: { id: ANNA } })).endReason).toBe(
      "ended: the participant's personal data was erased on request",
    );

    // Twice is harmless: nothing more to remove, said so, audited.
    const again = await call('POST', `/api/participants/${ANNA}/erase`, coordinator);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ alreadyErased: true, tracksEnded: [] });
    expect(await h.db.auditLog.count({ where: { action: 'erase participant', entityId: ANNA, allowed: true } })).toBe(2);
    expect(
      await h.db.auditLog.count({ where: { action: 'POST /api/participants/:participantId/erase', entityId: ANNA, allowed: true } }),
    ).toBe(1);
    // An erased participant is enrolled nowhere again: answered as an unknown one is.
    const enrol = await call('POST', `/api/cohorts/${COHORT}/enrolments`, coordinator, { participantId: ANNA, municipalityCode: '851' });
    expect(enrol.statusCode, enrol.body).toBe(404);
  }, 300_000);

  it('purges the bodies of e-mails sent longer ago than SENT_MAIL_RETENTION_DAYS, by the CLI run from cron', async () => {
    const sent = await h.db.emailOutbox.findMany({
      where: { status: 'SENT', text: { not: '' } },
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    expect(sent.length).toBeGreaterThan(1);
    // Time passes for the first half: their sending is backdated 40 days.
    const old = sent.slice(0, Math.ceil(sent.length / 2)).map((r) => r.id);
    await h.db.$executeRaw`UPDATE "EmailOutbox" SET "sentAt" = "sentAt" - interval '40 days' WHERE id = ANY(${old})`;

    const unset = await cli('--json', 'outbox', 'purge-sent');
    expect(unset.code).toBe(2);
    expect(unset.stderr + unset.stdout).toContain('SENT_MAIL_RETENTION_DAYS');

    env = { ...env, SENT_MAIL_RETENTION_DAYS: '30' };
    const purged = await cli('--json', 'outbox', 'purge-sent');
    expect(purged.code, purged.stderr).toBe(0);
    expect(JSON.parse(purged.stdout)).toMatchObject({ days: 30, purged: old.length });
    const rows = await h.db.emailOutbox.findMany({
      where: { id: { in: sent.map((r) => r.id) } },
      select: { id: true, html: true, text: true },
    });
    for (const r of rows) {
      if (old.includes(r.id)) expect([r.html, r.text]).toEqual(['', '']);
      else expect(r.text.length).toBeGreaterThan(0);
    }
    const twice = await cli('--json', 'outbox', 'purge-sent');
    expect(JSON.parse(twice.stdout)).toMatchObject({ purged: 0 });
  }, 120_000);
});
