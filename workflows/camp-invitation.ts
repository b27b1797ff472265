// One company's invitation to one camp, as a child of its company track (workflow id
// `camp-<campId>-<cvr>`): the invitation with its calendar event, reminders to a company that has not
// declined, a nudge when it has not answered (and the coordinator's list of non-responders), an
// updated or cancelled calendar event when the camp changes, then attendance and the follow-up.
import { ActivityFailure, condition, log, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { patchApplies } from './patch-steps.js';
import type { Activities } from '../activities/index.js';
import { EMAIL_ACTIVITY } from '../contracts/email-activity.js';
import { addWorkingDays, instantAt, localDateAt } from '../domain/calendar.js';
import { attendanceDueDate, invitationDate, nudgeDate, reminderDates, SEND_AT } from '../domain/camp-plan.js';
import {
  campAttendanceSignal,
  campChangedSignal,
  campInvitationStateQuery,
  campRsvpSignal,
  campWithdrawnSignal,
  type CampInvitationInput,
  type CampInvitationResult,
  type CampInvitationState,
} from '../contracts/company-track.js';

const { ensureCampInvitation, getCamp, markCampHeld } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 20 },
});
/** E-mail: bounded retries with backoff; a permanent SMTP refusal is not retried (the outbox row says FAILED). */
const { sendCampMail, sendCampCoordinatorList, sendCampNoShow } = proxyActivities<Activities>({
  ...EMAIL_ACTIVITY,
});

/**
 * Invitations go out their lead time before the camp, not when the workflow starts. Released 2026-11-30.
 * Step 2, deprecatePatch (its id into DEPRECATED_PATCHES, workflows/patch-steps.ts): once
 * `WorkflowType = "campInvitationWorkflow" AND ExecutionStatus = "Running" AND StartTime < "2026-11-30"`
 * (`temporal workflow count --query '…'` or the Web UI's filter) finds no run; an invitation runs until
 * its camp is held, at most about 14 months after the selection.
 * Step 3: the call and its old branch are removed once the same query with step 2's release date finds
 * none.
 */
const INVITATION_LEAD_TIME = 'invitation-lead-time';
/** Attendance is awaited this many working days after the coordinator was asked, then the workflow closes. */
const ATTENDANCE_GIVE_UP_WORKING_DAYS = 10;

/** A failed e-mail is left in the outbox (PENDING with its error, or FAILED) for operators; the track goes on. */
async function bestEffort(what: string, send: () => Promise<unknown>): Promise<boolean> {
  try {
    await send();
    return true;
  } catch (e) {
    if (!(e instanceof ActivityFailure)) throw e;
    log.warn('e-mail not delivered, left in the outbox for operators', { what, error: e.cause?.message ?? e.message });
    return false;
  }
}

interface Step {
  key: string;
  at: number;
}

