// The job opening's side effects: its projection into the JobOpening row (the console's list reads
// it) and its e-mails. Names, titles and addresses are looked up here from PostgreSQL; the workflow
// passes ids, kinds and dates. Every mail goes through the outbox under a key of its business event.
import type { Config } from '../config/index.js';
import { utcMidnightOf, type LocalDate } from '../domain/calendar.js';
import type { JobOpeningRecipient, JobOpeningSummary } from '../domain/job-opening-agenda.js';
import { JOB_KIND_LABELS } from '../domain/job-kinds.js';
import type { JobKind } from '../domain/programme.js';
import { jobMatchToken, jobMatchUrl, jobOpeningRegistrationToken, jobOpeningRegistrationUrl } from '../links/job-opening-token.js';
import type { Db } from '../prisma/client.js';
import { sendEmail, type MailDeps, type SendEmailResult } from './mail/send-email.js';

export interface JobOpeningActivityDeps {
  db: Db;
  mail: MailDeps;
  config: Pick<Config, 'PUBLIC_BASE_URL' | 'LINK_SECRET'>;
}

const asDbDate = (d: LocalDate | undefined) => (d ? utcMidnightOf(d) : null);

/**
 * Writes the workflow's summary into its JobOpening row (status, next deadline, the summary) and the
 * proposals' answers into their JobMatch rows. Idempotent; an older summary never overwrites a newer.
 */
export async function projectJobOpening(db: Db, summary: JobOpeningSummary): Promise<{ written: boolean }> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<Array<{ version: number | null }>>`
      SELECT (summary->>'version')::int AS version FROM "JobOpening" WHERE id = ${summary.openingId} FOR UPDATE`;
    if (rows.length === 0 || (rows[0]?.version ?? -1) > summary.version) return { written: false };
    await tx.jobOpening.update({
      where: { id: summary.openingId },
      data: {
        openedOn: utcMidnightOf(summary.openedOn),
        status: summary.phase === 'FILLED' ? 'FILLED' : summary.phase === 'WITHDRAWN' ? 'WITHDRAWN' : 'OPEN',
        filledByTrackId: summary.filledByTrackId ?? null,
        closedOn: asDbDate(summary.closedOn),
        nextDeadlineOn: asDbDate(summary.nextDeadline?.on),
        nextDeadlineWhat: summary.nextDeadline?.what ?? null,
        summary: summary as unknown as object,
      },
    });
    for (const p of summary.proposals) {
      if (p.status === 'PROPOSED') continue;
      await tx.jobMatch.updateMany({
        where: { id: p.matchId, openingId: summary.openingId },
        data: { status: p.status, decidedOn: asDbDate(p.decidedOn) },
      });
    }
    return { written: true };
  });
}

export interface JobOpeningMailInput {
  openingId: string;
  matchId?: string;
  workflowId: string;
  idempotencyKey: string;
  template: string;
  to: JobOpeningRecipient;
  data: Record<string, string | number>;
}

async function loadOpening(db: Db, openingId: string) {
  return db.jobOpening.findUniqueOrThrow({
    where: { id: openingId },
    include: {
      company: true,
      housingAssociation: true,
      cohort: { include: { programme: { select: { name: true } } } },
      partnership: {
        include: {
          municipality: true,
          employmentActor: { include: { staff: { where: { deactivatedAt: null }, orderBy: { id: 'asc' } } } },
        },
      },
    },
  });
}
type Opening = Awaited<ReturnType<typeof loadOpening>>;

/**
 * Who a mail goes to: the company's contact; the jobcentre's job consultants (else the employment
 * actor's contact); the city's steering coordinator (else the actor's coordinator, else its contact).
 */
function recipientsOf(o: Opening, to: JobOpeningRecipient): Array<{ name: string; email: string }> {
  const actor = o.partnership?.employmentActor;
  const actorContact = actor ? [{ name: actor.contactName, email: actor.contactEmail }] : [];
  const staff = (role: 'JOB_CONSULTANT' | 'COORDINATOR') =>
    (actor?.staff ?? []).filter((s) => s.role === role).map((s) => ({ name: s.name, email: s.email }));
  switch (to) {
    case 'company':
      return [{ name: o.company.contactName, email: o.company.contactEmail }];
    case 'consultant': {
      const consultants = staff('JOB_CONSULTANT');
      return consultants.length ? consultants : actorContact;
    }
    case 'steering': {
      if (o.partnership?.steeringEmail)
        return [{ name: o.partnership.steeringName ?? o.partnership.steeringEmail, email: o.partnership.steeringEmail }];
      const coordinators = staff('COORDINATOR');
      return coordinators.length ? coordinators.slice(0, 1) : actorContact;
    }
  }
}

