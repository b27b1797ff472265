// Digests of work that fell due before a track or an action began: a track started with dates in the
// past, or a company selected into an accelerator already under way. Instead of one e-mail per
// reminder, escalation and overdue notice, the coordinator or staff member gets one e-mail listing
// them, written through the outbox like every other e-mail (the track's mail helpers, sendEmail).
import type { Db } from '../prisma/client.js';
import type { MailDeps, SendEmailResult } from './mail/send-email.js';
import { sendParticipantMail, type TrackRecipient } from './participant/mail.js';
import { sendCompanyMail } from './company/track.js';
import type { CampActivityDeps } from './company/invitations.js';
import type { Locale } from '../contracts/locale.js';

type Value = string | number | boolean | string[];

/** One notice the track held back: the template it would have sent and that template's data. */
export interface OverdueNotice {
  template: string;
  data: Record<string, Value>;
}

export interface ParticipantDigestInput {
  trackId: string;
  workflowId: string;
  /** From the business event, e.g. `participant:<trackId>:digest:track-start:coordinator`. */
  idempotencyKey: string;
  to: TrackRecipient;
  /** The day the track began running. */
  begunOn: string;
  notices: OverdueNotice[];
}

const str = (v: Value | undefined): string => (Array.isArray(v) ? v.join(', ') : String(v ?? ''));

/**
 * The digest's lines (Danish), one per kind of notice: the weeks without an attendance record on one
 * line, the longest run of absent weeks, then each other item with its date.
 */
export function participantDigestLines(notices: readonly OverdueNotice[]): string[] {
  const lines: string[] = [];
  const weeks = notices.filter((n) => n.template === 'participant-attendance-reminder').map((n) => str(n.data.weekStart));
  if (weeks.length === 1) lines.push(`Fremmøde ikke registreret for ugen med start ${weeks[0]}`);
  else if (weeks.length > 1) lines.push(`Fremmøde ikke registreret for ${weeks.length} uger: ${weeks.join(', ')}`);
  const escalations = notices.filter((n) => n.template === 'participant-attendance-escalation');
  const longest = escalations.reduce<OverdueNotice | undefined>(
    (a, n) => (!a || Number(n.data.weeksInRow) > Number(a.data.weeksInRow) ? n : a),
    undefined,
  );
  if (longest)
    lines.push(
      `${str(longest.data.weeksInRow)} uger i træk uden det planlagte fremmøde (til og med ugen med start ${str(longest.data.weekStart)})`,
    );
  for (const { template, data } of notices) {
    switch (template) {
      case 'participant-attendance-reminder':
      case 'participant-attendance-escalation':
        break;
      case 'participant-mentor-missing':
        lines.push(`Ingen mentor tildelt (fristen var ${str(data.dueOn)})`);
        break;
      case 'participant-employer-contact-overdue':
        lines.push(`Første arbejdsgiverkontakt (IPS) ikke registreret (fristen var ${str(data.dueOn)})`);
        break;
      case 'participant-placement-missing':
        lines.push(`Ingen virksomhedsplacering til jobtræningen, der begyndte ${str(data.jobTrainingStartsOn)}`);
        break;
      case 'participant-outcome-due':
        lines.push(`Forløbets resultat skal registreres (jobtræningen sluttede ${str(data.endedOn)})`);
        break;
      case 'participant-check-in':
        lines.push(`${data.midway ? 'Midtvejsopfølgning' : 'Slutopfølgning'} på praktikken ${str(data.on)}`);
        break;
      case 'participant-retention-check':
        lines.push(
          `Fastholdelsesopfølgning ${str(data.weeks)} uger efter ansættelsen ${str(data.hiredOn)} (svar senest ${str(data.answerBy)})`,
        );
        break;
      case 'participant-retention-overdue':
        lines.push(`Svar på fastholdelsesopfølgningen efter ${str(data.weeks)} uger mangler (fristen var ${str(data.dueOn)})`);
        break;
      default:
        lines.push(`${template} ${Object.values(data).map(str).join(' ')}`.trim());
    }
  }
  return lines;
}

export async function sendParticipantDigest(deps: { db: Db; mail: MailDeps }, input: ParticipantDigestInput): Promise<SendEmailResult> {
  const lines = participantDigestLines(input.notices);
  return sendParticipantMail(deps, {
    trackId: input.trackId,
    workflowId: input.workflowId,
    idempotencyKey: input.idempotencyKey,
    template: 'participant-overdue-digest',
    to: input.to,
    data: { begunOn: input.begunOn, count: lines.length, lines },
  });
}

export interface CompanyDigestInput {
  trackId: string;
  cohortId: string;
  companyId: string;
  partnershipId: string;
  workflowId: string;
  /** The day the company was selected into the accelerator. */
  selectedOn: string;
  /** Milestones whose due date had passed at the selection. */
  milestones: Array<{ title: string; dueOn: string }>;
  locale?: Locale;
}

/** One e-mail to the coordinator with the milestones already overdue when the company joined the accelerator. */
export async function sendCompanyDigest(deps: CampActivityDeps, input: CompanyDigestInput): Promise<{ sentNow: number }> {
  return sendCompanyMail(deps, {
    trackId: input.trackId,
    cohortId: input.cohortId,
    companyId: input.companyId,
    partnershipId: input.partnershipId,
    workflowId: input.workflowId,
    to: 'COORDINATOR',
    template: 'company-overdue-digest',
    step: 'digest:selection',
    locale: input.locale,
    data: {
      selectedOn: input.selectedOn,
      count: input.milestones.length,
      milestones: input.milestones.map((m) => `${m.title} (${m.dueOn})`),
    },
  });
}
