import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { issueToken, type Principal } from '../client/api/auth.js';
import { addDays, localDateAt, mondayOf, nextWorkingDay } from '../domain/calendar.js';
import { createTestApi } from './support/api.js';
import { saveHistoryChain } from './support/histories.js';
import { createHarness, TEST_CONFIG, type Harness } from './support/temporal.js';

const COHORT = 'klynge-1-2019';
const PROGRAMME = 'growth-partnership-2019';

/**
 * The coordinator's operations over HTTP against the real stack: the example cohort started from its
 * file on the time-skipping server, a participant enrolled, placed and hired, the outcome in the ledger.
 */
describe('HTTP API: cohort start, enrolment, placement, outcome', () => {
  let h: Harness;
  let app: FastifyInstance;
  let year: number;
  let today: string;

  const token = (role: Principal['role'], scope: Principal['scope'] = {}) =>
    issueToken(TEST_CONFIG.LINK_SECRET, { sub: `${role}@example.dk`, role, scope }, 3600);
  const coordinator = () => token('coordinator', { programmeIds: [PROGRAMME] });
  const call = (method: 'GET' | 'POST', url: string, bearer: string, payload?: object) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${bearer}` }, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    h = await createHarness();
    await h.startWorker();
    app = await createTestApi(h);
    today = localDateAt(Number(await h.env.currentTimeMs()));
    // The example is the 2019 cluster; run it next year so every camp and phase lies ahead.
    year = Number(today.slice(0, 4)) + 1;
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  it('refuses an operator, and a coordinator of another programme, the cohort start (403, audited)', async () => {
    const byOperator = await call('POST', '/api/cohorts', token('operator'), { file: `${COHORT}.yaml`, year });
    expect(byOperator.statusCode).toBe(403);
    expect(byOperator.json().message).toBe('an operator may not start cohorts');
    const other = await call('POST', '/api/cohorts', token('coordinator', { programmeIds: ['business-training'] }), {
      file: `${COHORT}.yaml`,
      year,
    });
    expect(other.statusCode, other.body).toBe(403);
    expect(other.json().message).toContain(`not of ${PROGRAMME}`);
    const refusals = await h.db.auditLog.findMany({ where: { action: 'POST /api/cohorts', allowed: false } });
    expect(refusals.map((r) => r.role).sort()).toEqual(['coordinator', 'operator']);
    expect(await h.db.cohort.count()).toBe(0);
  });

  it('refuses an invalid cohort file with every problem and its path, and starts nothing', async () => {
    const yaml = `id: broken\nname: Broken\nprogramme: ${PROGRAMME}\nyear: 2019\nmunicipalities:\n  - code: "62"\n    slots: -1\npartnerships: []\n`;
    const res = await call('POST', '/api/cohorts', coordinator(), { yaml });
    expect(res.statusCode, res.body).toBe(400);
    const body = res.json() as { error: string; field: string; issues: { path: string; line?: number; message: string }[] };
    expect(body.error).toBe('INVALID_FILE');
    expect(body.issues.length).toBeGreaterThanOrEqual(2);
    expect(body.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['municipalities[0].code', 'municipalities[0].slots']));
    expect(body.issues.find((i) => i.path === 'municipalities[0].slots')!.line).toBe(7);
    expect(await h.db.cohort.count()).toBe(0);
    const neither = await call('POST', '/api/cohorts', coordinator(), {});
    expect(neither.statusCode).toBe(400);
    expect(neither.json()).toMatchObject({ error: 'VALIDATION_ERROR', field: 'body.file' });
  });

  it('starts the example cohort from its file; starting it again is refused with 409', async () => {
    const res = await call('POST', '/api/cohorts', coordinator(), { file: `${COHORT}.yaml`, year });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      cohortId: COHORT,
      workflowId: `cohort-${COHORT}`,
      programmeId: PROGRAMME,
      partnerships: 6,
      companies: 10,
    });
    const again = await call('POST', '/api/cohorts', coordinator(), { file: `${COHORT}.yaml`, year });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'COHORT_ALREADY_STARTED' });
    expect(again.json().message).toContain('has already been started');
    const status = await call('GET', `/api/cohorts/${COHORT}/status`, token('operator'));
    expect(status.statusCode, status.body).toBe(200);
    const audit = await h.db.auditLog.findFirst({ where: { action: 'POST /api/cohorts', allowed: true } });
    expect(audit).toMatchObject({ entity: 'Cohort', entityId: COHORT, actor: 'coordinator@example.dk' });
  });

  it('company track routes: a company reports a problem on its own track, the coordinator acknowledges; scope and state are checked', async () => {
    // The cohort workflow starts the company tracks as children; each projects its row.
    await expect
      .poll(() => h.db.companyTrack.count({ where: { cohortId: COHORT, partnership: { municipalityCode: '851' } } }), { timeout: 30_000 })
      .toBe(3);
    const aalborg = await h.db.companyTrack.findMany({
      where: { cohortId: COHORT, partnership: { municipalityCode: '851' } },
      include: { company: true },
      orderBy: { company: { cvr: 'asc' } },
    });
    expect(aalborg.length).toBeGreaterThan(1);
    const [mine, other] = aalborg.map((t) => t.company.cvr) as [string, string];
    const company = token('company', { cvr: mine });
    const report = await call('POST', `/api/companies/${mine}/problems`, company, {
      cohortId: COHORT,
      description: 'Vores praktikant mødte ikke op i dag',
    });
    expect(report.statusCode, report.body).toBe(201);
    const { reportId } = report.json() as { reportId: string };
    const foreign = await call('POST', `/api/companies/${other}/problems`, company, { cohortId: COHORT, description: 'not ours' });
    expect(foreign.statusCode).toBe(403);
    const ack = await call('POST', `/api/companies/${mine}/problems/${reportId}/acknowledge`, coordinator(), { cohortId: COHORT });
    expect(ack.statusCode, ack.body).toBe(200);
    const history = await call('GET', `/api/companies/${mine}/timeline`, token('operator'));
    expect((history.json().events as { kind: string; title: string }[]).filter((e) => e.kind === 'audit').map((e) => e.title)).toEqual(
      expect.arrayContaining(['company.problem-report', 'company.problem-acknowledged']),
    );
    // Selecting more companies than the municipality's slots (2 in Aalborg) is refused, nothing sent.
    const tooMany = await call('POST', `/api/cohorts/${COHORT}/selection`, coordinator(), {
      municipalityCode: '851',
      selected: aalborg.map((t) => t.company.cvr),
    });
    expect(tooMany.statusCode, tooMany.body).toBe(409);
    expect(tooMany.json().field).toMatch(/^selected/);
    const badCvr = await call('POST', `/api/cohorts/${COHORT}/selection`, coordinator(), { municipalityCode: '851', selected: ['123'] });
    expect(badCvr.json()).toMatchObject({ error: 'VALIDATION_ERROR', field: 'body.selected.0' });
    // No anchoring check has been asked yet.
    const early = await call('POST', `/api/companies/${mine}/anchoring`, company, {
      cohortId: COHORT,
      checkNo: 1,
      socialModelInUse: 'YES',
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().field).toBe('checkNo');
  });

  it("an operator pauses one company's track and a coordinator resumes it; refusals name the state", async () => {
    const track = await h.db.companyTrack.findFirstOrThrow({
      where: { cohortId: COHORT, partnership: { municipalityCode: '851' } },
      include: { company: true },
      orderBy: { company: { cvr: 'asc' } },
    });
    const url = (action: string) => `/api/tracks/company/${track.id}/${action}`;
    const paused = await call('POST', url('pause'), token('operator'), { reason: 'virksomheden holder sommerlukket' });
    expect(paused.statusCode, paused.body).toBe(200);
    expect(paused.json()).toMatchObject({ paused: true, pauseReasons: ['virksomheden holder sommerlukket'] });
    await expect
      .poll(async () => (await h.db.companyTrack.findUniqueOrThrow({ where: { id: track.id } })).paused, { timeout: 30_000 })
      .toBe(true);
    const twice = await call('POST', url('pause'), token('operator'), { reason: 'igen' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ error: 'INVALID_STATE', message: 'the track is paused already', field: 'trackId' });
    expect((await call('POST', url('pause'), token('operator'), { reason: 'x' })).json()).toMatchObject({
      error: 'VALIDATION_ERROR',
      field: 'body.reason',
    });
    expect((await call('POST', url('resume'), token('company', { cvr: track.company.cvr }))).statusCode).toBe(403);
    expect((await call('POST', '/api/tracks/company/no-such-track/resume', token('operator'))).statusCode).toBe(404);
    const otherProgramme = await call('POST', url('resume'), token('coordinator', { programmeIds: ['business-training'] }));
    expect(otherProgramme.statusCode).toBe(403);
    expect(otherProgramme.json().message).toMatch(/own programmes only/);

    const resumed = await call('POST', url('resume'), coordinator());
    expect(resumed.statusCode, resumed.body).toBe(200);
    expect(resumed.json()).toMatchObject({ paused: false, pauseReasons: [] });
    await expect
      .poll(async () => (await h.db.companyTrack.findUniqueOrThrow({ where: { id: track.id } })).paused, { timeout: 30_000 })
      .toBe(false);
    const again = await call('POST', url('resume'), coordinator());
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('the track is not paused');
    const audit = await h.db.auditLog.findMany({
      where: { entity: 'CompanyTrack', entityId: track.id, allowed: true, action: { startsWith: 'POST /api/tracks/company/' } },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((a) => a.action)).toEqual(['POST /api/tracks/company/:trackId/pause', 'POST /api/tracks/company/:trackId/resume']);
    // The reason lives in FreeText, never in the audit log.
    expect(JSON.stringify(await h.db.auditLog.findMany({ select: { details: true } }))).not.toContain('sommerlukket');
  });

  it('enrols, places and records an outcome that reaches the ledger; the timeline shows it', async () => {
    const registered = await call('POST', '/api/participants', coordinator(), {
      programmeId: PROGRAMME,
      givenName: 'Cecilie',
      familyName: 'Testesen',
      municipality: '851',
      referredOn: today,
    });
    expect(registered.statusCode, registered.body).toBe(201);
    const participant = registered.json() as { id: string };
    const enrol = await call('POST', '/api/tracks/participant', coordinator(), {
      participantId: participant.id,
      cohortId: COHORT,
      partnershipId: `${COHORT}-851`,
      enrolmentId: 'api-enrolment-1',
      startsOn: today,
    });
    expect(enrol.statusCode, enrol.body).toBe(201);
    expect(enrol.json()).toMatchObject({ trackId: 'api-enrolment-1', workflowId: 'participant-api-enrolment-1' });
    const twice = await call('POST', '/api/tracks/participant', coordinator(), {
      participantId: participant.id,
      cohortId: COHORT,
      partnershipId: `${COHORT}-851`,
      enrolmentId: 'api-enrolment-1',
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ error: 'DUPLICATE_ENROLMENT', field: 'enrolmentId' });

    const own = await h.db.partnershipCompany.findFirstOrThrow({ where: { partnershipId: `${COHORT}-851`, role: 'OWN_SOCIAL_ECONOMY' } });
    const missing = await call('POST', '/api/tracks/participant/api-enrolment-1/placement', coordinator(), {});
    expect(missing.json()).toMatchObject({ error: 'VALIDATION_ERROR', field: 'body.companyId' });
    const placed = await call('POST', '/api/tracks/participant/api-enrolment-1/placement', coordinator(), { companyId: own.companyId });
    expect(placed.statusCode, placed.body).toBe(200);
    expect(placed.json().placement).toMatchObject({ companyId: own.companyId, role: 'OWN_SOCIAL_ECONOMY' });

    const wrongKind = await call('POST', '/api/tracks/participant/api-enrolment-1/outcome', coordinator(), {
      kind: 'LOTTERY',
      occurredOn: today,
      evidenceRef: 'x',
    });
    expect(wrongKind.json()).toMatchObject({ error: 'VALIDATION_ERROR', field: 'body.kind' });
    // Outcomes follow one another: an internship leaves the track open, the job that follows is recorded too.
    const internship = await call('POST', '/api/tracks/participant/api-enrolment-1/outcome', coordinator(), {
      kind: 'INTERNSHIP',
      occurredOn: today,
      evidenceRef: 'praktikaftale',
    });
    expect(internship.statusCode, internship.body).toBe(200);
    expect(['ENROLLED', 'WORK_READINESS', 'JOB_TRAINING']).toContain(internship.json().phase);
    const hired = await call('POST', '/api/tracks/participant/api-enrolment-1/outcome', coordinator(), {
      kind: 'ORDINARY_JOB',
      occurredOn: today,
      hoursPerWeek: 37,
      evidenceRef: 'ansættelseskontrakt',
    });
    expect(hired.statusCode, hired.body).toBe(200);
    expect(hired.json().phase).toBe('RETENTION');
    expect((hired.json().outcomes as { kind: string }[]).map((o) => o.kind)).toEqual(['INTERNSHIP', 'ORDINARY_JOB']);
    // A track that went on after its internship (outcome-sequence), for the replay test: the hire
    // continued it as new into retention, recorded once that run's first task (its projection) is done.
    const track = h.env.client.workflow.getHandle('participant-api-enrolment-1');
    await vi.waitFor(
      async () => {
        expect((await track.describe()).runId).not.toBe(enrol.json().runId);
        expect((await track.fetchHistory()).events?.some((e) => e.workflowTaskCompletedEventAttributes)).toBe(true);
      },
      { timeout: 10_000 },
    );
    await saveHistoryChain(
      h.env.client,
      'participant-api-enrolment-1',
      enrol.json().runId as string,
      'outcome-sequence-internship-then-job',
    );
    // The card of growth-partnership-2019 pays both: internship 10 000, job 40 000.
    const ledger = await h.db.ledgerEntry.findMany({
      where: { outcome: { participantTrackId: 'api-enrolment-1' } },
      orderBy: { id: 'asc' },
    });
    expect(ledger.map((e) => [e.rateCardLine, e.amountOre])).toEqual([
      ['internship', 1_000_000n],
      ['ordinary-job', 4_000_000n],
    ]);
    // The same outcome again is refused by the workflow, naming the field: a retried request charges nothing twice.
    const again = await call('POST', '/api/tracks/participant/api-enrolment-1/outcome', coordinator(), {
      kind: 'ORDINARY_JOB',
      occurredOn: today,
      hoursPerWeek: 37,
      evidenceRef: 'x',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'REJECTED', field: 'kind' });
    expect(await h.db.ledgerEntry.count({ where: { outcome: { participantTrackId: 'api-enrolment-1' } } })).toBe(2);

    const timeline = await call('GET', '/api/tracks/participant/api-enrolment-1', token('caseworker', { municipalityCode: '851' }));
    expect(timeline.statusCode, timeline.body).toBe(200);
    const events = timeline.json().events as { kind: string; title: string }[];
    expect(events.some((e) => e.kind === 'outcome' && e.title.includes('ORDINARY_JOB'))).toBe(true);
    expect(events.some((e) => e.kind === 'ledger')).toBe(true);
    expect(events.filter((e) => e.kind === 'audit').map((e) => e.title)).toEqual(
      expect.arrayContaining([
        'POST /api/tracks/participant',
        'POST /api/tracks/participant/:trackId/placement',
        'POST /api/tracks/participant/:trackId/outcome',
      ]),
    );
  });

  it("lets the paying municipality's caseworker approve or reject each claim, and no one else", async () => {
    const aarhus = token('caseworker', { municipalityCode: '851' });
    const pending = await call('GET', '/api/claims', aarhus);
    expect(pending.statusCode, pending.body).toBe(200);
    const claims = pending.json().claims as { outcomeId: string; kind: string; status: string; amountDkk: string }[];
    expect(claims.map((c) => [c.kind, c.status, c.amountDkk])).toEqual([
      ['INTERNSHIP', 'PENDING', '10000.00'],
      ['ORDINARY_JOB', 'PENDING', '40000.00'],
    ]);
    const [internship, job] = claims as [(typeof claims)[0], (typeof claims)[0]];
    // Another municipality's caseworker neither lists nor decides them; a coordinator does not decide.
    expect((await call('GET', '/api/claims?municipality=851', token('caseworker', { municipalityCode: '621' }))).statusCode).toBe(403);
    const byKolding = await call('POST', `/api/claims/${internship.outcomeId}/approve`, token('caseworker', { municipalityCode: '621' }));
    expect(byKolding.statusCode).toBe(403);
    expect(byKolding.json().message).toContain('decides its own municipality');
    expect((await call('POST', `/api/claims/${internship.outcomeId}/approve`, coordinator())).statusCode).toBe(403);
    // The caseworker's refusal is audited with the outcome it named (the coordinator's is refused by role, before).
    expect(await h.db.auditLog.count({ where: { entity: 'Outcome', entityId: internship.outcomeId, allowed: false } })).toBe(1);
    expect(await h.db.claimDecision.count()).toBe(0);

    const approved = await call('POST', `/api/claims/${internship.outcomeId}/approve`, aarhus);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'APPROVED', decidedBy: 'caseworker@example.dk' });
    const noReason = await call('POST', `/api/claims/${job.outcomeId}/reject`, aarhus, {});
    expect(noReason.json()).toMatchObject({ error: 'VALIDATION_ERROR', field: 'body.reason' });
    const rejected = await call('POST', `/api/claims/${job.outcomeId}/reject`, aarhus, { reason: 'kontrakten er ikke underskrevet' });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json()).toMatchObject({ status: 'REJECTED', reason: 'kontrakten er ikke underskrevet' });
    // The reason lives in FreeText; the audit row names the outcome only.
    expect(await h.db.freeText.count({ where: { kind: 'claim-rejection-reason', entityId: job.outcomeId } })).toBe(1);
    const audits = await h.db.auditLog.findMany({ where: { entity: 'Outcome', entityId: job.outcomeId } });
    expect(audits.length).toBeGreaterThan(0);
    expect(JSON.stringify(audits.map((a) => a.details))).not.toContain('underskrevet');
    // A decision is final.
    const twice = await call('POST', `/api/claims/${internship.outcomeId}/reject`, aarhus, { reason: 'changed my mind' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ error: 'ALREADY_DECIDED', field: 'outcomeId' });
    expect((await call('GET', '/api/claims', aarhus)).json().claims).toEqual([]);

    // The report owes the approved claim only, the rejected one shown beside it.
    const report = await call('GET', `/api/cohorts/${COHORT}/report?municipality=851`, aarhus);
    expect(report.json().totals).toMatchObject({
      paymentsDkk: '10000.00',
      claims: { approvedDkk: '10000.00', pendingDkk: '0.00', rejectedDkk: '40000.00' },
    });
  });

  it('lists the ledger and reverses a charge once; a caseworker may not reverse', async () => {
    const list = await call('GET', `/api/cohorts/${COHORT}/ledger?municipality=851`, token('caseworker', { municipalityCode: '851' }));
    expect(list.statusCode, list.body).toBe(200);
    const charge = (list.json().entries as { id: string; kind: string }[]).find((e) => e.kind === 'CHARGE')!;
    expect(charge).toBeDefined();
    const byCaseworker = await call('POST', `/api/ledger/${charge.id}/reverse`, token('caseworker', { municipalityCode: '851' }), {
      reason: 'wrong evidence',
    });
    expect(byCaseworker.statusCode).toBe(403);
    const reversed = await call('POST', `/api/ledger/${charge.id}/reverse`, coordinator(), { reason: 'wrong evidence' });
    expect(reversed.statusCode, reversed.body).toBe(200);
    expect(reversed.json().reversesId).toBe(charge.id);
    const again = await call('POST', `/api/ledger/${charge.id}/reverse`, coordinator(), { reason: 'wrong evidence' });
    expect(again.json().entryId).toBe(reversed.json().entryId);
    const otherMunicipality = await call(
      'GET',
      `/api/cohorts/${COHORT}/ledger?municipality=621`,
      token('caseworker', { municipalityCode: '851' }),
    );
    expect(otherMunicipality.statusCode).toBe(403);
  });

  it('an operator pauses and resumes a track; a caseworker may not', async () => {
    const byCaseworker = await call(
      'POST',
      '/api/tracks/participant/api-enrolment-1/pause',
      token('caseworker', { municipalityCode: '851' }),
      { reason: 'sygdom' },
    );
    expect(byCaseworker.statusCode).toBe(403);
    const paused = await call('POST', '/api/tracks/participant/api-enrolment-1/pause', token('operator'), { reason: 'sygdom' });
    expect(paused.statusCode, paused.body).toBe(200);
    expect(paused.json().paused).toBe(true);
    const resumed = await call('POST', '/api/tracks/participant/api-enrolment-1/resume', token('operator'));
    expect(resumed.statusCode, resumed.body).toBe(200);
    expect(resumed.json().paused).toBe(false);
    // Free text given at the door (the pause reason, the outcome's evidence) is not copied into the audit log.
    const audit = JSON.stringify(
      await h.db.auditLog.findMany({ where: { entityId: 'api-enrolment-1' }, select: { action: true, details: true } }),
    );
    expect(audit).toContain('POST /api/tracks/participant/:trackId/pause');
    expect(audit).not.toContain('sygdom');
    expect(audit).not.toContain('ansættelseskontrakt');
  });

  it('records a milestone for a company; a company may not record its own', async () => {
    const track = await h.db.companyTrack.findFirstOrThrow({ where: { cohortId: COHORT }, include: { company: true } });
    const body = { cohortId: COHORT, milestoneId: 'onboarding-programme', doneOn: today };
    const res = await call('POST', `/api/companies/${track.company.cvr}/milestones`, coordinator(), body);
    expect(res.statusCode, res.body).toBe(200);
    expect(
      (await call('POST', `/api/companies/${track.company.cvr}/milestones`, token('company', { cvr: track.company.cvr }), body)).statusCode,
    ).toBe(403);
  });

  it('cohort routes: pause and resume all, move and cancel a camp, enrol late, attendance, drop-out, transfer, close', async () => {
    const paused = await call('POST', `/api/cohorts/${COHORT}/pause`, coordinator(), { reason: 'COVID-19-nedlukning' });
    expect(paused.statusCode, paused.body).toBe(200);
    expect(paused.json().status).toBe('PAUSED');
    const resumed = await call('POST', `/api/cohorts/${COHORT}/resume`, coordinator());
    expect(resumed.statusCode, resumed.body).toBe(200);
    expect(resumed.json().status).toBe('RUNNING');

    const camp = (resumed.json().camps as { id: string; kind: string; days: string[] }[]).find((c) => c.kind === 'CAMP')!;
    const target = nextWorkingDay(addDays(camp.days[0]!, 3));
    const moved = await call('POST', `/api/cohorts/${COHORT}/camps/${camp.id}/move`, coordinator(), { toDate: target });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((moved.json().camps as { id: string; status: string }[]).find((c) => c.id === camp.id)!.status).toBe('MOVED');
    const holiday = await call('POST', `/api/cohorts/${COHORT}/camps/${camp.id}/move`, coordinator(), { toDate: `${year}-12-25` });
    expect(holiday.statusCode).toBe(409);
    expect(holiday.json()).toMatchObject({ error: 'COHORT_REJECTED', field: 'toDate' });
    const badDate = await call('POST', `/api/cohorts/${COHORT}/camps/${camp.id}/move`, coordinator(), { toDate: '25/12' });
    expect(badDate.json()).toMatchObject({ error: 'VALIDATION_ERROR', field: 'body.toDate' });
    const cancelled = await call('POST', `/api/cohorts/${COHORT}/camps/${camp.id}/cancel`, coordinator(), { reason: 'underviser syg' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect((cancelled.json().camps as { id: string; status: string }[]).find((c) => c.id === camp.id)!.status).toBe('CANCELLED');

    const registeredLate = await call('POST', '/api/participants', coordinator(), {
      programmeId: PROGRAMME,
      givenName: 'Dina',
      familyName: 'Sentilmeldt',
      municipality: '621',
      referredOn: today,
    });
    expect(registeredLate.statusCode, registeredLate.body).toBe(201);
    const late = registeredLate.json() as { id: string };
    const enrolled = await call('POST', `/api/cohorts/${COHORT}/enrolments`, coordinator(), {
      participantId: late.id,
      municipalityCode: '621',
      startsOn: today,
    });
    expect(enrolled.statusCode, enrolled.body).toBe(201);
    const lateTrack = enrolled.json().trackId as string;
    await expect
      .poll(async () => (await call('GET', `/api/tracks/participant/${lateTrack}`, token('operator'))).json().phase, { timeout: 20_000 })
      .toBe('WORK_READINESS');
    const week = await call('POST', `/api/tracks/participant/${lateTrack}/attendance`, coordinator(), {
      weekStart: mondayOf(today),
      hours: 10,
    });
    expect(week.statusCode, week.body).toBe(200);
    expect(week.json().lastAttendance).toMatchObject({ weekStart: mondayOf(today), hours: 10, present: true });
    expect(await h.db.attendance.count({ where: { participantTrackId: lateTrack } })).toBe(1);
    const notMonday = await call('POST', `/api/tracks/participant/${lateTrack}/attendance`, coordinator(), {
      weekStart: addDays(mondayOf(today), 1),
      hours: 10,
    });
    expect(notMonday.statusCode).toBe(409);
    expect(notMonday.json().field).toBe('weekStart');

    const transferred = await call('POST', `/api/tracks/participant/${lateTrack}/transfer`, coordinator(), {
      toPartnershipId: `${COHORT}-851`,
      reason: 'flyttet til Aalborg',
    });
    expect(transferred.statusCode, transferred.body).toBe(200);
    const newTrack = transferred.json().to.trackId as string;
    expect(transferred.json().from.phase).toBe('TRANSFERRED');
    const dropped = await call('POST', `/api/tracks/participant/${newTrack}/drop-out`, coordinator(), { reason: 'flyttet til udlandet' });
    expect(dropped.statusCode, dropped.body).toBe(200);
    expect(dropped.json().phase).toBe('DROPPED_OUT');
    const whole = await call('GET', `/api/participants/${late.id}`, token('operator'));
    expect((whole.json().tracks as { id: string }[]).map((t) => t.id).sort()).toEqual([lateTrack, newTrack].sort());

    const closed = await call('POST', `/api/cohorts/${COHORT}/close`, coordinator(), { reason: 'forløbet er slut' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().status).toBe('CLOSED');
    await h.env.client.workflow.getHandle(`cohort-${COHORT}`).result();
    const afterClose = await call('POST', `/api/cohorts/${COHORT}/pause`, coordinator(), { reason: 'for sent' });
    expect(afterClose.statusCode).toBe(409);
    expect(afterClose.json().error).toBe('COHORT_NOT_RUNNING');
  });

  it('serves the cohort report per municipality and for the whole cohort', async () => {
    const csv = await call('GET', `/api/cohorts/${COHORT}/report?municipality=851&format=csv`, coordinator());
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const other = await call('GET', `/api/cohorts/${COHORT}/report?municipality=621`, token('caseworker', { municipalityCode: '851' }));
    expect(other.statusCode).toBe(403);
    // Without a municipality: the whole cohort, its cluster-wide target (9 companies) judged for the
    // cohort and each municipality's line showing its contribution.
    const whole = await call('GET', `/api/cohorts/${COHORT}/report`, coordinator());
    expect(whole.statusCode, whole.body).toBe(200);
    type Target = { id: string; target: number; met: boolean | null; contribution: boolean };
    const report = whole.json() as {
      generatedFor: { municipalityCode: string | null };
      targets: Target[];
      byMunicipality: { code: string; targets: Target[] }[];
    };
    expect(report.generatedFor.municipalityCode).toBeNull();
    expect(report.targets.find((t) => t.id === 'companies')).toMatchObject({ target: 9, met: expect.any(Boolean), contribution: false });
    expect(report.byMunicipality.length).toBeGreaterThan(1);
    for (const line of report.byMunicipality)
      expect(line.targets.find((t) => t.id === 'companies')).toMatchObject({ target: 9, met: null, contribution: true });
    // A caseworker reads their own municipality's report, not the whole cohort's.
    const caseworkerWhole = await call('GET', `/api/cohorts/${COHORT}/report`, token('caseworker', { municipalityCode: '851' }));
    expect(caseworkerWhole.statusCode).toBe(403);
  });
});
