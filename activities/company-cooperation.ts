// A company cooperation's side effects: its projection into the CompanyCooperation row (lists and the
// report read it) and its e-mails. Names, addresses and the problem's text are looked up here from
// PostgreSQL; the workflow passes ids, numbers and dates. Every mail goes through the outbox under a
// key of its business event, so a retry or a replay never sends twice.
import type { Config } from '../config/index.js';
import { utcMidnightOf } from '../domain/calendar.js';
import type { CooperationRecipient, CooperationSummary } from '../domain/company-cooperation-agenda.js';
import { cooperationCheckToken, cooperationCheckUrl } from '../links/cooperation-token.js';
import type { Db, Prisma } from '../prisma/client.js';
import { freeText } from '../store/free-text.js';
import { companyContacts, coordinatorContact, employmentActorContact, programmeName, type Contact } from './company/contacts.js';
import { sendEmailBatch } from './mail/send-batch.js';
import type { MailDeps } from './mail/send-email.js';

export interface CooperationActivityDeps {
  db: Db;
  mail: MailDeps;
  config: Pick<Config, 'MAIL_FROM' | 'PUBLIC_BASE_URL' | 'LINK_SECRET'>;
}

/** Writes the summary into the cooperation's row; an older summary never overwrites a newer one. */
export async function projectCompanyCooperation(db: Db, summary: CooperationSummary): Promise<{ written: boolean }> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<Array<{ version: number | null }>>`
      SELECT (summary->>'version')::int AS version FROM "CompanyCooperation" WHERE id = ${summary.cooperationId} FOR UPDATE`;
    if (rows.length === 0 || (rows[0]?.version ?? -1) > summary.version) return { written: false };
    await tx.companyCooperation.update({
      where: { id: summary.cooperationId },
      data: {
        status: summary.status,
        endedOn: summary.endedOn ? utcMidnightOf(summary.endedOn) : null,
        nextDeadlineOn: summary.nextDeadline ? utcMidnightOf(summary.nextDeadline.on) : null,
        nextDeadlineWhat: summary.nextDeadline?.what ?? null,
        summary: summary as unknown as Prisma.InputJsonValue,
      },
    });
    return { written: true };
  });
}

export interface CooperationMailInput {
  cooperationId: string;
  workflowId: string;
  /** The business event (`check:2`, `problem:41:reminder`), part of the idempotency key. */
  key: string;
  template: string;
  to: CooperationRecipient;
  checkNo?: number;
  reportId?: string;
  data: Record<string, string | number>;
}

/**
 * A cooperation's mail: a follow-up check to every address of the company (with its answer link), a
 * problem report or its reminder to the employment actor's contact, an escalation to the
 * partnership's steering contact (else the coordinator).
 */
export async function sendCooperationMail(deps: CooperationActivityDeps, input: CooperationMailInput): Promise<{ sentNow: number }> {
  const { db, config } = deps;
  const c = await db.companyCooperation.findUniqueOrThrow({ where: { id: input.cooperationId }, include: { partnership: true } });
  const { cvr, companyName, contacts } = await companyContacts(db, c.companyId);
  const actor = await employmentActorContact(db, c.partnershipId);
  const steering: Contact = c.partnership.steeringEmail
    ? { name: c.partnership.steeringName ?? c.partnership.steeringEmail, email: c.partnership.steeringEmail }
    : await coordinatorContact(db, config.MAIL_FROM);
  const recipients = input.to === 'company' ? contacts : input.to === 'employment-actor' ? [actor] : [steering];
  let description = '';
  if (input.reportId) {
    const report = await db.auditLog.findUniqueOrThrow({ where: { id: BigInt(input.reportId) } });
    description = await freeText(db, (report.details as { descriptionId: string }).descriptionId);
  }
  const answerUrl =
    input.checkNo !== undefined
      ? cooperationCheckUrl(config.PUBLIC_BASE_URL, cooperationCheckToken(config.LINK_SECRET, c.id, input.checkNo))
      : '';
  const company = contacts[0]!;
  const programme = await programmeName(db, c.cohortId);
  const results = await sendEmailBatch(
    deps.mail,
    recipients.map((to, i) => ({
      idempotencyKey: `cooperation:${c.id}:${input.key}:${input.to}:${i}`,
      to: to.email,
      template: input.template,
      workflowId: input.workflowId,
      // The company's answer by mail reaches its contact person at the employment actor.
      ...(input.to === 'company' ? { replyTo: `${actor.name} <${actor.email}>` } : {}),
      data: {
        ...input.data,
        afterHire: input.data.reason === 'HIRE' || input.data.reason === 'PLACEMENT',
        programme,
        name: to.name,
        companyName,
        cvr,
        companyContact: `${company.name} <${company.email}>`,
        employmentActor: actor.actorName,
        employmentActorContact: `${actor.name} <${actor.email}>`,
        description,
        answerUrl,
      },
    })),
  );
  return { sentNow: results.filter((r) => r.sentNow).length };
}

export function createCooperationActivities(deps: CooperationActivityDeps) {
  return {
    projectCompanyCooperation: (summary: CooperationSummary) => projectCompanyCooperation(deps.db, summary),
    sendCooperationMail: (input: CooperationMailInput) => sendCooperationMail(deps, input),
  };
}
