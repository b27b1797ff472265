import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCohortCamps } from '../activities/company/camps.js';
import { selectCompanies } from '../client/operations/companies.js';
import type { OperationContext } from '../client/operations/context.js';
import { instantAt, localDateAt } from '../domain/calendar.js';
import { invitationDate, SEND_AT } from '../domain/camp-plan.js';
import type { ReceivedMail } from '../scripts/mail-sink.js';
import { companyTrackWorkflow } from '../workflows/index.js';
import {
  campInvitationStateQuery,
  campInvitationWorkflowId,
  companyTrackSummaryQuery,
  companyTrackWorkflowId,
  decideSelectionUpdate,
  participantSummaryQuery,
} from '../contracts/index.js';
import { COMPANY_PLAN, companyTrackInput, seedCohort } from './support/company-fixtures.js';
import { saveHistoryChain } from './support/histories.js';
import { createHarness, type Harness } from './support/temporal.js';
import { startCohortFile } from './support/cohort-file.js';

const EXAMPLE = new URL('../cohorts/klynge-1-2019.yaml', import.meta.url).pathname;
const COHORT = 'klynge-1-2019';

/** Mails whose Message-ID (the outbox's idempotency key) starts with the prefix, e.g. `participant_`. */
const keyed = (mails: readonly ReceivedMail[], prefix: string) => mails.filter((m) => (m.parsed.messageId ?? '').startsWith(`<${prefix}`));
const text = (m: ReceivedMail) => m.parsed.text ?? '';

// Work that fell due before a track or an action began is summarised once; invitations to camps
// months ahead go out their lead time before. Mails are counted as the SMTP server received them.
describe('no floods: a cohort started with dates in the past, and companies selected a year ahead', () => {
  let h: Harness;
  let ctx: OperationContext;
  beforeAll(async () => {
    h = await createHarness();
    await h.startWorker();
    ctx = { client: h.env.client, db: h.db, taskQueue: h.taskQueue, namespace: 'default' };
  });
  afterAll(() => h?.close());

  it('`cohort start --year <last year>`: each participant track sends its coordinator one digest of what was overdue, nothing item by item', async () => {
    const thisYear = Number((await h.today()).slice(0, 4));
    // Boot camp last November, accelerator and participants from January: most of the year lies behind.
    await startCohortFile(ctx, { file: EXAMPLE, year: thisYear - 1, underWay: true });
    const tracks = await h.db.participantTrack.findMany({ where: { cohortId: COHORT }, select: { id: true } });
    expect(tracks).toHaveLength(2);
    const summaries = await Promise.all(
      tracks.map(async (t) => {
        const handle = h.env.client.workflow.getHandle(`participant-${t.id}`);
        await expect
          .poll(async () => (await handle.query(participantSummaryQuery).catch(() => undefined))?.overdue.length ?? 0, { timeout: 30_000 })
          .toBeGreaterThan(20);
        return handle.query(participantSummaryQuery);
      }),
    );
    await h.mail.waitFor(() => keyed(h.mail.messages, 'participant_').length >= 2, 30_000);
    // Give any stragglers the time to arrive before counting.
    await new Promise((r) => setTimeout(r, 3000));
    const participantMails = keyed(h.mail.messages, 'participant_');
    expect(participantMails.map((m) => m.parsed.subject)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Forfaldent ved forløbets start: Anna Eksempelsen/)]),
    );
    expect(participantMails).toHaveLength(2);
    for (const [i, t] of tracks.entries()) {
      const digest = participantMails.find((m) => (m.parsed.messageId ?? '').includes(`participant_${t.id}_digest`))!;
      expect(digest, t.id).toBeDefined();
      const s = summaries[i]!;
      // The digest lists every missing week the track now shows as overdue, and the placement.
      const weeks = s.overdue.filter((x) => x.kind === 'ATTENDANCE').map((x) => x.id.slice('attendance:'.length));
      expect(weeks.length).toBeGreaterThan(20);
      expect(text(digest)).toContain(`Fremmøde ikke registreret for ${weeks.length} uger`);
      for (const w of weeks) expect(text(digest)).toContain(w);
      expect(text(digest)).toContain('Ingen virksomhedsplacering');
      expect(s.phase).toBe('JOB_TRAINING');
    }
  });

  it('selecting a company into that accelerator under way: one digest of the overdue milestones, invitations only to the camps ahead', async () => {
    const today = await h.today();
    const {
      decisions: [result],
    } = await selectCompanies(ctx, { cohortId: COHORT, selected: ['90000004'] });
    expect(result).toMatchObject({ selected: true, phase: 'ACCELERATOR' });
    const workflowId = companyTrackWorkflowId(COHORT, '90000004');
    const track = h.env.client.workflow.getHandle(workflowId);
    await expect.poll(async () => (await track.query(companyTrackSummaryQuery)).overdueCount, { timeout: 30_000 }).toBeGreaterThan(0);
    const s = await track.query(companyTrackSummaryQuery);
    const overdue = s.milestones.filter((m) => m.overdue);
    expect(overdue.map((m) => m.dueOn).every((d) => d < today)).toBe(true);
    await h.mail.waitFor(() => keyed(h.mail.messages, `company_${workflowId}_digest`).length === 1, 30_000);
    await new Promise((r) => setTimeout(r, 3000));
    const trackMails = keyed(h.mail.messages, `company_${workflowId}_`);
    // The selection to the company and the digest to the coordinator: no milestone reminders or
    // overdue notices for what fell due before the company joined.
    expect(trackMails.map((m) => m.parsed.messageId).sort()).toEqual([
      `<company_${workflowId}_digest_selection_coordinator_0@dobbeltspor>`,
      `<company_${workflowId}_selected_company_0@dobbeltspor>`,
    ]);
    const digest = keyed(h.mail.messages, `company_${workflowId}_digest`)[0]!;
    for (const m of overdue) expect(text(digest)).toContain(`${m.title} (${m.dueOn})`);
    await saveHistoryChain(h.env.client, workflowId, (await track.describe()).runId, 'agenda-selected-late', 'company');
  });
});

