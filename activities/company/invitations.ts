import type { Config } from '../../config/index.js';
import type { Db } from '../../prisma/client.js';
import { campEventAttachment } from '../mail/ics.js';
import type { Locale } from '../../contracts/locale.js';
import { renderMail } from '../mail/render.js';
import { sendEmailBatch } from '../mail/send-batch.js';
import { messageIdFor, sendEmail, type MailDeps, type SendEmailInput } from '../mail/send-email.js';
import { getCamp, type CampView } from './camps.js';
import { campContactPerson, companyContacts, coordinatorContact, programmeName, type Contact } from './contacts.js';
import { formatDays } from './dates.js';
import { rsvpToken } from '../../links/rsvp-token.js';

export interface CampActivityDeps {
  db: Db;
  mail: MailDeps;
  config: Pick<Config, 'MAIL_FROM' | 'PUBLIC_BASE_URL' | 'LINK_SECRET'>;
}

import type { RsvpAnswer } from '../../contracts/company-track.js';

/** The invitation row with its personal token; created once, found again on every retry. */
export async function ensureCampInvitation(
  deps: CampActivityDeps,
  input: { campId: string; companyId: string },
): Promise<{ invitationId: string; rsvp: RsvpAnswer; attended: boolean | null }> {
  const token = rsvpToken(deps.config.LINK_SECRET, input.campId, input.companyId);
  const row = await deps.db.campInvitation.upsert({
    where: { campId_companyId: { campId: input.campId, companyId: input.companyId } },
    update: {},
    create: { campId: input.campId, companyId: input.companyId, token },
  });
  return { invitationId: row.id, rsvp: row.rsvp, attended: row.attended };
}

export type CampMailKind = 'invitation' | 'cancellation' | 'withdrawal' | 'reminder' | 'nudge' | 'follow-up';

export interface SendCampMailInput {
  campId: string;
  companyId: string;
  kind: CampMailKind;
  /** For reminders: which one (`reminder-14` …), part of the idempotency key. */
  step?: string;
  locale?: Locale;
  workflowId?: string;
}

export interface SendCampMailResult {
  /** The camp's sequence the message was written for. */
  sequence: number;
  sentNow: number;
  /** True when the stored answer made the message unnecessary. */
  skipped: boolean;
}

/** "Name (Organisation, address)": how the mail and the calendar name the contact person. */
function contactLine(contact: Contact & { organisation?: string }): string {
  return `${contact.name} (${contact.organisation ? `${contact.organisation}, ` : ''}${contact.email})`;
}

/**
 * The event's description: the link is the answer; a calendar Accept/Decline only reaches the contact
 * person (the event's organiser), who is named.
 */
export function campCalendarDescription(
  title: string,
  programme: string,
  locale: Locale,
  rsvpUrl: string,
  contact: Contact & { organisation?: string },
): string {
  return locale === 'da'
    ? `${programme}: ${title}. Svar ja eller nej via jeres personlige link – kun det svar registreres: ${rsvpUrl} . ` +
        `Et svar i kalenderen (Accepter/Afvis) går kun som e-mail til jeres kontaktperson og registreres ikke. Kontaktperson: ${contactLine(contact)}.`
    : `${programme}: ${title}. Answer yes or no through your personal link – only that answer is recorded: ${rsvpUrl} . ` +
        `An answer in your calendar (Accept/Decline) only reaches your contact person as an e-mail and is not recorded. Contact person: ${contactLine(contact)}.`;
}

/** A mailbox header value with the display name quoted (names may hold commas or dots). */
function mailbox(contact: Contact): string {
  return `${JSON.stringify(contact.name)} <${contact.email}>`;
}

/**
 * One camp message to every address of the company, each address with its own outbox row. Invitations and updates carry the calendar
 * event (METHOD:REQUEST), cancellations METHOD:CANCEL; both with the camp's stable UID and current
 * SEQUENCE. The idempotency key holds the camp, the company, the sequence and the step, so a moved
 * camp gets fresh messages while a retried or replayed send never mails twice.
 */
