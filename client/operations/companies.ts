// Operations on the company track for the coordinator's CLI, the HTTP API and the companies' personal
// links. Each writes PostgreSQL first (the record operators see) and then tells the workflows.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { DEFAULT_LINK_DAYS_AFTER_CAMP, personalLinkExpiresAt, verifyRsvpToken } from '../../links/rsvp-token.js';
import type { LocalDate } from '../../domain/calendar.js';
import {
  anchoringAnswerUpdate,
  campAttendanceSignal,
  campInvitationWorkflowId,
  campRsvpSignal,
  decideSelectionUpdate,
  milestoneDoneSignal,
  pauseCompanyTrackUpdate,
  problemAcknowledgedSignal,
  problemReportedSignal,
  resumeCompanyTrackUpdate,
  withdrawCompanySignal,
  REJECTION,
  type CompanyTrackSummary,
} from '../../contracts/index.js';
import type { OperationContext } from './context.js';
import { freeTexts, storeFreeText, storeOptionalFreeText } from '../../store/free-text.js';
import { withFreeText } from './free-text.js';
import { requireCohort } from './scope.js';
import { OperationError } from './operation-error.js';
import { acknowledgeCooperationProblem, cohortCooperates, reportCooperationProblem } from './company-cooperation.js';

/** Signals a workflow that may already have finished (a camp long over): a finished one is skipped. */
async function signalIfRunning(send: () => Promise<void>): Promise<boolean> {
  try {
    await send();
    return true;
  } catch (e) {
    if (e instanceof WorkflowNotFoundError) return false;
    throw e;
  }
}

async function invitationsOf(ctx: OperationContext, campId: string) {
  return ctx.db.campInvitation.findMany({ where: { campId }, include: { company: true }, orderBy: { company: { cvr: 'asc' } } });
}

export interface RsvpResult {
  invitationId: string;
  campId: string;
  cvr: string;
  answer: 'YES' | 'NO';
}

/** What answering by a personal link needs beyond the operation's context: the secret and how long links live. */
export type LinkContext = OperationContext & {
  linkSecret: string;
  /** Days after its camp's end a personal link still works (LINK_DAYS_AFTER_CAMP; 60 when absent). */
  linkDaysAfterCamp?: number;
};

/**
 * Refuses an answer to an invitation whose camp ended more than LINK_DAYS_AFTER_CAMP days ago. Checked
 * here, in every operation that answers an invitation, so each door (the personal link's page, a
 * company's bearer token, any later one) holds the same rule. `invitationId` lets a door audit the
 * refusal without the token.
 */
export async function refuseExpiredInvitation(
  ctx: Pick<LinkContext, 'linkDaysAfterCamp' | 'now'>,
  invitation: { id: string; camp: { endsAt: Date } },
): Promise<void> {
  const expiresAt = personalLinkExpiresAt(invitation.camp.endsAt, ctx.linkDaysAfterCamp ?? DEFAULT_LINK_DAYS_AFTER_CAMP);
  const now = ctx.now ? await ctx.now() : Date.now();
  if (now >= expiresAt.getTime()) throw new LinkExpiredError(invitation.id, expiresAt);
}

/** An invitation past its answering time: the HTTP API answers 410 Gone. */
export class LinkExpiredError extends OperationError {
  constructor(
    readonly invitationId: string,
    readonly expiresAt: Date,
  ) {
    super('expired', 'LINK_EXPIRED', `this invitation can no longer be answered: it expired at ${expiresAt.toISOString()}`, 'token');
  }
}

/** The invitation a personal link's token names (signature, camp and company checked), within its answering time. */
async function invitationByLink(ctx: LinkContext, token: string) {
  const { campId, companyId } = verifyRsvpToken(ctx.linkSecret, token);
  const invitation = await ctx.db.campInvitation.findUnique({ where: { token }, include: { company: true, camp: true } });
  if (!invitation || invitation.campId !== campId || invitation.companyId !== companyId)
    throw new OperationError('not-found', 'NOT_FOUND', 'no invitation for this link', 'token');
  await refuseExpiredInvitation(ctx, invitation);
  return invitation;
}

