import type { Db } from '../../prisma/client.js';
import { sendEmail, type MailDeps, type SendEmailResult } from '../mail/send-email.js';
import { retentionAnswerUrl, retentionToken } from '../../links/retention-token.js';

/** What a personal answer link is made of; without it (older callers) a mail carries no link. */
export interface LinkConfig {
  PUBLIC_BASE_URL: string;
  LINK_SECRET: string;
}

/** Who a track e-mail goes to; the activity looks the address up, so no address enters the workflow history. */
export type TrackRecipient = 'responsibleStaff' | 'coordinator' | 'supportPerson' | 'companyContact';

export interface ParticipantMailInput {
  trackId: string;
  workflowId: string;
  idempotencyKey: string;
  template: string;
  to: TrackRecipient;
  /** Non-personal values from the workflow (dates, weeks, counts); names are added here. */
  data: Record<string, string | number | boolean | string[]>;
}

interface Person {
  name: string;
  email: string;
}

async function load(db: Db, trackId: string) {
  return db.participantTrack.findUniqueOrThrow({
    where: { id: trackId },
    include: {
      participant: { select: { givenName: true, familyName: true } },
      cohort: { select: { name: true, programme: { select: { name: true } } } },
      placementCompany: { select: { name: true, contactName: true, contactEmail: true } },
      // A deactivated staff member is sent nothing: the next in line is.
      partnership: { include: { employmentActor: { include: { staff: { where: { deactivatedAt: null } } } } } },
      assignments: {
        where: { endedAt: null, staffMember: { deactivatedAt: null } },
        include: { staffMember: true },
        orderBy: { assignedAt: 'desc' },
      },
    },
  });
}

type Track = Awaited<ReturnType<typeof load>>;

function actorContact(track: Track): Person {
  const actor = track.partnership.employmentActor;
  return { name: actor.contactName, email: actor.contactEmail };
}

function assigned(track: Track, role: 'MENTOR' | 'SUPPORT_PERSON'): Person | undefined {
  const a = track.assignments.find((x) => x.role === role);
  return a ? { name: a.staffMember.name, email: a.staffMember.email } : undefined;
}

function staffWithRole(track: Track, role: 'STAFF' | 'COORDINATOR'): Person | undefined {
  const s = track.partnership.employmentActor.staff.filter((x) => x.role === role).sort((a, b) => a.id.localeCompare(b.id))[0];
  return s ? { name: s.name, email: s.email } : undefined;
}

export function recipientOf(track: Track, to: TrackRecipient): Person {
  switch (to) {
    case 'responsibleStaff':
      return assigned(track, 'MENTOR') ?? staffWithRole(track, 'STAFF') ?? actorContact(track);
    case 'coordinator':
      return staffWithRole(track, 'COORDINATOR') ?? actorContact(track);
    case 'supportPerson':
      return assigned(track, 'SUPPORT_PERSON') ?? recipientOf(track, 'responsibleStaff');
    case 'companyContact': {
      const c = track.placementCompany;
      if (!c) throw new Error(`track ${track.id} has no placement company to write to`);
      return { name: c.contactName, email: c.contactEmail };
    }
  }
}

/**
 * Sends one of the track's e-mails. Names and addresses are looked up here, from PostgreSQL; the
 * outbox's idempotency key (from the business event) makes a retry or replay send nothing twice.
 */
export async function sendParticipantMail(
  deps: { db: Db; mail: MailDeps; config?: LinkConfig },
  input: ParticipantMailInput,
): Promise<SendEmailResult> {
  const track = await load(deps.db, input.trackId);
  const recipient = recipientOf(track, input.to);
  const support = assigned(track, 'SUPPORT_PERSON') ?? actorContact(track);
  // A retention follow-up carries the answer link, built here from ids: the workflow never holds it.
  const answerUrl =
    input.template === 'participant-retention-check' && deps.config && typeof input.data.weeks === 'number'
      ? retentionAnswerUrl(deps.config.PUBLIC_BASE_URL, retentionToken(deps.config.LINK_SECRET, track.id, input.data.weeks))
      : '';
  return sendEmail(deps.mail, {
    idempotencyKey: input.idempotencyKey,
    to: recipient.email,
    template: input.template,
    workflowId: input.workflowId,
    data: {
      ...input.data,
      programme: track.cohort.programme.name,
      cohortName: track.cohort.name,
      recipientName: recipient.name,
      participantName: `${track.participant.givenName} ${track.participant.familyName}`.trim(),
      employmentActorName: track.partnership.employmentActor.name,
      companyName: track.placementCompany?.name ?? '',
      supportPersonName: support.name,
      supportPersonEmail: support.email,
      answerUrl,
    },
  });
}
