import { ApplicationFailure } from '@temporalio/common';
import { REJECTION } from '../../contracts/rejection.js';
import { utcMidnightOf, type LocalDate } from '../../domain/calendar.js';
import type { CompanyPhase, Db, Prisma } from '../../prisma/client.js';
import { closingDaysOf } from '../../prisma/closing-days.js';
import type { Locale } from '../../contracts/locale.js';
import { sendEmailBatch } from '../mail/send-batch.js';
import { companyContacts, coordinatorContact, employmentActorContact, programmeName, type Contact } from './contacts.js';
import { freeText } from '../../store/free-text.js';
import type { CampActivityDeps } from './invitations.js';
import { anchoringAnswerUrl, anchoringToken } from '../../links/anchoring-token.js';

const SELECTED_PHASES: CompanyPhase[] = ['ACCELERATOR', 'ANCHORING', 'COMPLETED'];

export interface ProjectCompanyTrackInput {
  trackId: string;
  workflowId: string;
  cohortId: string;
  companyId: string;
  partnershipId: string;
  phase: CompanyPhase;
  /** Absent when scheduled by workflow code older than company-track pauses: not paused. */
  paused?: boolean;
  nextDeadlineOn: LocalDate | null;
  nextDeadlineWhat: string | null;
  overdueCount: number;
  anchoringStatus: string | null;
  summary: Record<string, unknown>;
}

/** The track's row for operators' lists, written whenever the workflow's state changes. */
export async function projectCompanyTrack(db: Db, input: ProjectCompanyTrackInput): Promise<void> {
  const data = {
    phase: input.phase,
    paused: input.paused ?? false,
    nextDeadlineOn: input.nextDeadlineOn ? utcMidnightOf(input.nextDeadlineOn) : null,
    nextDeadlineWhat: input.nextDeadlineWhat,
    overdueCount: input.overdueCount,
    anchoringStatus: input.anchoringStatus,
    summary: input.summary as Prisma.InputJsonValue,
  };
  await db.companyTrack.upsert({
    where: { id: input.trackId },
    update: data,
    create: {
      id: input.trackId,
      workflowId: input.workflowId,
      cohortId: input.cohortId,
      companyId: input.companyId,
      partnershipId: input.partnershipId,
      ...data,
    },
  });
}

export async function municipalityClosingDays(db: Db, municipalityCode: string): Promise<LocalDate[]> {
  return closingDaysOf(db, { code: municipalityCode });
}

/** Companies selected into the accelerator in one municipality of a cohort. */
export async function selectedCount(
  db: Db | Prisma.TransactionClient,
  cohortId: string,
  municipalityCode: string,
  exceptTrackId?: string,
): Promise<number> {
  return db.companyTrack.count({
    where: {
      cohortId,
      phase: { in: SELECTED_PHASES },
      partnership: { municipalityCode },
      ...(exceptTrackId ? { id: { not: exceptTrackId } } : {}),
    },
  });
}

/**
 * Takes one of the municipality's accelerator slots for the track, atomically (an advisory lock per
 * cohort and municipality serialises concurrent selections). Refused with nothing written when the
 * slots are taken; taking the slot again for the same track is harmless.
 */
export async function reserveAcceleratorSlot(
  db: Db,
  input: { trackId: string; cohortId: string; municipalityCode: string },
): Promise<{ slots: number; taken: number }> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`slots:${input.cohortId}:${input.municipalityCode}`}))`;
    const cm = await tx.cohortMunicipality.findUniqueOrThrow({
      where: { cohortId_municipalityCode: { cohortId: input.cohortId, municipalityCode: input.municipalityCode } },
    });
    const taken = await selectedCount(tx, input.cohortId, input.municipalityCode, input.trackId);
    if (taken >= cm.slots) {
      throw ApplicationFailure.create({
        type: REJECTION.slotsExceeded,
        nonRetryable: true,
        message: `municipality ${input.municipalityCode} has ${cm.slots} accelerator slot(s) in cohort ${input.cohortId}, all taken`,
        details: [{ code: 'SLOTS_EXCEEDED', field: 'selected', slots: cm.slots, taken }],
      });
    }
    await tx.companyTrack.update({ where: { id: input.trackId }, data: { phase: 'ACCELERATOR' } });
    return { slots: cm.slots, taken: taken + 1 };
  });
}

export type CompanyMailRecipient = 'COMPANY' | 'EMPLOYMENT_ACTOR' | 'COORDINATOR';

export interface SendCompanyMailInput {
  trackId: string;
  cohortId: string;
  companyId: string;
  partnershipId: string;
  to: CompanyMailRecipient;
  template: string;
  /** The business event, part of the idempotency key (e.g. `milestone:onboarding:reminder`). */
  step: string;
  /** Non-personal values from the workflow: dates, titles, numbers. */
  data: Record<string, unknown>;
  /** A problem report (AuditLog id) whose text (in FreeText) the message quotes. */
  reportId?: string;
  locale?: Locale;
  workflowId?: string;
}

/**
 * A company-track message to the company (every address), the employment actor's contact or the
 * coordinator. Names, addresses and free text are looked up here, never carried by the workflow.
 */
export async function sendCompanyMail(deps: CampActivityDeps, input: SendCompanyMailInput): Promise<{ sentNow: number }> {
  const locale = input.locale ?? 'da';
  const { cvr, companyName, contacts } = await companyContacts(deps.db, input.companyId);
  const actor = await employmentActorContact(deps.db, input.partnershipId);
  const recipients: Contact[] =
    input.to === 'COMPANY'
      ? contacts
      : input.to === 'EMPLOYMENT_ACTOR'
        ? [actor]
        : [await coordinatorContact(deps.db, deps.config.MAIL_FROM)];
  let description = '';
  if (input.reportId) {
    const report = await deps.db.auditLog.findUniqueOrThrow({ where: { id: BigInt(input.reportId) } });
    // The audit row keeps the text's id only (older rows' texts were moved to FreeText by a migration).
    const { descriptionId } = report.details as { descriptionId: string };
    description = await freeText(deps.db, descriptionId);
  }
  const company = await deps.db.company.findUniqueOrThrow({ where: { id: input.companyId } });
  const programme = await programmeName(deps.db, input.cohortId);
  // An anchoring check carries the company's personal answer link; the employment actor answers by its contact.
  const anchoring =
    input.template === 'company-anchoring-check'
      ? {
          answerUrl:
            input.to === 'COMPANY' && typeof input.data.checkNo === 'number'
              ? anchoringAnswerUrl(deps.config.PUBLIC_BASE_URL, anchoringToken(deps.config.LINK_SECRET, input.trackId, input.data.checkNo))
              : '',
        }
      : {};
  // Every address has its row before the first is sent: one failing never loses the others.
  const results = await sendEmailBatch(
    deps.mail,
    recipients.map((to, i) => ({
      idempotencyKey: `company:${input.trackId}:${input.step}:${input.to.toLowerCase()}:${i}`,
      to: to.email,
      template: input.template,
      locale,
      workflowId: input.workflowId,
      data: {
        ...input.data,
        programme,
        name: to.name,
        companyName,
        cvr,
        companyContact: `${company.contactName} <${company.contactEmail}>`,
        employmentActor: actor.actorName,
        employmentActorContact: `${actor.name} <${actor.email}>`,
        description,
        ...anchoring,
      },
    })),
  );
  return { sentNow: results.filter((r) => r.sentNow).length };
}