// On a server of its own: the year it skips must not also run the cohort under way above through that year.
describe('no floods: a company selected a year ahead', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await h.startWorker();
  });
  afterAll(() => h?.close());

  it('a company selected a year before its accelerator is invited to each camp six weeks ahead, not to the whole year at once', async () => {
    const year = Number((await h.today()).slice(0, 4)) + 1;
    const cohort = await seedCohort(h.db, { cohortId: `lead-${year}`, year, perMunicipality: 1, cvrPrefix: '7700' });
    const camps = await ensureCohortCamps(h.db, { cohortId: cohort.cohortId, year, plan: COMPANY_PLAN });
    const c = cohort.companies[0]!;
    const track = await h.env.client.workflow.start(companyTrackWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: companyTrackWorkflowId(cohort.cohortId, c.cvr),
      args: [companyTrackInput(cohort, camps, c)],
    });
    const invitations = () => keyed(h.mail.to(c.email), 'camp_').filter((m) => (m.parsed.messageId ?? '').includes('_invitation_'));
    await h.mail.waitFor(() => invitations().length === 1, 30_000);
    // Selected now, a year ahead of the boot camp: the company hears it is selected, and no camp yet.
    expect(await track.executeUpdate(decideSelectionUpdate, { args: [{ selected: true }] })).toEqual({
      selected: true,
      phase: 'ACCELERATOR',
    });
    await h.mail.waitFor(() => h.mail.to(c.email).some((m) => (m.parsed.messageId ?? '').includes('_selected_')), 30_000);
    await new Promise((r) => setTimeout(r, 3000));
    expect(invitations().map((m) => m.parsed.messageId)).toEqual([expect.stringContaining(camps.bootCampId)]);
    const firstCamp = await h.db.camp.findUniqueOrThrow({ where: { id: camps.campIds[0]! } });
    const firstDay = localDateAt(firstCamp.startsAt.getTime());
    const sendOn = invitationDate(firstDay, COMPANY_PLAN.invitationLeadWeeks)!;
    const child = h.env.client.workflow.getHandle(campInvitationWorkflowId(firstCamp.id, c.cvr));
    await expect
      .poll(async () => (await child.query(campInvitationStateQuery).catch(() => undefined))?.phase, { timeout: 30_000 })
      .toBe('SCHEDULED');
    expect((await child.query(campInvitationStateQuery)).invitationOn).toBe(sendOn);
    // Six weeks before the first camp its invitation goes out, and only its own.
    await h.sleepUntil(instantAt(sendOn, SEND_AT) + 3_600_000);
    await h.mail.waitFor(() => invitations().some((m) => (m.parsed.messageId ?? '').includes(firstCamp.id)), 30_000);
    expect(
      invitations()
        .filter((m) => !(m.parsed.messageId ?? '').includes(camps.bootCampId))
        .map((m) => m.parsed.messageId),
    ).toEqual([expect.stringContaining(`${firstCamp.id}_${c.cvr}_0_invitation`)]);
    await saveHistoryChain(h.env.client, child.workflowId, (await child.describe()).runId, 'scheduled-invitation', 'camp');
    await saveHistoryChain(h.env.client, track.workflowId, track.firstExecutionRunId, 'agenda-selected-a-year-ahead', 'company');
  });
});