export async function campInvitationWorkflow(input: CampInvitationInput): Promise<CampInvitationResult> {
  const { workflowId } = workflowInfo();
  const closing = input.closingDays ?? [];
  const locale = input.locale ?? 'da';
  const state: CampInvitationState = {
    campId: input.campId,
    cvr: input.cvr,
    phase: 'INVITED',
    rsvp: 'PENDING',
    attended: null,
    sequence: -1,
    days: [],
    sent: [],
  };
  let changed = false;
  let withdrawn = false;
  setHandler(campRsvpSignal, ({ answer }) => void (state.rsvp = answer));
  setHandler(campChangedSignal, ({ sequence }) => void (sequence > state.sequence && (changed = true)));
  setHandler(campAttendanceSignal, ({ attended }) => void (state.attended = attended));
  setHandler(campWithdrawnSignal, () => void (withdrawn = true));
  setHandler(campInvitationStateQuery, () => state);

  const result = (status: CampInvitationResult['status']): CampInvitationResult => ({
    campId: input.campId,
    cvr: input.cvr,
    status,
    rsvp: state.rsvp,
    attended: state.attended,
  });
  const send = async (step: string, fn: () => Promise<unknown>): Promise<void> => {
    const key = `${state.sequence}:${step}`;
    if (state.sent.includes(key)) return;
    await bestEffort(`${input.campId} ${step}`, fn);
    state.sent.push(key);
  };
  const campMail = (kind: 'invitation' | 'cancellation' | 'withdrawal' | 'reminder' | 'nudge' | 'follow-up', step?: string) =>
    send(step ?? kind, () => sendCampMail({ campId: input.campId, companyId: input.companyId, kind, step, locale, workflowId }));

  const invitation = await ensureCampInvitation({ campId: input.campId, companyId: input.companyId });
  if (invitation.rsvp !== 'PENDING') state.rsvp = invitation.rsvp;
  if (invitation.attended !== null) state.attended = invitation.attended;

  let camp = await getCamp(input.campId);
  /** The day this version of the camp was announced: reminders dated before it are not sent late. */
  let announcedOn = localDateAt(Date.now());
  state.sequence = camp.sequence;
  state.days = camp.days;
  /** Re-reads the camp after a change was signalled; the camp when it read a newer version of it. */
  const refreshCamp = async (): Promise<typeof camp | undefined> => {
    changed = false;
    const latest = await getCamp(input.campId);
    if (latest.sequence <= state.sequence) return undefined;
    camp = latest;
    state.sequence = camp.sequence;
    state.days = camp.days;
    return camp;
  };
  if (camp.status === 'CANCELLED') {
    state.phase = 'CANCELLED';
    return result('CANCELLED');
  }
  if (instantAt(camp.days[camp.days.length - 1]!, camp.endTime) <= Date.now()) {
    state.phase = 'DONE';
    return result('PAST');
  }
  if (withdrawn) {
    state.phase = 'DONE';
    return result('WITHDRAWN');
  }
  // A camp months ahead is announced its lead time before (a company selected a year ahead used to
  // get every camp of the year at once). Camps started before this change invited at once (the
  // plan: INVITATION_LEAD_TIME).
  if (input.invitationLeadWeeks !== undefined && patchApplies(INVITATION_LEAD_TIME)) {
    for (;;) {
      const on = invitationDate(camp.days[0]!, input.invitationLeadWeeks, closing)!;
      const at = instantAt(on, SEND_AT);
      if (at <= Date.now()) break;
      state.phase = 'SCHEDULED';
      state.invitationOn = on;
      await condition(() => changed || withdrawn, at - Date.now());
      // Nothing was sent yet: a withdrawal or a cancellation needs no e-mail.
      if (withdrawn) {
        state.phase = 'DONE';
        return result('WITHDRAWN');
      }
      if (changed && (await refreshCamp())?.status === 'CANCELLED') {
        state.phase = 'CANCELLED';
        return result('CANCELLED');
      }
    }
    state.phase = 'INVITED';
    state.invitationOn = undefined;
    announcedOn = localDateAt(Date.now());
  }
  await campMail('invitation');

  // Until the camp is over: reminders, nudge, and any change of the camp.
  for (;;) {
    if (withdrawn) {
      await campMail('withdrawal');
      state.phase = 'DONE';
      return result('WITHDRAWN');
    }
    if (changed) {
      const moved = await refreshCamp();
      if (moved) {
        announcedOn = localDateAt(Date.now());
        if (moved.status === 'CANCELLED') {
          await campMail('cancellation');
          state.phase = 'CANCELLED';
          return result('CANCELLED');
        }
        await campMail('invitation');
      }
      continue;
    }
    const first = camp.days[0]!;
    const nudgeOn = nudgeDate(first, closing);
    const steps: Step[] = [
      ...reminderDates(first, input.reminderWorkingDays, closing, announcedOn).map((r) => ({ key: r.key, at: instantAt(r.on, SEND_AT) })),
      ...(nudgeOn >= announcedOn ? [{ key: 'nudge', at: instantAt(nudgeOn, SEND_AT) }] : []),
    ].filter((s) => !state.sent.includes(`${state.sequence}:${s.key}`));
    steps.sort((a, b) => a.at - b.at);
    const endsAt = instantAt(camp.days[camp.days.length - 1]!, camp.endTime);
    const next = steps[0];
    const wakeAt = next ? Math.min(next.at, endsAt) : endsAt;
    if (wakeAt > Date.now() && (await condition(() => changed || withdrawn, wakeAt - Date.now()))) continue;
    if (!next || next.at > endsAt) break;
    if (next.key === 'nudge') {
      if (state.rsvp === 'PENDING') await campMail('nudge');
      else state.sent.push(`${state.sequence}:nudge`);
      // The first company's workflow to get here sends the coordinator the camp's list; the rest find it sent.
      await bestEffort(`${input.campId} non-responders`, () =>
        sendCampCoordinatorList({ campId: input.campId, list: 'non-responders', locale, workflowId }),
      );
    } else if (state.rsvp === 'NO') {
      state.sent.push(`${state.sequence}:${next.key}`);
    } else {
      await campMail('reminder', next.key);
    }
  }

  await markCampHeld({ campId: input.campId });
  state.phase = 'WAITING_FOR_ATTENDANCE';
  if (state.rsvp !== 'NO' && state.attended === null) {
    const lastDay = camp.days[camp.days.length - 1]!;
    const due = instantAt(attendanceDueDate(lastDay, closing), SEND_AT);
    if (!(await condition(() => state.attended !== null || withdrawn, Math.max(0, due - Date.now()))) && !withdrawn) {
      await bestEffort(`${input.campId} attendance due`, () =>
        sendCampCoordinatorList({ campId: input.campId, list: 'attendance-due', locale, workflowId }),
      );
      const giveUp = instantAt(addWorkingDays(localDateAt(Date.now()), ATTENDANCE_GIVE_UP_WORKING_DAYS, closing), SEND_AT);
      await condition(() => state.attended !== null || withdrawn, Math.max(0, giveUp - Date.now()));
    }
  }
  if (state.attended === true) await campMail('follow-up');
  else if (state.attended === false && state.rsvp !== 'NO') {
    await send('no-show', () => sendCampNoShow({ campId: input.campId, companyId: input.companyId, locale, workflowId }));
  }
  state.phase = 'DONE';
  return result('HELD');
}