/** A company answers through its personal link: the token is checked, the answer stored, the camp workflow told. */
export async function answerCampRsvp(ctx: LinkContext, input: { token: string; answer: 'YES' | 'NO' }): Promise<RsvpResult> {
  if (input.answer !== 'YES' && input.answer !== 'NO')
    throw new OperationError('invalid', 'INVALID_INPUT', 'answer must be YES or NO', 'answer');
  const invitation = await invitationByLink(ctx, input.token);
  const { campId } = invitation;
  if (invitation.camp.status === 'CANCELLED') throw new OperationError('conflict', 'INVALID_STATE', 'the camp is cancelled', 'token');
  await ctx.db.campInvitation.update({ where: { id: invitation.id }, data: { rsvp: input.answer, respondedAt: new Date() } });
  await signalIfRunning(() =>
    ctx.client.workflow
      .getHandle(campInvitationWorkflowId(campId, invitation.company.cvr))
      .signal(campRsvpSignal, { answer: input.answer }),
  );
  return { invitationId: invitation.id, campId, cvr: invitation.company.cvr, answer: input.answer };
}

export interface CampFeedbackInput {
  token: string;
  /** 1 (poor) to 5 (very useful). */
  score: number;
  comment?: string;
}

/**
 * A company's short feedback after a camp, by the link in the follow-up e-mail. The camp must have
 * begun and not be cancelled; a second answer replaces the first (the audit log keeps both).
 */
export async function recordCampFeedback(
  ctx: LinkContext,
  input: CampFeedbackInput,
): Promise<{ invitationId: string; campId: string; cvr: string; score: number }> {
  if (!Number.isInteger(input.score) || input.score < 1 || input.score > 5)
    throw new OperationError('invalid', 'INVALID_INPUT', 'score must be a whole number from 1 to 5', 'score');
  const comment = input.comment?.trim() ?? '';
  if (comment.length > 2000) throw new OperationError('invalid', 'INVALID_INPUT', 'comment must be at most 2000 characters', 'comment');
  const invitation = await invitationByLink(ctx, input.token);
  const { campId } = invitation;
  if (invitation.camp.status === 'CANCELLED') throw new OperationError('conflict', 'INVALID_STATE', 'the camp is cancelled', 'token');
  if (invitation.camp.startsAt.getTime() > Date.now())
    throw new OperationError('conflict', 'INVALID_STATE', 'the camp has not taken place yet', 'token');
  await ctx.db.campInvitation.update({
    where: { id: invitation.id },
    data: { feedbackScore: input.score, feedbackComment: comment || null, feedbackAt: new Date() },
  });
  return { invitationId: invitation.id, campId, cvr: invitation.company.cvr, score: input.score };
}

/** Attendance after a camp, per company (CVR). */
export async function recordCampAttendance(
  ctx: OperationContext,
  input: { campId: string; attendance: Array<{ cvr: string; attended: boolean }> },
): Promise<{ recorded: number }> {
  const invitations = await invitationsOf(ctx, input.campId);
  const byCvr = new Map(invitations.map((i) => [i.company.cvr, i]));
  input.attendance.forEach((a, i) => {
    if (!byCvr.has(a.cvr))
      throw new OperationError('not-found', 'NOT_FOUND', `company ${a.cvr} was not invited to ${input.campId}`, `attendance[${i}].cvr`);
  });
  await ctx.db.$transaction(
    input.attendance.map((a) => ctx.db.campInvitation.update({ where: { id: byCvr.get(a.cvr)!.id }, data: { attended: a.attended } })),
  );
  for (const a of input.attendance) {
    await signalIfRunning(() =>
      ctx.client.workflow.getHandle(campInvitationWorkflowId(input.campId, a.cvr)).signal(campAttendanceSignal, { attended: a.attended }),
    );
  }
  return { recorded: input.attendance.length };
}

// ---- selection, milestones, anchoring, problem reports ----

const hasCompanyTrack = async (ctx: OperationContext, cohortId: string, cvr: string) =>
  (await ctx.db.companyTrack.count({ where: { cohortId, company: { cvr } } })) > 0;

