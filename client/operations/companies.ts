// Operations on the company track for the coordinator's CLI, the HTTP API and the companies' personal
// links. Each writes PostgreSQL first (the record operators see) and then tells the workflows.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { cancelCamp, moveCamp, type CampView } from '../../activities/company/camps.js';
import { DEFAULT_LINK_DAYS_AFTER_CAMP, personalLinkExpiresAt, verifyRsvpToken } from '../../activities/company/tokens.js';
import type { LocalDate } from '../../domain/calendar.js';
import { anchoringAnswerUpdate, campAttendanceSignal, campChangedSignal, campInvitationWorkflowId, campRsvpSignal, decideSelectionUpdate, milestoneDoneSignal, pauseCompanyTrackUpdate, problemAcknowledgedSignal, problemReportedSignal, resumeCompanyTrackUpdate, withdrawCompanySignal, REJECTION, type CompanyTrackSummary } from '../../contracts/index.js';
import type { OperationContext } from './context.js';
import { freeTexts, storeFreeText, storeOptionalFreeText } from '../../activities/free-text.js';
import { withFreeText } from './free-text.js';

export class CompanyOperationError extends Error {
  override name = 'CompanyOperationError';
  constructor(
    message: string,
    readonly code: 'NOT_FOUND' | 'SLOTS_EXCEEDED' | 'INVALID_STATE' | 'INVALID_INPUT' | 'LINK_EXPIRED',
    readonly field?: string,
  ) {
    super(message);
  }
}

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
export async function refuseExpiredInvitation(ctx: Pick<LinkContext, 'linkDaysAfterCamp' | 'now'>, invitation: { id: string; camp: { endsAt: Date } }): Promise<void> {
  const expiresAt = personalLinkExpiresAt(invitation.camp.endsAt, ctx.linkDaysAfterCamp ?? DEFAULT_LINK_DAYS_AFTER_CAMP);
  const now = ctx.now ? await ctx.now() : Date.now();
  if (now >= expiresAt.getTime()) throw new LinkExpiredError(invitation.id, expiresAt);
}

/** An invitation past its answering time: the HTTP API answers 410 Gone. */
export class LinkExpiredError extends CompanyOperationError {
  override name = 'LinkExpiredError';
  constructor(
    readonly invitationId: string,
    readonly expiresAt: Date,
  ) {
    super(`this invitation can no longer be answered: it expired at ${expiresAt.toISOString()}`, 'LINK_EXPIRED', 'token');
  }
}

/** The invitation a personal link's token names (signature, camp and company checked), within its answering time. */
async function invitationByLink(ctx: LinkContext, token: string) {
  const { campId, companyId } = verifyRsvpToken(ctx.linkSecret, token);
  const invitation = await ctx.db.campInvitation.findUnique({ where: { token }, include: { company: true, camp: true } });
  if (!invitation || invitation.campId !== campId || invitation.companyId !== companyId) throw new CompanyOperationError('no invitation for this link', 'NOT_FOUND', 'token');
  await refuseExpiredInvitation(ctx, invitation);
  return invitation;
}

