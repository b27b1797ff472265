import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../client/api/auth.js';
import { claimPlace, lockCohortPlaces } from '../client/operations/cohort-places.js';
import { localDateAt } from '../domain/calendar.js';
import { createTestApi } from './support/api.js';
import { createHarness, TEST_CONFIG, type Harness } from './support/temporal.js';

const PROGRAMME = 'business-training';
const COHORT = 'bt-kolding-kapacitet';
/** programmes/business-training.yaml: Kolding's pilot of 20 women (capacity.participants). */
const CAPACITY = 20;

/**
 * The programme's capacity at every enrolment door, over HTTP against the real stack: a cohort file
 * listing more participants than the programme plans is refused; enrolments beyond the capacity are
 * refused with the field; a drop-out frees a place that a late enrolment fills; the report shows the
 * places taken and free.
 */
describe('programme capacity at enrolment', () => {
  let h: Harness;
  let app: FastifyInstance;
  let today: string;
  const coordinator = issueToken(
    TEST_CONFIG.LINK_SECRET,
    { sub: 'koordinator@kolding.dk', role: 'coordinator', scope: { programmeIds: [PROGRAMME] } },
    3600,
  );
  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${coordinator}` }, ...(payload ? { payload } : {}) });
  const cohortYaml = (participants: number) => `id: ${COHORT}
name: Business Training Kolding
programme: ${PROGRAMME}
year: ${today.slice(0, 4)}
municipalities:
  - { code: "621", name: Kolding, slots: 0 }
partnerships:
  - municipality: "621"
    employmentActor: { id: ea-bt-kapacitet, name: Eksempel Integrationsnet, contact: { name: Else, email: else@integrationsnet.example.dk } }
    companies:
      - { cvr: "90007777", name: Eksempel Lager ApS, contact: { name: Lars, email: lars@lager.example.dk } }
participants:
${Array.from({ length: participants }, (_, i) => `  - { ref: bt-${i + 1}, givenName: Deltager, familyName: Nummer${i + 1}, municipality: "621", referredOn: "${today}" }`).join('\n')}
`;
  /** A referral registered by the coordinator's door. */
  const referred = async (n: number) => {
    const res = await call('POST', '/api/participants', {
      programmeId: PROGRAMME,
      givenName: 'Sen',
      familyName: `Tilmeldt${n}`,
      municipality: '621',
      referredOn: today,
    });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { id: string }).id;
  };

  beforeAll(async () => {
    h = await createHarness();
    await h.startWorker();
    app = await createTestApi(h);
    today = localDateAt(Number(await h.env.currentTimeMs()));
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  it('refuses a cohort file with more participants than the programme plans, naming the first without a place', async () => {
    const res = await call('POST', '/api/cohorts', { yaml: cohortYaml(CAPACITY + 2) });
    expect(res.statusCode, res.body).toBe(400);
    const body = res.json() as { error: string; issues: { path: string; message: string }[] };
    expect(body.error).toBe('INVALID_FILE');
    expect(body.issues).toEqual([
      expect.objectContaining({
        path: `participants[${CAPACITY}]`,
        message: expect.stringContaining(`plans ${CAPACITY} a cohort (capacity.participants): participants 21–22 have no place`),
      }),
    ]);
    expect(await h.db.cohort.count({ where: { id: COHORT } })).toBe(0);
    expect(await h.db.participantTrack.count({ where: { cohortId: COHORT } })).toBe(0);
  });

  it('fills the cohort to its capacity, then refuses enrol and enrol-late with the field; a drop-out frees a place', async () => {
    const started = await call('POST', '/api/cohorts', { yaml: cohortYaml(CAPACITY - 1) });
    expect(started.statusCode, started.body).toBe(201);

    // The 20th place, by enrol participant.
    const last = await call('POST', '/api/tracks/participant', {
      participantId: await referred(20),
      cohortId: COHORT,
      partnershipId: `${COHORT}-621`,
      startsOn: today,
    });
    expect(last.statusCode, last.body).toBe(201);

    // The 21st, by either door: refused, and no track written.
    const over = await referred(21);
    const byEnrol = await call('POST', '/api/tracks/participant', {
      participantId: over,
      cohortId: COHORT,
      partnershipId: `${COHORT}-621`,
    });
    expect(byEnrol.statusCode, byEnrol.body).toBe(409);
    expect(byEnrol.json()).toMatchObject({ error: 'COHORT_FULL', field: 'cohortId' });
    expect(byEnrol.json().message).toContain(
      `plans ${CAPACITY} participants a cohort (capacity.participants) and ${CAPACITY} places are taken`,
    );
    const byLate = await call('POST', `/api/cohorts/${COHORT}/enrolments`, { participantId: over, municipalityCode: '621' });
    expect(byLate.statusCode, byLate.body).toBe(409);
    expect(byLate.json()).toMatchObject({ error: 'COHORT_FULL', field: 'cohortId' });
    expect(await h.db.participantTrack.count({ where: { cohortId: COHORT } })).toBe(CAPACITY);

    const full = await call('GET', `/api/cohorts/${COHORT}/report`);
    expect(full.statusCode, full.body).toBe(200);
    expect(full.json().capacity).toEqual({ participants: { planned: CAPACITY, taken: CAPACITY, free: 0 } });

    // A drop-out frees its place: the late enrolment now fills it.
    const dropped = await call('POST', `/api/tracks/participant/${COHORT}-bt-1/drop-out`, { reason: 'flyttet' });
    expect(dropped.statusCode, dropped.body).toBe(200);
    for (
      let i = 0;
      i < 100 && (await h.db.participantTrack.findUniqueOrThrow({ where: { id: `${COHORT}-bt-1` } })).phase !== 'DROPPED_OUT';
      i++
    )
      await new Promise((r) => setTimeout(r, 100));
    const freed = await call('GET', `/api/cohorts/${COHORT}/report?format=html`);
    expect(freed.body).toMatch(/<tr><td>participants<\/td><td>20<\/td><td>19<\/td><td>1<\/td><\/tr>/);
    // Two enrolments race for the one free place through the two doors: exactly one gets it.
    const rival = await referred(22);
    const race = await Promise.all([
      call('POST', `/api/cohorts/${COHORT}/enrolments`, { participantId: over, municipalityCode: '621' }),
      call('POST', '/api/tracks/participant', { participantId: rival, cohortId: COHORT, partnershipId: `${COHORT}-621` }),
    ]);
    expect(race.map((r) => r.statusCode).sort(), race.map((r) => r.body).join('\n')).toEqual([201, 409]);
    expect(race.find((r) => r.statusCode === 409)!.json()).toMatchObject({ error: 'COHORT_FULL', field: 'cohortId' });
    expect((await call('GET', `/api/cohorts/${COHORT}/report`)).json().capacity.participants).toEqual({
      planned: CAPACITY,
      taken: CAPACITY,
      free: 0,
    });

    // Two claims in flight at once (each holding the cohort's lock a while before writing its track):
    // the second waits for the first, then counts its track and writes nothing.
    expect((await call('POST', `/api/tracks/participant/${COHORT}-bt-2/drop-out`, { reason: 'flyttet' })).statusCode).toBe(200);
    await expect.poll(async () => (await call('GET', `/api/cohorts/${COHORT}/report`)).json().capacity.participants.free).toBe(1);
    const claim = async (n: number) => {
      const participantId = await referred(30 + n);
      return h.db.$transaction(async (tx) => {
        await lockCohortPlaces(tx, COHORT);
        await tx.$executeRaw`SELECT pg_sleep(0.3)`;
        const id = `${COHORT}-claim-${n}`;
        const track = {
          id,
          participantId,
          cohortId: COHORT,
          partnershipId: `${COHORT}-621`,
          workflowId: `participant-${id}`,
          startedOn: today,
        };
        return claimPlace(tx, track, CAPACITY);
      });
    };
    expect((await Promise.all([claim(1), claim(2)])).sort()).toEqual([0, 1]);
    expect((await call('GET', `/api/cohorts/${COHORT}/report`)).json().capacity.participants).toEqual({
      planned: CAPACITY,
      taken: CAPACITY,
      free: 0,
    });
  }, 300_000);
});
