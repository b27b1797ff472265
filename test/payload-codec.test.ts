// Payload encryption: with keys configured, the server keeps ciphertext only, the project's own
// clients and workers read and write through the codec, the Web UI's codec endpoint decrypts for an
// operator only, keys rotate by id, and recorded (unencrypted) histories still replay.
import { randomBytes } from 'node:crypto';
import { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, type Principal } from '../client/api/auth.js';
import type { ApiConfig } from '../client/api/context.js';
import { createApi } from '../client/api/create-api.js';
import { cohortWorkflowId } from '../contracts/workflow-ids.js';
import { startCohort } from '../client/operations/cohorts.js';
import type { OperationContext } from '../client/operations/context.js';
import { dataConverterFor } from '../codec/data-converter.js';
import { EncryptionCodec, parsePayloadKeys, type PayloadKey } from '../codec/payload-encryption.js';
import { loadConfig } from '../config/index.js';
import { WORKFLOWS_PATH } from '../worker/create-worker.js';
import { cohortSummaryQuery } from '../contracts/index.js';
import { testApiConfig } from './support/api.js';
import { historyJson, loadRecordedHistories } from './support/histories.js';
import { TEST_CONFIG, createHarness, type Harness } from './support/temporal.js';
import { startCohortFile } from './support/cohort-file.js';

const EXAMPLE = new URL('../cohorts/klynge-1-2019.yaml', import.meta.url).pathname;
const COHORT = 'klynge-1-2019';
/** In the cohort workflow's input (its programme), in no search attribute. */
const KNOWN_INPUT = 'growth-partnership-2019';
const UI_ORIGIN = 'http://127.0.0.1:8233';

const key = (id: string): PayloadKey => ({ id, key: randomBytes(32) });
const text = (p: { data?: string }) => Buffer.from(p.data ?? '', 'base64').toString('utf8');
const meta = (p: { metadata?: Record<string, string> }, k: string) => Buffer.from(p.metadata?.[k] ?? '', 'base64').toString('utf8');