/** A company answers through its personal link: the token is checked, the answer stored, the camp workflow told. */
export async function answerCampRsvp(ctx: LinkContext, input: { token: string; answer: 'YES' | 'NO' }): Promise<RsvpResult> {
  if (input.answer !== 'YES' && input.answer !== 'NO') throw new CompanyOperationError('answer must be YES or NO', 'INVALID_INPUT', 'answer');
  const invitation = await invitationByLink(ctx, input.token);
  const { campId } = invitation;
  if (invitation.camp.status === 'CANCELLED') throw new CompanyOperationError('the camp is cancelled', 'INVALID_STATE', 'token');
  await ctx.db.campInvitation.update({ where: { id: invitation.id }, data: { rsvp: input.answer, respondedAt: new Date() } });
  await signalIfRunning(() => ctx.client.workflow.getHandle(campInvitationWorkflowId(campId, invitation.company.cvr)).signal(campRsvpSignal, { answer: input.answer }));
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
export async function recordCampFeedback(ctx: LinkContext, input: CampFeedbackInput): Promise<{ invitationId: string; campId: string; cvr: string; score: number }> {
  if (!Number.isInteger(input.score) || input.score < 1 || input.score > 5) throw new CompanyOperationError('score must be a whole number from 1 to 5', 'INVALID_INPUT', 'score');
  const comment = input.comment?.trim() ?? '';
  if (comment.length > 2000) throw new CompanyOperationError('comment must be at most 2000 characters', 'INVALID_INPUT', 'comment');
  const invitation = await invitationByLink(ctx, input.token);
  const { campId } = invitation;
  if (invitation.camp.status === 'CANCELLED') throw new CompanyOperationError('the camp is cancelled', 'INVALID_STATE', 'token');
  if (invitation.camp.startsAt.getTime() > Date.now()) throw new CompanyOperationError('the camp has not taken place yet', 'INVALID_STATE', 'token');
  await ctx.db.campInvitation.update({
    where: { id: invitation.id },
    data: { feedbackScore: input.score, feedbackComment: comment || null, feedbackAt: new Date() },
  });
  return { invitationId: invitation.id, campId, cvr: invitation.company.cvr, score: input.score };
}

export interface CampChangeResult {
  camp: CampView;
  /** Companies whose camp workflow was told (each sends its updated or cancelled calendar event). */
  notified: string[];
}

async function notifyChange(ctx: OperationContext, camp: CampView): Promise<string[]> {
  const notified: string[] = [];
  for (const inv of await invitationsOf(ctx, camp.campId)) {
    const handle = ctx.client.workflow.getHandle(campInvitationWorkflowId(camp.campId, inv.company.cvr));
    if (await signalIfRunning(() => handle.signal(campChangedSignal, { sequence: camp.sequence }))) notified.push(inv.company.cvr);
  }
  return notified;
}

/** Moves a camp for everyone invited: the row's sequence rises and every camp workflow sends an updated event. */
export async function moveCampForEveryone(ctx: OperationContext, input: { campId: string; startsOn: LocalDate; location?: string }): Promise<CampChangeResult> {
  const camp = await moveCamp(ctx.db, input);
  return { camp, notified: await notifyChange(ctx, camp) };
}

/** Cancels a camp for everyone invited: each camp workflow sends METHOD:CANCEL with the same UID. */
export async function cancelCampForEveryone(ctx: OperationContext, input: { campId: string }): Promise<CampChangeResult> {
  const camp = await cancelCamp(ctx.db, input);
  return { camp, notified: await notifyChange(ctx, camp) };
}

/** Attendance after a camp, per company (CVR). */
export async function recordCampAttendance(ctx: OperationContext, input: { campId: string; attendance: Array<{ cvr: string; attended: boolean }> }): Promise<{ recorded: number }> {
  const invitations = await invitationsOf(ctx, input.campId);
  const byCvr = new Map(invitations.map((i) => [i.company.cvr, i]));
  input.attendance.forEach((a, i) => {
    if (!byCvr.has(a.cvr)) throw new CompanyOperationError(`company ${a.cvr} was not invited to ${input.campId}`, 'NOT_FOUND', `attendance[${i}].cvr`);
  });
  await ctx.db.$transaction(input.attendance.map((a) => ctx.db.campInvitation.update({ where: { id: byCvr.get(a.cvr)!.id }, data: { attended: a.attended } })));
  for (const a of input.attendance) {
    await signalIfRunning(() => ctx.client.workflow.getHandle(campInvitationWorkflowId(input.campId, a.cvr)).signal(campAttendanceSignal, { attended: a.attended }));
  }
  return { recorded: input.attendance.length };
}

// ---- selection, milestones, anchoring, problem reports ----

async function trackOf(ctx: OperationContext, cohortId: string, cvr: string, field: string) {
  const track = await ctx.db.companyTrack.findFirst({ where: { cohortId, company: { cvr } }, include: { partnership: true, company: true } });
  if (!track) throw new CompanyOperationError(`no company track for CVR ${cvr} in cohort ${cohortId}`, 'NOT_FOUND', field);
  return track;
}

export interface SelectCompaniesInput {
  cohortId: string;
  municipalityCode: string;
  /** CVR numbers selected into the accelerator. */
  selected: string[];
  /** CVR numbers not selected: they get a polite e-mail. */
  notSelected?: string[];
}

export interface SelectCompaniesResult {
  slots: number;
  taken: number;
  selected: string[];
  notSelected: string[];
}

/**
 * The coordinator's selection for one municipality. Checked as a whole first: when the selection
 * would exceed the municipality's slots nothing is sent and nothing changes. Each company's track then
 * takes its slot atomically in its update (so two coordinators selecting at once cannot overfill it).
 */
export async function selectCompanies(ctx: OperationContext, input: SelectCompaniesInput): Promise<SelectCompaniesResult> {
  const notSelected = input.notSelected ?? [];
  const both = input.selected.filter((c) => notSelected.includes(c));
  if (both.length > 0) throw new CompanyOperationError(`CVR ${both.join(', ')} both selected and not selected`, 'INVALID_INPUT', 'notSelected');
  const cm = await ctx.db.cohortMunicipality.findUnique({ where: { cohortId_municipalityCode: { cohortId: input.cohortId, municipalityCode: input.municipalityCode } } });
  if (!cm) throw new CompanyOperationError(`municipality ${input.municipalityCode} is not in cohort ${input.cohortId}`, 'NOT_FOUND', 'municipalityCode');
  const tracks = [];
  for (const [field, list] of [['selected', input.selected], ['notSelected', notSelected]] as const) {
    for (const [i, cvr] of list.entries()) {
      const track = await trackOf(ctx, input.cohortId, cvr, `${field}[${i}]`);
      if (track.partnership?.municipalityCode !== input.municipalityCode) {
        throw new CompanyOperationError(`CVR ${cvr} belongs to another municipality`, 'INVALID_INPUT', `${field}[${i}]`);
      }
      if (!['BOOT_CAMP', 'SELECTION'].includes(track.phase)) {
        throw new CompanyOperationError(`CVR ${cvr} is in phase ${track.phase}: already decided`, 'INVALID_STATE', `${field}[${i}]`);
      }
      tracks.push({ track, selected: field === 'selected' });
    }
  }
  const taken = await ctx.db.companyTrack.count({ where: { cohortId: input.cohortId, phase: { in: ['ACCELERATOR', 'ANCHORING', 'COMPLETED'] }, partnership: { municipalityCode: input.municipalityCode } } });
  if (taken + input.selected.length > cm.slots) {
    throw new CompanyOperationError(
      `municipality ${input.municipalityCode} has ${cm.slots} accelerator slot(s) in cohort ${input.cohortId}, ${taken} taken: cannot select ${input.selected.length} more`,
      'SLOTS_EXCEEDED',
      'selected',
    );
  }
  for (const { track, selected } of tracks) {
    try {
      await ctx.client.workflow.getHandle(track.workflowId).executeUpdate(decideSelectionUpdate, { args: [{ selected }] });
    } catch (e) {
      // Another selection took the last slot in the meantime: the track refused and kept its state.
      if (e instanceof WorkflowUpdateFailedError) {
        const type = (e.cause as { type?: string } | undefined)?.type;
        throw new CompanyOperationError(e.cause?.message ?? e.message, type === REJECTION.slotsExceeded ? 'SLOTS_EXCEEDED' : 'INVALID_STATE', 'selected');
      }
      throw e;
    }
  }
  return { slots: cm.slots, taken: taken + input.selected.length, selected: input.selected, notSelected };
}

/** A social-model milestone reached, as reported to the coordinator. */
export async function recordMilestone(ctx: OperationContext, input: { cohortId: string; cvr: string; milestoneId: string; doneOn: LocalDate }): Promise<void> {
  const track = await trackOf(ctx, input.cohortId, input.cvr, 'cvr');
  await ctx.client.workflow.getHandle(track.workflowId).signal(milestoneDoneSignal, { milestoneId: input.milestoneId, doneOn: input.doneOn });
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
  if (!['YES', 'PARTLY', 'NO'].includes(input.socialModelInUse)) throw new CompanyOperationError('socialModelInUse must be YES, PARTLY or NO', 'INVALID_INPUT', 'socialModelInUse');
  const track = await trackOf(ctx, input.cohortId, input.cvr, 'cvr');
  let summary: CompanyTrackSummary;
  try {
    summary = await ctx.client.workflow.getHandle(track.workflowId).executeUpdate(anchoringAnswerUpdate, {
      args: [{ checkNo: input.checkNo, respondent: input.respondent, socialModelInUse: input.socialModelInUse, buddiesActive: input.buddiesActive, participantsOnboarded: input.participantsOnboarded }],
    });
  } catch (e) {
    if (e instanceof WorkflowUpdateFailedError) throw new CompanyOperationError(e.cause?.message ?? e.message, 'INVALID_STATE', 'checkNo');
    throw e;
  }
  // Stored once the track took the answer, so a refused answer leaves no note behind.
  const noteId = await storeOptionalFreeText(ctx.db, { kind: 'anchoring-note', entity: 'CompanyTrack', entityId: track.id, text: input.note });
  const { cohortId, cvr, checkNo, respondent, socialModelInUse, buddiesActive, participantsOnboarded } = input;
  await ctx.db.auditLog.create({
    data: {
      actor: input.answeredBy, role: input.respondent, action: 'company.anchoring-answer', entity: 'CompanyTrack', entityId: track.id,
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
async function pauseUpdate(ctx: OperationContext, trackId: string, send: (workflowId: string) => Promise<CompanyTrackSummary>): Promise<CompanyTrackSummary> {
  const track = await ctx.db.companyTrack.findUnique({ where: { id: trackId }, select: { workflowId: true } });
  if (!track) throw new CompanyOperationError(`no company track ${trackId}`, 'NOT_FOUND', 'trackId');
  try {
    return await send(track.workflowId);
  } catch (e) {
    if (e instanceof WorkflowUpdateFailedError) throw new CompanyOperationError(e.cause?.message ?? e.message, 'INVALID_STATE', 'trackId');
    if (e instanceof WorkflowNotFoundError) throw new CompanyOperationError(`the workflow of company track ${trackId} has ended`, 'INVALID_STATE', 'trackId');
    throw e;
  }
}

/** Pauses one company's track: its own reminders, checks and escalations wait; the camps go on. */
export async function pauseCompanyTrack(ctx: OperationContext, trackId: string, reason: string): Promise<CompanyTrackSummary> {
  if (!reason?.trim()) throw new CompanyOperationError('give a reason for the pause', 'INVALID_INPUT', 'reason');
  if (!(await ctx.db.companyTrack.findUnique({ where: { id: trackId }, select: { id: true } }))) throw new CompanyOperationError(`no company track ${trackId}`, 'NOT_FOUND', 'trackId');
  const summary = await withFreeText(
    ctx.db, { kind: 'pause-reason', entity: 'CompanyTrack', entityId: trackId, text: reason },
    (reasonId) => pauseUpdate(ctx, trackId, (id) => ctx.client.workflow.getHandle(id).executeUpdate(pauseCompanyTrackUpdate, { args: [{ reasonId }] })),
    (e) => e instanceof CompanyOperationError,
  );
  return withPauseTexts(ctx, summary);
}

/** Resumes a company track its own operators paused; its own dates still ahead move by the days paused. */
export async function resumeCompanyTrack(ctx: OperationContext, trackId: string): Promise<CompanyTrackSummary> {
  return withPauseTexts(ctx, await pauseUpdate(ctx, trackId, (id) => ctx.client.workflow.getHandle(id).executeUpdate(resumeCompanyTrackUpdate)));
}

/** The summary with the texts of its pause reasons (the workflow keeps their FreeText ids). */
async function withPauseTexts(ctx: OperationContext, summary: CompanyTrackSummary): Promise<CompanyTrackSummary> {
  return { ...summary, pauseReasons: await freeTexts(ctx.db, summary.pauseReasons) };
}

/**
 * A company reports a problem (e.g. with a placed participant). The text is stored in FreeText, the
 * report in the audit log with the text's id; the track (told the report's id) sends the text to the
 * employment actor's contact at once and escalates when not acknowledged.
 */
export async function reportProblem(ctx: OperationContext, input: { cohortId: string; cvr: string; description: string; participantTrackId?: string; reportedBy: string }): Promise<{ reportId: string }> {
  if (!input.description.trim()) throw new CompanyOperationError('describe the problem', 'INVALID_INPUT', 'description');
  const track = await trackOf(ctx, input.cohortId, input.cvr, 'cvr');
  const descriptionId = await storeFreeText(ctx.db, { kind: 'problem-report', entity: 'CompanyTrack', entityId: track.id, text: input.description });
  const row = await ctx.db.auditLog.create({
    data: {
      actor: input.reportedBy, role: 'COMPANY', action: 'company.problem-report', entity: 'CompanyTrack', entityId: track.id,
      details: { descriptionId, participantTrackId: input.participantTrackId ?? null },
    },
  });
  const reportId = row.id.toString();
  await ctx.client.workflow.getHandle(track.workflowId).signal(problemReportedSignal, { reportId });
  return { reportId };
}

export async function acknowledgeProblem(ctx: OperationContext, input: { cohortId: string; cvr: string; reportId: string; acknowledgedBy: string }): Promise<void> {
  const track = await trackOf(ctx, input.cohortId, input.cvr, 'cvr');
  await ctx.db.auditLog.create({
    data: { actor: input.acknowledgedBy, role: 'EMPLOYMENT_ACTOR', action: 'company.problem-acknowledged', entity: 'CompanyTrack', entityId: track.id, details: { reportId: input.reportId } },
  });
  await ctx.client.workflow.getHandle(track.workflowId).signal(problemAcknowledgedSignal, { reportId: input.reportId });
}

/**
 * The company leaves the programme: the reason goes to the audit log, the track withdraws every camp
 * still ahead from the company's calendar and ends WITHDRAWN (its accelerator slot is free again).
 */
export async function withdrawCompany(ctx: OperationContext, input: { cohortId: string; cvr: string; reason: string; withdrawnBy: string }): Promise<void> {
  if (!input.reason.trim()) throw new CompanyOperationError('give the reason for the withdrawal', 'INVALID_INPUT', 'reason');
  const track = await trackOf(ctx, input.cohortId, input.cvr, 'cvr');
  if (['COMPLETED', 'NOT_SELECTED', 'WITHDRAWN'].includes(track.phase)) {
    throw new CompanyOperationError(`CVR ${input.cvr} is in phase ${track.phase}: nothing to withdraw from`, 'INVALID_STATE', 'cvr');
  }
  // The reason may be about people: FreeText holds it, the audit log its id.
  const reasonId = await storeFreeText(ctx.db, { kind: 'withdrawal-reason', entity: 'CompanyTrack', entityId: track.id, text: input.reason });
  await ctx.db.auditLog.create({
    data: { actor: input.withdrawnBy, role: 'COORDINATOR', action: 'company.withdrawn', entity: 'CompanyTrack', entityId: track.id, details: { reasonId } },
  });
  await ctx.client.workflow.getHandle(track.workflowId).signal(withdrawCompanySignal);
}
