// A full cohort's waitlist through the doors: citizens registered from their referral, refused a place
// (409 COHORT_FULL), put on the waitlist by the coordinator (API and CLI as typed), withdrawn, offered
// the places a drop-out and an erasure free, in order; the waitlist in its own list and in the cohort
// report, which the CLI also builds for the whole cohort (no --municipality).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../client/api/auth.js';
import { createApi } from '../client/api/create-api.js';
import { testApiConfig } from './support/api.js';
import { cliEnv, runCli } from './support/cli.js';
import { createHarness, TEST_CONFIG, type Harness } from './support/temporal.js';

const PROGRAMME = 'business-training';
const COHORT = 'bt-kolding-venteliste';
/** programmes/business-training.yaml: Kolding's pilot of 20 women (capacity.participants). */
const CAPACITY = 20;

describe('the waitlist of a full cohort', () => {
  let h: Harness;
  let app: FastifyInstance;
  let env: NodeJS.ProcessEnv;
  let today: string;
  const coordinator = issueToken(
    TEST_CONFIG.LINK_SECRET,
    { sub: 'koordinator@kolding.dk', role: 'coordinator', scope: { programmeIds: [PROGRAMME] } },
    3600,
  );
  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${coordinator}` }, ...(payload ? { payload } : {}) });
  const cli = (...args: string[]) => runCli(env, args);
  const cohortYaml = () => `id: ${COHORT}
name: Business Training Kolding
programme: ${PROGRAMME}
year: ${today.slice(0, 4)}
municipalities:
  - { code: "621", name: Kolding, slots: 0 }
partnerships:
  - municipality: "621"
    employmentActor: { id: ea-bt-venteliste, name: Eksempel Integrationsnet, contact: { name: Else, email: else@integrationsnet.example.dk } }
    companies:
      - { cvr: "90007777", name: Eksempel Lager ApS, contact: { name: Lars, email: lars@lager.example.dk } }
participants:
${Array.from({ length: CAPACITY }, (_, i) => `  - { ref: bt-${i + 1}, givenName: Deltager, familyName: Nummer${i + 1}, municipality: "621", referredOn: "${today}" }`).join('\n')}
`;
  const waitlist = async () => {
    const res = await call('GET', `/api/cohorts/${COHORT}/waitlist`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      waiting: number;
      places: { planned: number; taken: number; free: number };
      entries: { participantId: string; position?: number; status: string; trackId?: string }[];
    };
  };

  beforeAll(async () => {
    h = await createHarness();
    await h.startWorker();
    app = await createApi({
      client: h.env.client,
      db: h.db,
      config: testApiConfig(h),
      now: async () => Number(await h.env.currentTimeMs()),
    });
    today = await h.today();
    env = cliEnv(h);
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  it('puts refused citizens in line, offers freed places in order, and reports the list', async () => {
    const started = await call('POST', '/api/cohorts', { yaml: cohortYaml() });
    expect(started.statusCode, started.body).toBe(201);

    // Three referrals registered by the doors: two by the API, one by the CLI.
    const register = async (n: number) => {
      const res = await call('POST', '/api/participants', {
        programmeId: PROGRAMME,
        givenName: 'Venter',
        familyName: `Nummer${n}`,
        municipality: '621',
        referredOn: today,
      });
      expect(res.statusCode, res.body).toBe(201);
      return (res.json() as { id: string }).id;
    };
    const first = await register(1);
    const second = await register(2);
    const byCli = await cli(
      '--json',
      'participant',
      'register',
      '--programme',
      PROGRAMME,
      '--given-name',
      'Venter',
      '--family-name',
      'Nummer3',
      '--municipality',
      '621',
      '--referred-on',
      today,
    );
    expect(byCli.code, byCli.stderr).toBe(0);
    const third = (JSON.parse(byCli.stdout) as { id: string }).id;

    // Refused a place; the refusal points at the waitlist.
    const refused = await call('POST', '/api/tracks/participant', {
      participantId: first,
      cohortId: COHORT,
      partnershipId: `${COHORT}-621`,
    });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json()).toMatchObject({ error: 'COHORT_FULL', field: 'cohortId' });
    expect(refused.json().message).toContain('waitlist');

    const added = await call('POST', `/api/cohorts/${COHORT}/waitlist`, { participantId: first, municipalityCode: '621' });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ participantId: first, status: 'WAITING', position: 1 });
    const addedByCli = await cli('--json', 'waitlist', 'add', COHORT, '--participant', second, '--municipality', '621');
    expect(addedByCli.code, addedByCli.stderr).toBe(0);
    expect(JSON.parse(addedByCli.stdout)).toMatchObject({ participantId: second, position: 2, created: true });
    expect((await call('POST', `/api/cohorts/${COHORT}/waitlist`, { participantId: third, municipalityCode: '621' })).statusCode).toBe(201);
    // The same citizen again: the entry as it is, no second place in line.
    const again = await call('POST', `/api/cohorts/${COHORT}/waitlist`, { participantId: first, municipalityCode: '621' });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ position: 1, created: false });
    // Someone with a track in the cohort is not put in line; neither is an unknown municipality.
    const enrolled = await call('POST', `/api/cohorts/${COHORT}/waitlist`, { participantId: `${COHORT}-bt-5`, municipalityCode: '621' });
    expect(enrolled.json()).toMatchObject({ error: 'ALREADY_ENROLLED', field: 'participantId' });
    const elsewhere = await call('POST', `/api/cohorts/${COHORT}/waitlist`, { participantId: third, municipalityCode: '851' });
    expect(elsewhere.statusCode).toBe(400);

    // The third finds work elsewhere and is taken off the list.
    const withdrawn = await call('POST', `/api/cohorts/${COHORT}/waitlist/${third}/withdraw`);
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    let w = await waitlist();
    expect(w.waiting).toBe(2);
    expect(w.places).toEqual({ planned: CAPACITY, taken: CAPACITY, free: 0 });
    expect(w.entries.map((e) => [e.participantId, e.position ?? null, e.status])).toEqual([
      [first, 1, 'WAITING'],
      [second, 2, 'WAITING'],
      [third, null, 'WITHDRAWN'],
    ]);

    // The report shows the list, for the whole cohort by the API and by the CLI (no --municipality).
    const report = await call('GET', `/api/cohorts/${COHORT}/report`);
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json().waitlist).toEqual({ waiting: 2 });
    expect((await call('GET', `/api/cohorts/${COHORT}/report?format=html`)).body).toContain(
      '<p>Waitlist: 2 waiting for a participant place</p>',
    );
    const cliReport = await cli('--json', 'report', '--cohort', COHORT);
    expect(cliReport.code, cliReport.stderr).toBe(0);
    expect(JSON.parse(cliReport.stdout)).toMatchObject({ waitlist: { waiting: 2 }, capacity: { participants: { free: 0 } } });
    const listed = await cli('waitlist', 'list', COHORT);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('2 waiting');

    // A drop-out frees a place: the first in line is enrolled into it.
    const dropped = await call('POST', `/api/tracks/participant/${COHORT}-bt-1/drop-out`, { reason: 'flyttet' });
    expect(dropped.statusCode, dropped.body).toBe(200);
    w = await waitlist();
    expect(w.entries.find((e) => e.participantId === first)).toMatchObject({ status: 'ENROLLED', trackId: `${COHORT}-${first}` });
    expect(w.waiting).toBe(1);
    await expect
      .poll(async () => (await h.db.participantTrack.findUnique({ where: { id: `${COHORT}-${first}` } }))?.phase, { timeout: 30_000 })
      .toBe('WORK_READINESS');

    // An erasure ends the erased participant's track: the next in line gets the place.
    const erased = await call('POST', `/api/participants/${COHORT}-bt-2/erase`);
    expect(erased.statusCode, erased.body).toBe(200);
    w = await waitlist();
    expect(w.entries.find((e) => e.participantId === second)).toMatchObject({ status: 'ENROLLED', trackId: `${COHORT}-${second}` });
    expect(w.waiting).toBe(0);
    expect(w.places).toEqual({ planned: CAPACITY, taken: CAPACITY, free: 0 });

    // With a place free and nobody waiting, the list is refused: enrol instead.
    expect((await call('POST', `/api/tracks/participant/${COHORT}-bt-3/drop-out`, { reason: 'flyttet' })).statusCode).toBe(200);
    await expect.poll(async () => (await waitlist()).places.free, { timeout: 30_000 }).toBe(1);
    const free = await call('POST', `/api/cohorts/${COHORT}/waitlist`, { participantId: third, municipalityCode: '621' });
    expect(free.statusCode, free.body).toBe(409);
    expect(free.json()).toMatchObject({ error: 'PLACE_FREE', field: 'cohortId' });
    expect((await call('GET', `/api/cohorts/${COHORT}/report`)).json().waitlist).toEqual({ waiting: 0 });
  }, 300_000);
});
