// Personal data stays in PostgreSQL: a whole cohort, started from the shipped file through the real
// operation, runs on the time-skipping server through camps, reminders, pauses, a drop-out, a
// transfer, an outcome with evidence, a problem report and a termination; then every workflow's raw
// history (each run, every payload decoded) and its search attributes are searched for every name,
// CPR number and e-mail address of the input and every free text the test sent.
import { readFileSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils.js';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { issueToken } from '../client/api/auth.js';
import { closeCohort, cohortSummary, moveCohortCamp, partnershipIdOf, pauseCohort, resumeCohort } from '../client/operations/cohorts.js';
import { enrolParticipant } from '../client/operations/enrolment.js';
import { answerCampRsvp, companyTrackIdOf, pauseCompanyTrack, reportProblem, resumeCompanyTrack } from '../client/operations/companies.js';
import type { OperationContext } from '../client/operations/context.js';
import {
  dropOutParticipant,
  pauseParticipant,
  recordParticipantOutcome,
  resumeParticipant,
  transferParticipant,
} from '../client/operations/participants.js';
import { addDays, nextWorkingDay } from '../domain/calendar.js';
import { createTestApi } from './support/api.js';
import { fetchHistoryChain } from './support/histories.js';
import { TEST_CONFIG, createHarness, type Harness } from './support/temporal.js';
import { startCohortFile } from './support/cohort-file.js';

const EXAMPLE = new URL('../cohorts/klynge-1-2019.yaml', import.meta.url).pathname;
const COHORT = 'klynge-1-2019';
const HistoryMessage = temporal.api.history.v1.History;

interface Contact {
  name: string;
  email: string;
}
interface CohortFileShape {
  partnerships: Array<{
    municipality: string;
    employmentActor: { contact: Contact };
    companies: Array<{ cvr: string; contact: Contact; extraEmails?: string[] }>;
  }>;
  participants: Array<{ ref: string; givenName: string; familyName: string; email?: string; phone?: string; cpr?: string }>;
}

/** Every payload's data as text (JSON payloads are UTF-8), found anywhere in a history. */
function payloadTexts(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) payloadTexts(n, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.data === 'string' && o.metadata && typeof o.metadata === 'object')
      out.push(Buffer.from(o.data, 'base64').toString('utf8'));
    for (const v of Object.values(o)) payloadTexts(v, out);
  }
  return out;
}

/** Every run of every workflow reachable from the roots: children (from their start events) and continue-as-new. */
async function allHistories(client: Client, roots: Array<{ workflowId: string; runId: string }>): Promise<Map<string, History[]>> {
  const seen = new Map<string, History[]>();
  const queue = [...roots];
  while (queue.length) {
    const { workflowId, runId } = queue.shift()!;
    if (seen.has(workflowId)) continue;
    const chain = await fetchHistoryChain(client, workflowId, runId);
    seen.set(workflowId, chain);
    for (const history of chain) {
      for (const event of history.events ?? []) {
        const child = event.childWorkflowExecutionStartedEventAttributes?.workflowExecution;
        if (child?.workflowId && child.runId) queue.push({ workflowId: child.workflowId, runId: child.runId });
      }
    }
  }
  return seen;
}

