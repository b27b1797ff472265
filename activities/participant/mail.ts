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

/** What a track e-mail needs to know about its track: names, the placement company and the staff to write to. */
interface Track {
  id: string;
  givenName: string;
  familyName: string;
  cohortName: string;
  programmeName: string;
  actorName: string;
  actorContactName: string;
  actorContactEmail: string;
  company: { name: string; contactName: string; contactEmail: string } | null;
  /** The employment actor's active staff. */
  staff: Array<{ id: string; name: string; email: string; role: string }>;
  /** The track's open assignments of active staff, latest first. */
  assignments: Array<{ role: string; name: string; email: string }>;
}

/**
 * The track with what its e-mails need, in one statement: the nested include it replaces cost ten
 * round trips, the largest part of every track e-mail. A deactivated staff member is sent nothing:
 * the next in line is.
 */
async function load(db: Db, trackId: string): Promise<Track> {
  const rows = await db.$queryRaw<Track[]>`
    SELECT t.id, p."givenName", p."familyName", c.name AS "cohortName", pr.name AS "programmeName",
      ea.name AS "actorName", ea."contactName" AS "actorContactName", ea."contactEmail" AS "actorContactEmail",
      CASE WHEN co.id IS NULL THEN NULL
        ELSE json_build_object('name', co.name, 'contactName', co."contactName", 'contactEmail', co."contactEmail") END AS company,
      COALESCE((SELECT json_agg(json_build_object('id', s.id, 'name', s.name, 'email', s.email, 'role', s.role))
        FROM "StaffMember" s WHERE s."employmentActorId" = ea.id AND s."deactivatedAt" IS NULL), '[]'::json) AS staff,
      COALESCE((SELECT json_agg(json_build_object('role', a.role, 'name', s.name, 'email', s.email) ORDER BY a."assignedAt" DESC)
        FROM "Assignment" a JOIN "StaffMember" s ON s.id = a."staffMemberId"
        WHERE a."participantTrackId" = t.id AND a."endedAt" IS NULL AND s."deactivatedAt" IS NULL), '[]'::json) AS assignments
    FROM "ParticipantTrack" t
    JOIN "Participant" p ON p.id = t."participantId"
    JOIN "Cohort" c ON c.id = t."cohortId"
    JOIN "Programme" pr ON pr.id = c."programmeId"
    JOIN "Partnership" pa ON pa.id = t."partnershipId"
    JOIN "EmploymentActor" ea ON ea.id = pa."employmentActorId"
    LEFT JOIN "Company" co ON co.id = t."placementCompanyId"
    WHERE t.id = ${trackId}`;
  const track = rows[0];
  if (!track) throw new Error(`no participant track ${trackId}`);
  return track;
}

function actorContact(track: Track): Person {
  return { name: track.actorContactName, email: track.actorContactEmail };
}

function assigned(track: Track, role: 'MENTOR' | 'SUPPORT_PERSON'): Person | undefined {
  const a = track.assignments.find((x) => x.role === role);
  return a ? { name: a.name, email: a.email } : undefined;
}

function staffWithRole(track: Track, role: 'STAFF' | 'COORDINATOR'): Person | undefined {
  const s = track.staff.filter((x) => x.role === role).sort((a, b) => a.id.localeCompare(b.id))[0];
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
      const c = track.company;
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
      programme: track.programmeName,
      cohortName: track.cohortName,
      recipientName: recipient.name,
      participantName: `${track.givenName} ${track.familyName}`.trim(),
      employmentActorName: track.actorName,
      companyName: track.company?.name ?? '',
      supportPersonName: support.name,
      supportPersonEmail: support.email,
      answerUrl,
    },
  });
}