async function trackOf(ctx: OperationContext, cohortId: string, cvr: string, field: string) {
  const track = await ctx.db.companyTrack.findFirst({
    where: { cohortId, company: { cvr } },
    include: { partnership: true, company: true },
  });
  if (!track) throw new OperationError('not-found', 'NOT_FOUND', `no company track for CVR ${cvr} in cohort ${cohortId}`, field);
  return track;
}

export interface SelectCompaniesInput {
  cohortId: string;
  /** When given, every company named must belong to this municipality (the API's selection is per municipality). */
  municipalityCode?: string;
  /** CVR numbers selected into the accelerator. */
  selected: string[];
  /** CVR numbers not selected: they get a polite e-mail. */
  notSelected?: string[];
}

export interface SelectionDecision {
  cvr: string;
  municipalityCode: string;
  selected: boolean;
  /** The company track's phase after the decision. */
  phase: string;
}

export interface SelectCompaniesResult {
  cohortId: string;
  /** Accelerator slots of the municipalities the selection concerns, and how many are taken after it. */
  slots: number;
  taken: number;
  selected: string[];
  notSelected: string[];
  municipalities: Array<{ code: string; slots: number; taken: number }>;
  decisions: SelectionDecision[];
}

/**
 * The coordinator's selection into the accelerator after the boot camp, for the CLI, the API and the
 * console alike. All or nothing: the whole selection is checked first (every company has a track in
 * the cohort that is still to be decided, in the municipality named if one is, and no municipality
 * gets more companies than its slots), and when anything is wrong nothing is sent and nothing
 * changes; the error names the company or the municipality. A coordinator chooses a set of
 * companies for the slots, and half a selection would already have told some companies yes.
 * Each company's track then takes its slot atomically in its update, so two coordinators selecting
 * at once cannot overfill a municipality (the later one is refused with SLOTS_EXCEEDED).
 */
export async function selectCompanies(ctx: OperationContext, input: SelectCompaniesInput): Promise<SelectCompaniesResult> {
  const notSelected = input.notSelected ?? [];
  if (input.selected.length + notSelected.length === 0)
    throw new OperationError('invalid', 'INVALID_INPUT', 'name at least one company (CVR) to select or not select', 'selected');
  const both = input.selected.filter((c) => notSelected.includes(c));
  if (both.length > 0)
    throw new OperationError('invalid', 'INVALID_INPUT', `CVR ${both.join(', ')} both selected and not selected`, 'notSelected');
  await requireCohort(ctx, input.cohortId, 'select companies');
  if (input.municipalityCode !== undefined) {
    const cm = await ctx.db.cohortMunicipality.findUnique({
      where: { cohortId_municipalityCode: { cohortId: input.cohortId, municipalityCode: input.municipalityCode } },
    });
    if (!cm)
      throw new OperationError(
        'not-found',
        'NOT_FOUND',
        `municipality ${input.municipalityCode} is not in cohort ${input.cohortId}`,
        'municipalityCode',
      );
  }
  const tracks: Array<{ workflowId: string; cvr: string; municipalityCode: string; selected: boolean }> = [];
  const seen = new Set<string>();
  for (const [field, list] of [
    ['selected', input.selected],
    ['notSelected', notSelected],
  ] as const) {
    for (const [i, cvr] of list.entries()) {
      const at = `${field}[${i}]`;
      if (seen.has(cvr)) throw new OperationError('invalid', 'INVALID_INPUT', `CVR ${cvr} is named twice`, at);
      seen.add(cvr);
      const track = await trackOf(ctx, input.cohortId, cvr, at);
      const municipalityCode = track.partnership?.municipalityCode;
      if (!municipalityCode)
        throw new OperationError('invalid', 'INVALID_INPUT', `CVR ${cvr} belongs to no partnership of cohort ${input.cohortId}`, at);
      if (input.municipalityCode !== undefined && municipalityCode !== input.municipalityCode) {
        throw new OperationError('invalid', 'INVALID_INPUT', `CVR ${cvr} belongs to another municipality`, at);
      }
      if (!['BOOT_CAMP', 'SELECTION'].includes(track.phase)) {
        throw new OperationError('conflict', 'INVALID_STATE', `CVR ${cvr} is in phase ${track.phase}: already decided`, at);
      }
      tracks.push({ workflowId: track.workflowId, cvr, municipalityCode, selected: field === 'selected' });
    }
  }
  const municipalities: SelectCompaniesResult['municipalities'] = [];
  for (const code of [...new Set(tracks.map((t) => t.municipalityCode))].sort()) {
    const cm = await ctx.db.cohortMunicipality.findUnique({
      where: { cohortId_municipalityCode: { cohortId: input.cohortId, municipalityCode: code } },
    });
    const slots = cm?.slots ?? 0;
    const taken = await ctx.db.companyTrack.count({
      where: {
        cohortId: input.cohortId,
        phase: { in: ['ACCELERATOR', 'ANCHORING', 'COMPLETED'] },
        partnership: { municipalityCode: code },
      },
    });
    const more = tracks.filter((t) => t.selected && t.municipalityCode === code).length;
    if (taken + more > slots) {
      throw new OperationError(
        'conflict',
        'SLOTS_EXCEEDED',
        `municipality ${code} has ${slots} accelerator slot(s) in cohort ${input.cohortId}, ${taken} taken: cannot select ${more} more; nothing was decided`,
        'selected',
      );
    }
    municipalities.push({ code, slots, taken: taken + more });
  }
  const decisions: SelectionDecision[] = [];
  for (const t of tracks) {
    try {
      const r = await ctx.client.workflow
        .getHandle(t.workflowId)
        .executeUpdate(decideSelectionUpdate, { args: [{ selected: t.selected }] });
      decisions.push({ cvr: t.cvr, municipalityCode: t.municipalityCode, selected: r.selected, phase: r.phase });
    } catch (e) {
      // Another selection took the last slot in the meantime: the track refused and kept its state.
      if (e instanceof WorkflowUpdateFailedError) {
        const type = (e.cause as { type?: string } | undefined)?.type;
        throw new OperationError(
          'conflict',
          type === REJECTION.slotsExceeded ? 'SLOTS_EXCEEDED' : 'INVALID_STATE',
          e.cause?.message ?? e.message,
          'selected',
        );
      }
      throw e;
    }
  }
  return {
    cohortId: input.cohortId,
    slots: municipalities.reduce((n, m) => n + m.slots, 0),
    taken: municipalities.reduce((n, m) => n + m.taken, 0),
    selected: input.selected,
    notSelected,
    municipalities,
    decisions,
  };
}

