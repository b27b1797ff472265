// What the end-to-end runs of a programme share: the real stack on the time-skipping server, the HTTP
// API on the test server's clock, bearer tokens by role, a shipped cohort file started through the
// API in another year, staff registered through the API, and waits on the tracks' projection.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { issueToken, type Principal } from '../../client/api/auth.js';
import type { TrackSummary } from '../../contracts/index.js';
import { startStackWithApi } from './stack-with-api.js';
import { TEST_CONFIG, type Harness } from './temporal.js';

export interface ProgrammeRun {
  h: Harness;
  app: FastifyInstance;
  token(role: Principal['role'], scope?: Principal['scope']): string;
  call(method: 'GET' | 'POST', url: string, bearer: string, payload?: object): Promise<LightMyRequestResponse>;
  /** Registers a staff member of the actor through the API; returns its id and its own bearer token. */
  staff(coordinator: string, actorId: string, role: string, name: string): Promise<{ id: string; token: string }>;
  /** The track's projected summary, once `until` holds for it. */
  summary(trackId: string, until?: (s: TrackSummary) => boolean): Promise<TrackSummary>;
  /**
   * The municipality's caseworker approves every claim pending in its work queue for the cohort, as
   * a caseworker would through the API (only approved claims are owed); returns the claims approved.
   */
  approveClaims(cohortId: string, municipalityCode: string): Promise<{ outcomeId: string; kind: string; amountDkk: string }[]>;
  close(): Promise<void>;
}

export async function startProgrammeRun(): Promise<ProgrammeRun> {
  // "Today" for the API's operations is the test server's, as the workflows see it.
  const stack = await startStackWithApi();
  const { h, app } = stack;
  const token = (role: Principal['role'], scope: Principal['scope'] = {}) =>
    issueToken(TEST_CONFIG.LINK_SECRET, { sub: `${role}-${scope.staffMemberId ?? 'x'}@example.dk`, role, scope }, 3600);
  const call = (method: 'GET' | 'POST', url: string, bearer: string, payload?: object) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${bearer}` }, ...(payload ? { payload } : {}) });
  return {
    h,
    app,
    token,
    call,
    async staff(coordinator, actorId, role, name) {
      const email = `${name.toLowerCase().replace(/[^a-z]/g, '')}@${actorId}.example.dk`;
      const r = await call('POST', `/api/employment-actors/${actorId}/staff`, coordinator, { name, email, role });
      expect(r.statusCode, r.body).toBe(201);
      const id = (r.json() as { id: string }).id;
      return { id, token: token('staff', { staffMemberId: id }) };
    },
    async summary(trackId, until = () => true) {
      let found: TrackSummary | undefined;
      await expect
        .poll(
          async () => {
            const row = await h.db.participantTrack.findUnique({ where: { id: trackId }, select: { summary: true } });
            found = (row?.summary ?? undefined) as TrackSummary | undefined;
            return found !== undefined && until(found);
          },
          { timeout: 20_000 },
        )
        .toBe(true);
      return found!;
    },
    async approveClaims(cohortId, municipalityCode) {
      const caseworker = token('caseworker', { municipalityCode });
      const queue = await call('GET', `/api/claims?cohort=${cohortId}`, caseworker);
      expect(queue.statusCode, queue.body).toBe(200);
      const pending = (queue.json() as { claims: { outcomeId: string; kind: string; amountDkk: string; status: string }[] }).claims;
      for (const c of pending) {
        expect(c.status).toBe('PENDING');
        const r = await call('POST', `/api/claims/${c.outcomeId}/approve`, caseworker);
        expect(r.statusCode, r.body).toBe(200);
        expect(r.json()).toMatchObject({ status: 'APPROVED' });
      }
      return pending;
    },
    close: stack.close,
  };
}
