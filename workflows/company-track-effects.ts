// How the company track carries out what its agenda decided (domain/company-agenda.ts): e-mails,
// the overdue digest, a camp invitation child per camp, withdrawing the camps still ahead, and the
// anchoring outcome into the ledger. Workflow code: activity calls and child workflows only.
import { ActivityFailure, ParentClosePolicy, getExternalWorkflowHandle, log, proxyActivities, startChild } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { campWithdrawnSignal, type CompanyTrackInput } from '../contracts/company-track.js';
import { EMAIL_ACTIVITY } from '../contracts/email-activity.js';
import { REJECTION } from '../contracts/rejection.js';
import { campInvitationWorkflowId } from '../contracts/workflow-ids.js';
import type { LocalDate } from '../domain/calendar.js';
import type { CompanyEffect, CompanyEvent } from '../domain/company-agenda.js';
import { campInvitationWorkflow } from './camp-invitation.js';
import { campSearchAttributes } from './camp-search-attributes.js';

// The same options as the track's other activities, so histories recorded before this file replay.
const { recordOutcome } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    maximumAttempts: 20,
    nonRetryableErrorTypes: [REJECTION.slotsExceeded],
  },
});
const { sendCompanyMail, sendCompanyDigest } = proxyActivities<Activities>({ ...EMAIL_ACTIVITY });

export interface EffectContext {
  ids: { trackId: string; workflowId: string; cohortId: string; companyId: string; partnershipId: string };
  input: CompanyTrackInput;
  locale: NonNullable<CompanyTrackInput['locale']>;
  /** The municipality's closing days, as the agenda read them. */
  closingDays: () => LocalDate[];
  /** Feeds what a camp invitation child ended with back to the agenda. */
  dispatch: (event: CompanyEvent) => void;
}

/** A failed e-mail is left in the outbox (FAILED, or PENDING with its error) for operators; the track goes on. */
async function bestEffort(what: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (e) {
    if (!(e instanceof ActivityFailure)) throw e;
    log.warn(`${what} failed`, { error: e.cause?.message ?? e.message });
  }
}

/** The function that carries out one effect of the agenda. */
export function effectRunner({ ids, input, locale, closingDays, dispatch }: EffectContext): (effect: CompanyEffect) => Promise<void> {
  const { trackId } = ids;
  return async (effect) => {
    switch (effect.kind) {
      case 'mail': {
        const { to, template, step, data, reportId } = effect;
        return bestEffort(`e-mail ${template}`, () => sendCompanyMail({ ...ids, to, template, step, data, reportId, locale }));
      }
      case 'overdue-digest':
        return bestEffort('e-mail company-overdue-digest', () =>
          sendCompanyDigest({ ...ids, locale, selectedOn: effect.selectedOn, milestones: effect.milestones }),
        );
      case 'start-camp': {
        const { campId } = effect;
        const child = await startChild(campInvitationWorkflow, {
          workflowId: campInvitationWorkflowId(campId, input.cvr),
          args: [
            {
              campId,
              companyId: input.companyId,
              cvr: input.cvr,
              reminderWorkingDays: input.plan.campReminderWorkingDays,
              closingDays: closingDays(),
              locale,
              invitationLeadWeeks: effect.announceAhead ? (input.plan.invitationLeadWeeks as number | undefined) : undefined,
            },
          ],
          // A camp's follow-up finishes even when the company's track has ended.
          parentClosePolicy: ParentClosePolicy.ABANDON,
          typedSearchAttributes: campSearchAttributes(),
        });
        void child.result().then(
          ({ status, rsvp, attended }) => void dispatch({ kind: 'camp-finished', campId, result: { status, rsvp, attended } }),
          (e: unknown) => {
            log.error('camp invitation failed', { campId, error: (e as Error).message });
            dispatch({ kind: 'camp-finished', campId, result: null });
          },
        );
        return;
      }
      case 'withdraw-camps':
        // Every camp still ahead is taken out of the company's calendar by its own workflow.
        for (const campId of effect.campIds) {
          await getExternalWorkflowHandle(campInvitationWorkflowId(campId, input.cvr))
            .signal(campWithdrawnSignal)
            .catch(() => undefined);
        }
        return;
      case 'record-anchoring-outcome':
        return bestEffort('anchoring outcome', () =>
          recordOutcome({
            idempotencyKey: `anchoring:${trackId}`,
            companyTrackId: trackId,
            kind: 'ANCHORING',
            occurredOn: effect.occurredOn,
            trackEndsOn: effect.trackEndsOn,
            detail: effect.status,
            evidenceRef: `anchoring-checks:${trackId}`,
          }),
        );
    }
  };
}