/** A social-model milestone reached, as reported to the coordinator. */
export async function recordMilestone(
  ctx: OperationContext,
  input: { cohortId: string; cvr: string; milestoneId: string; doneOn: LocalDate },
): Promise<void> {
  const track = await trackOf(ctx, input.cohortId, input.cvr, 'cvr');
  await ctx.client.workflow
    .getHandle(track.workflowId)
    .signal(milestoneDoneSignal, { milestoneId: input.milestoneId, doneOn: input.doneOn });
}

export interface AnchoringAnswerInput {
  cohortId: string;
  cvr: string;
  checkNo: number;
  respondent: 'COMPANY' | 'EMPLOYMENT_ACTOR';
  socialModelInUse: 'YES' | 'PARTLY' | 'NO';
  buddiesActive?: boolean;
  participantsOnboarded?: number;
  /** Free text, maybe about people: kept in FreeText (the audit log and the workflow hold neither). */
  note?: string;
  answeredBy: string;
}

/** A structured answer to an anchoring check; refused (nothing stored) for a check not asked or already answered. */
export async function answerAnchoringCheck(ctx: OperationContext, input: AnchoringAnswerInput): Promise<CompanyTrackSummary> {
  if (!['YES', 'PARTLY', 'NO'].includes(input.socialModelInUse))
    throw new OperationError('invalid', 'INVALID_INPUT', 'socialModelInUse must be YES, PARTLY or NO', 'socialModelInUse');
  const track = await trackOf(ctx, input.cohortId, input.cvr, 'cvr');
  let summary: CompanyTrackSummary;
  try {
    summary = await ctx.client.workflow.getHandle(track.workflowId).executeUpdate(anchoringAnswerUpdate, {
      args: [
        {
          checkNo: input.checkNo,
          respondent: input.respondent,
          socialModelInUse: input.socialModelInUse,
          buddiesActive: input.buddiesActive,
          participantsOnboarded: input.participantsOnboarded,
        },
      ],
    });
  } catch (e) {
    if (e instanceof WorkflowUpdateFailedError)
      throw new OperationError('conflict', 'INVALID_STATE', e.cause?.message ?? e.message, 'checkNo');
    throw e;
  }
  // Stored once the track took the answer, so a refused answer leaves no note behind.
  const noteId = await storeOptionalFreeText(ctx.db, {
    kind: 'anchoring-note',
    entity: 'CompanyTrack',
    entityId: track.id,
    text: input.note,
  });
  const { cohortId, cvr, checkNo, respondent, socialModelInUse, buddiesActive, participantsOnboarded } = input;
  await ctx.db.auditLog.create({
    data: {
      actor: input.answeredBy,
      role: input.respondent,
      action: 'company.anchoring-answer',
      entity: 'CompanyTrack',
      entityId: track.id,
      details: { cohortId, cvr, checkNo, respondent, socialModelInUse, buddiesActive, participantsOnboarded, noteId },
    },
  });
  return summary;
}