describe('personal data in workflow histories', () => {
  let h: Harness;
  let ctx: OperationContext;

  beforeAll(async () => {
    h = await createHarness();
    await h.startWorker();
    ctx = { client: h.env.client, db: h.db, taskQueue: h.taskQueue, namespace: 'default' };
  });
  afterAll(() => h?.close());

  it('a cohort run from the shipped file leaves no name, CPR number, e-mail address or free text in any history or search attribute', async () => {
    const file = parse(readFileSync(EXAMPLE, 'utf8')) as CohortFileShape;
    const year = Number((await h.today()).slice(0, 4)) + 1;
    const coordinator = await h.db.staffMember.create({
      data: { name: 'Karen Koordinator', email: 'karen.koordinator@vaekstpartnerskab.example.dk', role: 'COORDINATOR' },
    });
    const started = await startCohortFile(ctx, { file: EXAMPLE, year });

    // A participant referred late, with a CPR number, phone and health notes.
    const late = await h.db.participant.create({
      data: {
        givenName: 'Dorthe',
        familyName: 'Sentilmeldt',
        cpr: '1203851234',
        email: 'dorthe.s@borger.example.dk',
        phone: '+45 20 30 40 50',
        healthNotes: 'Rygskade efter arbejdsulykke',
        municipalityCode: '851',
        referredOn: new Date(`${year}-11-25T00:00:00Z`),
      },
    });
    const { trackId: lateTrack, ...lateRun } = await enrolParticipant(ctx, {
      cohortId: COHORT,
      participantId: late.id,
      municipalityCode: '851',
      startsOn: `${year}-12-02`,
    });
    const aalborg = `${COHORT}-deltager-aalborg-1`;
    const kolding = `${COHORT}-deltager-kolding-1`;

    // Free text, as coordinators and companies write it: names, addresses, health.
    const texts = {
      problem: 'Bo Prøvesen mødte ikke op tre dage i træk; ring til ham på 20 30 40 50',
      companyPause: 'Ejeren Carl Café er sygemeldt med stress til januar',
      cohortPause: 'Kommunal nedlukning; Anna Eksempelsen får besked af sin sagsbehandler',
      campMove: 'Villy Vask kan ikke den dag (barsel)',
      participantPause: 'Anna Eksempelsen er indlagt på Aalborg Universitetshospital',
      transfer: 'Bo Prøvesen er flyttet til sin kæreste i Aalborg',
      evidence: 'Ansættelseskontrakt for Dorthe Sentilmeldt, CPR 120385-1234, underskrevet 3. januar',
      dropOut: 'Anna Eksempelsen ønsker at stoppe af helbredsmæssige grunde (depression)',
      terminate: 'Dobbeltoprettet af Karen Koordinator, se mail fra karen.koordinator@vaekstpartnerskab.example.dk',
      close: 'Afsluttet efter aftale med Eva Eksempel fra Eksempel Beskæftigelse Aalborg',
    };

    // Before the boot camp: an answer by the personal link, a problem report, pauses, a camp moved.
    await expect.poll(() => h.db.campInvitation.count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(10);
    const invitations = await h.db.campInvitation.findMany();
    await answerCampRsvp({ ...ctx, linkSecret: TEST_CONFIG.LINK_SECRET }, { token: invitations[0]!.token, answer: 'YES' });
    const koldingCvr = file.partnerships.find((p) => p.municipality === '621')!.companies[0]!.cvr;
    await reportProblem(ctx, {
      cohortId: COHORT,
      cvr: koldingCvr,
      description: texts.problem,
      participantTrackId: kolding,
      reportedBy: 'tove@trykkeri-kolding.example.dk',
    });
    const aalborgCvr = file.partnerships.find((p) => p.municipality === '851')!.companies[0]!.cvr;
    const aalborgCompany = await companyTrackIdOf(ctx, COHORT, aalborgCvr);
    await pauseCompanyTrack(ctx, aalborgCompany, texts.companyPause);
    await resumeCompanyTrack(ctx, aalborgCompany);
    await pauseCohort(ctx, COHORT, texts.cohortPause);
    await resumeCohort(ctx, COHORT);
    const camp = (await cohortSummary(ctx, COHORT)).camps.find((c) => c.kind === 'CAMP')!;
    await moveCohortCamp(ctx, COHORT, { campId: camp.id, toDate: nextWorkingDay(addDays(camp.days[0]!, 3)), reason: texts.campMove });

    // Past the boot camp: invitations, reminders, nudges and the coordinator's lists have gone out.
    await h.sleepUntilDate(`${year}-11-20`);
    expect(await h.db.emailOutbox.count({ where: { template: 'camp-non-responders' } })).toBeGreaterThan(0);
    expect(await h.db.emailOutbox.count({ where: { template: 'camp-reminder' } })).toBeGreaterThan(0);

    // The participants' tracks run: a pause, a transfer, an outcome with its evidence, a drop-out.
    await h.sleepUntilDate(`${year}-12-15`);
    await pauseParticipant(ctx, aalborg, texts.participantPause);
    await resumeParticipant(ctx, aalborg);
    const moved = await transferParticipant(ctx, kolding, { toPartnershipId: partnershipIdOf(COHORT, '851'), reason: texts.transfer });
    await recordParticipantOutcome(ctx, lateTrack, { kind: 'ORDINARY_JOB', occurredOn: await h.today(), evidenceRef: texts.evidence });
    await dropOutParticipant(ctx, aalborg, texts.dropOut);
    // An operator terminates the transferred track by the API.
    const api = await createTestApi(h);
    const operator = issueToken(
      TEST_CONFIG.LINK_SECRET,
      { sub: 'ops.vagt@vaekstpartnerskab.example.dk', role: 'operator', scope: {} },
      3600,
    );
    const terminated = await api.inject({
      method: 'POST',
      url: `/api/tracks/participant/${moved.to.trackId}/terminate`,
      headers: { authorization: `Bearer ${operator}` },
      payload: { reason: texts.terminate },
    });
    expect(terminated.statusCode).toBe(200);
    await api.close();
    await closeCohort(ctx, COHORT, texts.close);

    // What to look for: the file's people, the late participant, the coordinator, the operator, the texts.
    const needles = new Set<string>(
      [
        ...file.participants.flatMap((p) => [`${p.givenName} ${p.familyName}`, p.familyName, p.email, p.phone, p.cpr]),
        ...file.partnerships.flatMap((p) =>
          [p.employmentActor.contact, ...p.companies.map((c) => c.contact)].flatMap((c) => [c.name, c.email]),
        ),
        ...file.partnerships.flatMap((p) => p.companies.flatMap((c) => c.extraEmails ?? [])),
        'Dorthe Sentilmeldt',
        'Sentilmeldt',
        '1203851234',
        '120385-1234',
        'dorthe.s@borger.example.dk',
        '20 30 40 50',
        'Rygskade',
        coordinator.name,
        coordinator.email,
        'ops.vagt@vaekstpartnerskab.example.dk',
        'tove@trykkeri-kolding.example.dk',
        ...Object.values(texts),
      ].filter((n): n is string => typeof n === 'string' && n.length >= 4),
    );
    expect(needles.size).toBeGreaterThan(50);

    const histories = await allHistories(h.env.client, [
      { workflowId: started.workflowId, runId: started.runId! },
      { workflowId: moved.to.workflowId, runId: moved.to.runId },
      // Started by the client, as every enrolment's track: no child of the cohort.
      { workflowId: lateRun.workflowId, runId: lateRun.runId },
    ]);
    const workflowIds = [...histories.keys()];
    // The cohort, its 10 company tracks and their camps, the participants' tracks.
    expect(workflowIds.filter((id) => id.startsWith('company-'))).toHaveLength(10);
    expect(workflowIds.filter((id) => id.startsWith('camp-')).length).toBeGreaterThanOrEqual(10);
    expect(workflowIds).toEqual(
      expect.arrayContaining([`participant-${aalborg}`, `participant-${kolding}`, `participant-${lateTrack}`, moved.to.workflowId]),
    );

    const findings: string[] = [];
    for (const [workflowId, chain] of histories) {
      const raw = chain.map((history) =>
        JSON.stringify(HistoryMessage.toObject(HistoryMessage.fromObject(history), { longs: String, enums: String, bytes: String })),
      );
      const decoded = raw.flatMap((json) => payloadTexts(JSON.parse(json)));
      const description = await h.env.client.workflow.getHandle(workflowId).describe();
      const attributes = JSON.stringify({
        searchAttributes: description.searchAttributes,
        typed: description.typedSearchAttributes,
        memo: description.memo,
      });
      const haystack = [...raw, ...decoded, attributes].join('\n');
      for (const needle of needles) {
        const at = haystack.indexOf(needle);
        if (at >= 0) findings.push(`${workflowId}: "${needle}" in …${haystack.slice(Math.max(0, at - 60), at + needle.length + 20)}…`);
      }
    }
    expect(findings).toEqual([]);

    // Every text is kept in PostgreSQL instead, where it belongs (the outcome and the ledger keep the evidence's words).
    const stored = (await h.db.freeText.findMany()).map((t) => t.text);
    for (const text of Object.values(texts)) expect(stored).toContain(text);
    expect(await h.db.outcome.findFirstOrThrow({ where: { participantTrackId: lateTrack } })).toMatchObject({
      evidenceRef: texts.evidence,
    });
    // A year of a whole cohort: about 3 minutes alone on 2 cores, more beside other test files.
  }, 600_000);
});