export async function sendCampMail(deps: CampActivityDeps, input: SendCampMailInput): Promise<SendCampMailResult> {
  const locale = input.locale ?? 'da';
  const view = await getCamp(deps.db, input.campId);
  const { cvr, companyName, contacts } = await companyContacts(deps.db, input.companyId);
  const invitation = await deps.db.campInvitation.findUniqueOrThrow({
    where: { campId_companyId: { campId: input.campId, companyId: input.companyId } },
  });
  // The stored answer decides (the RSVP operation writes it before it signals the workflow): a
  // decliner gets no reminder and a company that has answered no nudge, whatever the workflow knew.
  if ((input.kind === 'reminder' && invitation.rsvp === 'NO') || (input.kind === 'nudge' && invitation.rsvp !== 'PENDING')) {
    return { sequence: view.sequence, sentNow: 0, skipped: true };
  }
  const camp = await deps.db.camp.findUniqueOrThrow({ where: { id: input.campId } });
  const programme = await programmeName(deps.db, camp.cohortId);
  const organizer = await coordinatorContact(deps.db, deps.config.MAIL_FROM);
  const contact = await campContactPerson(deps.db, camp.cohortId, input.companyId, deps.config.MAIL_FROM);
  const base = deps.config.PUBLIC_BASE_URL.replace(/\/$/, '');
  const rsvpUrl = `${base}/rsvp/${invitation.token}`;
  const template = input.kind === 'invitation' ? 'camp-invitation' : `camp-${input.kind}`;
  const keyKind = input.kind === 'reminder' ? `reminder:${input.step ?? ''}` : input.kind;
  const mails = contacts.map((to, i): SendEmailInput => {
    const attachments =
      input.kind === 'invitation' || input.kind === 'cancellation' || input.kind === 'withdrawal'
        ? [
            campEventAttachment({
              uid: view.uid,
              // A withdrawal cancels this attendee's copy only: one above the camp's own sequence, so
              // calendars take it as newer than the invitation they hold.
              sequence: view.sequence + (input.kind === 'withdrawal' ? 1 : 0),
              method: input.kind === 'invitation' ? 'REQUEST' : 'CANCEL',
              title: `${programme}: ${view.title}`,
              description: campCalendarDescription(view.title, programme, locale, rsvpUrl, contact),
              location: view.location,
              days: view.days,
              startTime: view.startTime,
              endTime: view.endTime,
              organizer: contact,
              attendee: to,
              url: rsvpUrl,
              stamp: new Date(),
            }),
          ]
        : undefined;
    return {
      idempotencyKey: `camp:${input.campId}:${cvr}:${view.sequence}:${keyKind}:${i}`,
      to: to.email,
      template,
      locale,
      workflowId: input.workflowId,
      attachments,
      replyTo: mailbox(contact),
      data: {
        programme,
        name: to.name,
        companyName,
        campTitle: view.title,
        dates: formatDays(view.days, locale),
        startTime: view.startTime,
        endTime: view.endTime,
        location: view.location,
        updated: view.sequence > 0,
        yesUrl: `${rsvpUrl}?answer=yes`,
        noUrl: `${rsvpUrl}?answer=no`,
        feedbackUrl: `${rsvpUrl}/feedback`,
        organizer: organizer.name,
        contactName: contact.name,
        contactEmail: contact.email,
        contactOrganisation: contact.organisation ?? programme,
      },
    };
  });
  // Every address has its row before the first is sent: one failing never loses the others.
  const results = await sendEmailBatch(deps.mail, mails);
  return { sequence: view.sequence, sentNow: results.filter((r) => r.sentNow).length, skipped: false };
}

/**
 * The coordinator's list of companies that have not answered (or whose attendance is missing) for a
 * camp. One message per camp and sequence: the first camp workflow to get there sends it, the others
 * find it sent. Nothing is sent when the list is empty. The names and addresses are looked up and
 * mailed here; the result, which every camp workflow's history keeps, holds only how many there were.
 */