/** The id of a company's track in a cohort, as the API and the console name it. */
export async function companyTrackIdOf(ctx: OperationContext, cohortId: string, cvr: string): Promise<string> {
  return (await trackOf(ctx, cohortId, cvr, 'cvr')).id;
}

/** Sends a pause or resume update to one company track (by its id); a refusal names the track's state. */
async function pauseUpdate(
  ctx: OperationContext,
  trackId: string,
  send: (workflowId: string) => Promise<CompanyTrackSummary>,
): Promise<CompanyTrackSummary> {
  const track = await ctx.db.companyTrack.findUnique({ where: { id: trackId }, select: { workflowId: true } });
  if (!track) throw new OperationError('not-found', 'NOT_FOUND', `no company track ${trackId}`, 'trackId');
  try {
    return await send(track.workflowId);
  } catch (e) {
    if (e instanceof WorkflowUpdateFailedError)
      throw new OperationError('conflict', 'INVALID_STATE', e.cause?.message ?? e.message, 'trackId');
    if (e instanceof WorkflowNotFoundError)
      throw new OperationError('conflict', 'INVALID_STATE', `the workflow of company track ${trackId} has ended`, 'trackId');
    throw e;
  }
}

/** Pauses one company's track: its own reminders, checks and escalations wait; the camps go on. */
export async function pauseCompanyTrack(ctx: OperationContext, trackId: string, reason: string): Promise<CompanyTrackSummary> {
  if (!reason?.trim()) throw new OperationError('invalid', 'INVALID_INPUT', 'give a reason for the pause', 'reason');
  if (!(await ctx.db.companyTrack.findUnique({ where: { id: trackId }, select: { id: true } })))
    throw new OperationError('not-found', 'NOT_FOUND', `no company track ${trackId}`, 'trackId');
  const summary = await withFreeText(
    ctx.db,
    { kind: 'pause-reason', entity: 'CompanyTrack', entityId: trackId, text: reason },
    (reasonId) =>
      pauseUpdate(ctx, trackId, (id) => ctx.client.workflow.getHandle(id).executeUpdate(pauseCompanyTrackUpdate, { args: [{ reasonId }] })),
    (e) => e instanceof OperationError,
  );
  return withPauseTexts(ctx, summary);
}

/** Resumes a company track its own operators paused; its own dates still ahead move by the days paused. */
export async function resumeCompanyTrack(ctx: OperationContext, trackId: string): Promise<CompanyTrackSummary> {
  return withPauseTexts(
    ctx,
    await pauseUpdate(ctx, trackId, (id) => ctx.client.workflow.getHandle(id).executeUpdate(resumeCompanyTrackUpdate)),
  );
}

/** The summary with the texts of its pause reasons (the workflow keeps their FreeText ids). */
async function withPauseTexts(ctx: OperationContext, summary: CompanyTrackSummary): Promise<CompanyTrackSummary> {
  return { ...summary, pauseReasons: await freeTexts(ctx.db, summary.pauseReasons) };
}

/**
 * A company reports a problem (e.g. with a placed participant), in every programme. The text is
 * stored in FreeText, the report in the audit log with the text's id; the company's track (told the
 * report's id) sends the text to the employment actor's contact at once and escalates when not
 * acknowledged. A company of a programme without an accelerator has no track: its cooperation
 * (client/operations/company-cooperation.ts) takes the report the same way.
 */