export async function sendJobOpeningMail(deps: JobOpeningActivityDeps, input: JobOpeningMailInput): Promise<SendEmailResult[]> {
  const o = await loadOpening(deps.db, input.openingId);
  const match = input.matchId
    ? await deps.db.jobMatch.findUniqueOrThrow({
        where: { id: input.matchId },
        include: {
          track: { include: { participant: { select: { givenName: true, familyName: true, housingArea: true, erasedAt: true } } } },
        },
      })
    : undefined;
  const token = match ? jobMatchToken(deps.config.LINK_SECRET, match.id) : undefined;
  const actor = o.partnership?.employmentActor;
  const data = {
    ...input.data,
    programme: o.cohort?.programme.name ?? '',
    companyName: o.company.name,
    cvr: o.company.cvr,
    openingTitle: o.title,
    kindLabel: JOB_KIND_LABELS[o.kind as JobKind],
    hoursPerWeek: o.hoursPerWeek === null ? '' : String(Number(o.hoursPerWeek)),
    city: o.partnership?.municipality.name ?? '',
    associationName: o.housingAssociation?.name ?? '',
    contactName: actor?.contactName ?? '',
    contactEmail: actor?.contactEmail ?? '',
    employmentActorName: actor?.name ?? '',
    residentName:
      match && !match.track.participant.erasedAt ? `${match.track.participant.givenName} ${match.track.participant.familyName}`.trim() : '',
    housingArea: match?.track.participant.housingArea ?? '',
    acceptUrl: token ? jobMatchUrl(deps.config.PUBLIC_BASE_URL, token, 'ja') : '',
    declineUrl: token ? jobMatchUrl(deps.config.PUBLIC_BASE_URL, token, 'nej') : '',
  };
  const sent: SendEmailResult[] = [];
  for (const [i, r] of recipientsOf(o, input.to).entries()) {
    sent.push(
      await sendEmail(deps.mail, {
        idempotencyKey: i === 0 ? input.idempotencyKey : `${input.idempotencyKey}:${i}`,
        to: r.email,
        template: input.template,
        workflowId: input.workflowId,
        ...(input.to === 'company' && actor ? { replyTo: `${actor.contactName} <${actor.contactEmail}>` } : {}),
        data: { ...data, name: r.name },
      }),
    );
  }
  return sent;
}

export interface JobOpeningInvitationMailInput {
  cohortId: string;
  companyId: string;
  workflowId: string;
  idempotencyKey: string;
}

/** The company's personal link to register openings, with the jobcentre's contact as Reply-To. */
export async function sendJobOpeningInvitation(
  deps: JobOpeningActivityDeps,
  input: JobOpeningInvitationMailInput,
): Promise<SendEmailResult> {
  const [company, cohort, membership] = await Promise.all([
    deps.db.company.findUniqueOrThrow({ where: { id: input.companyId } }),
    deps.db.cohort.findUniqueOrThrow({ where: { id: input.cohortId }, include: { programme: true } }),
    deps.db.partnershipCompany.findFirst({
      where: { companyId: input.companyId, partnership: { cohortId: input.cohortId } },
      include: { partnership: { include: { employmentActor: true, municipality: true } } },
    }),
  ]);
  const actor = membership?.partnership.employmentActor;
  const url = jobOpeningRegistrationUrl(
    deps.config.PUBLIC_BASE_URL,
    jobOpeningRegistrationToken(deps.config.LINK_SECRET, input.cohortId, input.companyId),
  );
  const kinds = ((cohort.programme.config as { jobOpenings?: { kinds?: JobKind[] } }).jobOpenings?.kinds ?? []).map(
    (k) => JOB_KIND_LABELS[k],
  );
  return sendEmail(deps.mail, {
    idempotencyKey: input.idempotencyKey,
    to: company.contactEmail,
    template: 'job-opening-invitation',
    workflowId: input.workflowId,
    ...(actor ? { replyTo: `${actor.contactName} <${actor.contactEmail}>` } : {}),
    data: {
      name: company.contactName,
      companyName: company.name,
      programme: cohort.programme.name,
      city: membership?.partnership.municipality.name ?? '',
      kinds: kinds.join(', ').toLowerCase(),
      registerUrl: url,
      contactName: actor?.contactName ?? '',
      contactEmail: actor?.contactEmail ?? '',
      employmentActorName: actor?.name ?? '',
    },
  });
}

export function createJobOpeningActivities(deps: JobOpeningActivityDeps) {
  return {
    projectJobOpening: (summary: JobOpeningSummary) => projectJobOpening(deps.db, summary),
    sendJobOpeningMail: (input: JobOpeningMailInput) => sendJobOpeningMail(deps, input),
    sendJobOpeningInvitation: (input: JobOpeningInvitationMailInput) => sendJobOpeningInvitation(deps, input),
  };
}