export async function sendCampCoordinatorList(
  deps: CampActivityDeps,
  input: { campId: string; list: 'non-responders' | 'attendance-due'; locale?: Locale; workflowId?: string },
): Promise<{ count: number; sentNow: boolean }> {
  const locale = input.locale ?? 'da';
  const view = await getCamp(deps.db, input.campId);
  const camp = await deps.db.camp.findUniqueOrThrow({ where: { id: input.campId } });
  const invitations = await deps.db.campInvitation.findMany({
    where: { campId: input.campId, ...(input.list === 'non-responders' ? { rsvp: 'PENDING' } : { attended: null, rsvp: { not: 'NO' } }) },
    include: { company: true },
    orderBy: { company: { name: 'asc' } },
  });
  const companies = invitations.map(
    (inv) => `${inv.company.name} (CVR ${inv.company.cvr}), ${inv.company.contactName} <${inv.company.contactEmail}>`,
  );
  const count = companies.length;
  if (count === 0) return { count, sentNow: false };
  const coordinator = await coordinatorContact(deps.db, deps.config.MAIL_FROM);
  const idempotencyKey = `camp:${input.campId}:${view.sequence}:${input.list}`;
  const template = `camp-${input.list}`;
  const data = {
    programme: await programmeName(deps.db, camp.cohortId),
    name: coordinator.name,
    campTitle: view.title,
    dates: formatDays(view.days, locale),
    companies,
    count,
  };
  // Every invited company's workflow gets here at the same moment: the first to claim the outbox row
  // sends (and retries) it, the others leave it to that one, so two senders never race on one key.
  const rendered = renderMail(template, locale, data);
  await deps.db.emailOutbox.createMany({
    data: [
      {
        idempotencyKey,
        toAddress: coordinator.email,
        subject: rendered.subject,
        template,
        locale,
        html: rendered.html,
        text: rendered.text,
        workflowId: input.workflowId,
        messageId: messageIdFor(idempotencyKey),
      },
    ],
    skipDuplicates: true,
  });
  const claim = await deps.db.emailOutbox.findUniqueOrThrow({ where: { idempotencyKey } });
  if (claim.workflowId !== (input.workflowId ?? null)) return { count, sentNow: false };
  const result = await sendEmail(deps.mail, {
    idempotencyKey,
    to: coordinator.email,
    template,
    locale,
    workflowId: input.workflowId,
    data,
  });
  return { count, sentNow: result.sentNow };
}

/** A no-show reaches the coordinator once per camp and company. */
export async function sendCampNoShow(
  deps: CampActivityDeps,
  input: { campId: string; companyId: string; locale?: Locale; workflowId?: string },
): Promise<void> {
  const locale = input.locale ?? 'da';
  const view = await getCamp(deps.db, input.campId);
  const camp = await deps.db.camp.findUniqueOrThrow({ where: { id: input.campId } });
  const company = await deps.db.company.findUniqueOrThrow({ where: { id: input.companyId } });
  const coordinator = await coordinatorContact(deps.db, deps.config.MAIL_FROM);
  await sendEmail(deps.mail, {
    idempotencyKey: `camp:${input.campId}:${company.cvr}:no-show`,
    to: coordinator.email,
    template: 'camp-no-show',
    locale,
    workflowId: input.workflowId,
    data: {
      programme: await programmeName(deps.db, camp.cohortId),
      name: coordinator.name,
      campTitle: view.title,
      dates: formatDays(view.days, locale),
      companyName: company.name,
      cvr: company.cvr,
      contactName: company.contactName,
      contactEmail: company.contactEmail,
    },
  });
}

/** Marks a camp as held once its last day is over (the first company's workflow to finish does it). */
export async function markCampHeld(deps: CampActivityDeps, input: { campId: string }): Promise<void> {
  await deps.db.camp.updateMany({ where: { id: input.campId, status: { in: ['SCHEDULED', 'MOVED'] } }, data: { status: 'HELD' } });
}