export async function reportProblem(
  ctx: OperationContext,
  input: {
    cohortId: string;
    cvr: string;
    description: string;
    participantTrackId?: string;
    reportedBy: string;
    /** A programme without an accelerator: the partnership's municipality, when the company cooperates in several. */
    municipalityCode?: string;
    /** The follow-up check of the company's cooperation the report answers (its link). */
    checkNo?: number;
  },
): Promise<{ reportId: string }> {
  if (!input.description?.trim()) throw new OperationError('invalid', 'INVALID_INPUT', 'describe the problem', 'description');
  // Without an accelerator the company's cooperation takes the report (started when needed).
  if (!(await hasCompanyTrack(ctx, input.cohortId, input.cvr)) && (await cohortCooperates(ctx, input.cohortId))) {
    const { reportId } = await reportCooperationProblem(ctx, input);
    return { reportId };
  }
  const track = await trackOf(ctx, input.cohortId, input.cvr, 'cvr');
  const descriptionId = await storeFreeText(ctx.db, {
    kind: 'problem-report',
    entity: 'CompanyTrack',
    entityId: track.id,
    text: input.description,
  });
  const row = await ctx.db.auditLog.create({
    data: {
      actor: input.reportedBy,
      role: 'COMPANY',
      action: 'company.problem-report',
      entity: 'CompanyTrack',
      entityId: track.id,
      details: { descriptionId, participantTrackId: input.participantTrackId ?? null },
    },
  });
  const reportId = row.id.toString();
  await ctx.client.workflow.getHandle(track.workflowId).signal(problemReportedSignal, { reportId });
  return { reportId };
}

export async function acknowledgeProblem(
  ctx: OperationContext,
  input: { cohortId: string; cvr: string; reportId: string; acknowledgedBy: string },
): Promise<void> {
  if (!(await hasCompanyTrack(ctx, input.cohortId, input.cvr)) && (await cohortCooperates(ctx, input.cohortId))) {
    await acknowledgeCooperationProblem(ctx, input);
    return;
  }
  const track = await trackOf(ctx, input.cohortId, input.cvr, 'cvr');
  await ctx.db.auditLog.create({
    data: {
      actor: input.acknowledgedBy,
      role: 'EMPLOYMENT_ACTOR',
      action: 'company.problem-acknowledged',
      entity: 'CompanyTrack',
      entityId: track.id,
      details: { reportId: input.reportId },
    },
  });
  await ctx.client.workflow.getHandle(track.workflowId).signal(problemAcknowledgedSignal, { reportId: input.reportId });
}

/**
 * The company leaves the programme: the reason goes to the audit log, the track withdraws every camp
 * still ahead from the company's calendar and ends WITHDRAWN (its accelerator slot is free again).
 */
export async function withdrawCompany(
  ctx: OperationContext,
  input: { cohortId: string; cvr: string; reason: string; withdrawnBy: string },
): Promise<void> {
  if (!input.reason.trim()) throw new OperationError('invalid', 'INVALID_INPUT', 'give the reason for the withdrawal', 'reason');
  const track = await trackOf(ctx, input.cohortId, input.cvr, 'cvr');
  if (['COMPLETED', 'NOT_SELECTED', 'WITHDRAWN'].includes(track.phase)) {
    throw new OperationError('conflict', 'INVALID_STATE', `CVR ${input.cvr} is in phase ${track.phase}: nothing to withdraw from`, 'cvr');
  }
  // The reason may be about people: FreeText holds it, the audit log its id.
  const reasonId = await storeFreeText(ctx.db, {
    kind: 'withdrawal-reason',
    entity: 'CompanyTrack',
    entityId: track.id,
    text: input.reason,
  });
  await ctx.db.auditLog.create({
    data: {
      actor: input.withdrawnBy,
      role: 'COORDINATOR',
      action: 'company.withdrawn',
      entity: 'CompanyTrack',
      entityId: track.id,
      details: { reasonId },
    },
  });
  await ctx.client.workflow.getHandle(track.workflowId).signal(withdrawCompanySignal);
}