describe('payload encryption codec', () => {
  const current = key('2027-01');
  let h: Harness;
  let api: FastifyInstance;
  let ctx: OperationContext;
  let inputPayloads: Array<{ metadata: Record<string, string>; data: string }>;
  const token = (role: Principal['role']) =>
    issueToken(
      TEST_CONFIG.LINK_SECRET,
      { sub: `${role}@example.dk`, role, scope: role === 'coordinator' ? { programmeIds: [KNOWN_INPUT] } : {} },
      3600,
    );
  const decode = (headers: Record<string, string>, payloads = inputPayloads) =>
    api.inject({ method: 'POST', url: '/codec/decode', headers: { 'x-namespace': 'default', ...headers }, payload: { payloads } });

  beforeAll(async () => {
    h = await createHarness();
    const dataConverter = dataConverterFor([current]);
    await h.startWorker({ dataConverter });
    const client = new Client({ connection: h.env.connection, namespace: h.env.namespace ?? 'default', dataConverter });
    ctx = { client, db: h.db, taskQueue: h.taskQueue, namespace: 'default' };
    const config = { ...testApiConfig(h), PAYLOAD_ENCRYPTION_KEYS: [current] } as ApiConfig;
    api = await createApi({ client, db: h.db, config });
  });
  afterAll(async () => {
    await api?.close();
    await h?.close();
  });

  it('keeps the server free of plaintext payloads while the project reads them through the codec', async () => {
    const year = Number((await h.today()).slice(0, 4)) + 1;
    const started = await startCohortFile(ctx, { file: EXAMPLE, year });
    // The worker decrypted the input and ran the workflow; the client decrypts its answer.
    const summary = await ctx.client.workflow.getHandle(started.workflowId).query(cohortSummaryQuery);
    expect(summary).toMatchObject({ cohortId: COHORT, programmeId: KNOWN_INPUT });

    // The history as the server keeps it, read by a client without the codec.
    const history = await h.env.client.workflow.getHandle(cohortWorkflowId(COHORT)).fetchHistory();
    const json = JSON.parse(historyJson(history)) as {
      events: Array<{
        workflowExecutionStartedEventAttributes?: { input?: { payloads: Array<{ metadata: Record<string, string>; data: string }> } };
      }>;
    };
    inputPayloads = json.events[0]!.workflowExecutionStartedEventAttributes!.input!.payloads;
    expect(inputPayloads).toHaveLength(1);
    expect(meta(inputPayloads[0]!, 'encoding')).toBe('binary/encrypted');
    expect(meta(inputPayloads[0]!, 'encryption-key-id')).toBe('2027-01');
    // No payload anywhere in the history holds the known input in clear (search attributes are not payloads of the codec and carry ids only).
    const all = JSON.stringify(json);
    expect(all).not.toContain(KNOWN_INPUT);
    const payloadData = [...all.matchAll(/"data":"([A-Za-z0-9+/=]+)"/g)]
      .map((m) => Buffer.from(m[1]!, 'base64').toString('utf8'))
      .join('\n');
    expect(payloadData).not.toContain(KNOWN_INPUT);
    expect(payloadData).not.toContain('"cohortId"');
  });

  it('decodes for an authenticated operator only, at /codec/decode as the Web UI calls it', async () => {
    const anonymous = await decode({});
    expect(anonymous.statusCode).toBe(401);
    const coordinator = await decode({ authorization: `Bearer ${token('coordinator')}` });
    expect(coordinator.statusCode).toBe(403);
    const forged = await decode({ authorization: `Bearer ${token('operator').slice(0, -4)}AAAA` });
    expect(forged.statusCode).toBe(401);
    for (const r of [anonymous, coordinator, forged]) expect(r.body).not.toContain(KNOWN_INPUT);
    expect(await h.db.auditLog.count({ where: { action: 'POST /codec/decode', allowed: false } })).toBe(3);

    const operator = await decode({ authorization: `Bearer ${token('operator')}` });
    expect(operator.statusCode).toBe(200);
    const [plain] = (operator.json() as { payloads: Array<{ metadata: Record<string, string>; data: string }> }).payloads;
    expect(meta(plain!, 'encoding')).toBe('json/plain');
    expect(JSON.parse(text(plain!))).toMatchObject({ cohortId: COHORT, programmeId: KNOWN_INPUT });
    expect(await h.db.auditLog.findFirst({ where: { action: 'POST /codec/decode', allowed: true } })).toMatchObject({
      actor: 'operator@example.dk',
      details: { payloads: 1, namespace: 'default' },
    });
  });

  it("answers the Web UI's origin only, and takes the operator's session cookie the UI sends with credentials", async () => {
    const preflight = await api.inject({
      method: 'OPTIONS',
      url: '/codec/decode',
      headers: { origin: UI_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers).toMatchObject({ 'access-control-allow-origin': UI_ORIGIN, 'access-control-allow-credentials': 'true' });
    expect(String(preflight.headers['access-control-allow-headers'])).toContain('x-namespace');
    const foreign = await api.inject({
      method: 'OPTIONS',
      url: '/codec/decode',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();

    const refused = await api.inject({
      method: 'POST',
      url: '/codec/session',
      payload: `token=${token('coordinator')}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['set-cookie']).toBeUndefined();
    const session = await api.inject({
      method: 'POST',
      url: '/codec/session',
      payload: `token=${token('operator')}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(session.statusCode).toBe(200);
    const cookie = String(session.headers['set-cookie']);
    expect(cookie).toMatch(/^dobbeltspor_codec=.+; Path=\/codec; HttpOnly;/);
    const byUi = await decode({ origin: UI_ORIGIN, cookie: cookie.split(';')[0]! });
    expect(byUi.statusCode).toBe(200);
    expect(byUi.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
    expect(text(byUi.json().payloads[0])).toContain(KNOWN_INPUT);
  });

  it('encodes for the Web UI (a signal typed there) so the workers can read it', async () => {
    const plain = {
      metadata: { encoding: Buffer.from('json/plain').toString('base64') },
      data: Buffer.from('{"reasonId":"x"}').toString('base64'),
    };
    const encoded = await api.inject({
      method: 'POST',
      url: '/codec/encode',
      headers: { authorization: `Bearer ${token('operator')}` },
      payload: { payloads: [plain] },
    });
    expect(encoded.statusCode).toBe(200);
    const [cipher] = encoded.json().payloads as Array<{ metadata: Record<string, string>; data: string }>;
    expect(meta(cipher!, 'encoding')).toBe('binary/encrypted');
    expect(text(cipher!)).not.toContain('reasonId');
    const [back] = await new EncryptionCodec([current]).decode([
      {
        metadata: {
          encoding: new Uint8Array(Buffer.from('binary/encrypted')),
          'encryption-key-id': new Uint8Array(Buffer.from(current.id)),
        },
        data: new Uint8Array(Buffer.from(cipher!.data, 'base64')),
      },
    ]);
    expect(Buffer.from(back!.data!).toString('utf8')).toBe('{"reasonId":"x"}');
  });

  it('rotates keys by id: a new key in front encrypts, the old one still decrypts; a payload of an unknown key is refused by name', async () => {
    const [payload] = await new EncryptionCodec([current]).encode([
      { metadata: { encoding: new Uint8Array(Buffer.from('json/plain')) }, data: new Uint8Array(Buffer.from('"hemmelig"')) },
    ]);
    const rotated = new EncryptionCodec([key('2028-01'), current]);
    expect(Buffer.from((await rotated.decode([payload!]))[0]!.data!).toString()).toBe('"hemmelig"');
    const [fresh] = await rotated.encode([{ metadata: {}, data: new Uint8Array(Buffer.from('"ny"')) }]);
    expect(Buffer.from(fresh!.metadata!['encryption-key-id']!).toString()).toBe('2028-01');
    await expect(new EncryptionCodec([key('2028-01')]).decode([payload!])).rejects.toThrow(
      'key "2027-01", which is not among the configured keys',
    );
    // A tampered ciphertext fails authentication.
    const tampered = { ...payload!, data: Uint8Array.from(payload!.data!, (b, i) => (i === 20 ? b ^ 1 : b)) };
    await expect(new EncryptionCodec([current]).decode([tampered])).rejects.toThrow();
  });

  it('reads its keys from PAYLOAD_ENCRYPTION_KEYS and refuses a bad one by name; unset means off', () => {
    const value = `2028-01=${randomBytes(32).toString('base64')},2027-01=${randomBytes(32).toString('base64')}`;
    expect(loadConfig({ PAYLOAD_ENCRYPTION_KEYS: value }).PAYLOAD_ENCRYPTION_KEYS?.map((k) => k.id)).toEqual(['2028-01', '2027-01']);
    expect(loadConfig({}).PAYLOAD_ENCRYPTION_KEYS).toBeUndefined();
    expect(dataConverterFor(undefined)).toBeUndefined();
    expect(() => loadConfig({ PAYLOAD_ENCRYPTION_KEYS: 'k1=c2hvcnQ=' })).toThrow(/PAYLOAD_ENCRYPTION_KEYS: key "k1" must be 32 bytes/);
    expect(() => parsePayloadKeys(`a=${randomBytes(32).toString('base64')},a=${randomBytes(32).toString('base64')}`)).toThrow(
      'key id "a" is given twice',
    );
  });

  it('replays the recorded, unencrypted histories with the codec switched on', async () => {
    const recorded = loadRecordedHistories().slice(0, 3);
    const results: Array<{ workflowId: string; error?: unknown }> = [];
    for await (const r of Worker.runReplayHistories(
      { workflowsPath: WORKFLOWS_PATH, replayName: 'codec-replay', dataConverter: dataConverterFor([current]) },
      recorded,
    ))
      results.push(r);
    expect(results).toHaveLength(3);
    expect(results.filter((r) => r.error)).toEqual([]);
  });
});
