import type { Transporter } from 'nodemailer';
import type { Config } from '../config/index.js';
import type { Db } from '../prisma/client.js';
import { sendEmail, type SendEmailInput } from './mail/send-email.js';
import { resendEmail, type ResendEmailInput } from './mail/resend-email.js';
import { createParticipantActivities } from './participant/index.js';
import { createCohortActivities } from './cohort.js';
import { createCompanyActivities } from './company/index.js';
import { createJobOpeningActivities } from './job-opening.js';
import { createCooperationActivities } from './company-cooperation.js';
import { sendCompanyDigest, sendParticipantDigest, type CompanyDigestInput, type ParticipantDigestInput } from './digest.js';
import {
  permanentOnDomainError,
  recordOutcome,
  reverseLedgerEntry,
  type RecordOutcomeInput,
  type RecordOutcomeResult,
  type ReverseLedgerEntryInput,
  type ReverseLedgerEntryResult,
} from '../store/ledger.js';

export interface ActivityDeps {
  db: Db;
  mailer: Transporter;
  config: Pick<Config, 'MAIL_FROM' | 'PUBLIC_BASE_URL' | 'LINK_SECRET' | 'TZ_PROGRAMME'>;
}

/**
 * All activities, bound to their dependencies. The worker builds the dependencies once (one Prisma
 * client, one pooled SMTP transport); workflows import only the type of this object.
 */
export function createActivities(deps: ActivityDeps) {
  const mail = { db: deps.db, transport: deps.mailer, from: deps.config.MAIL_FROM };
  return {
    sendEmail: (input: SendEmailInput) => sendEmail(mail, input),
    resendEmail: (input: ResendEmailInput) => resendEmail(mail, input),
    ...createParticipantActivities({ db: deps.db, mail, config: deps.config }),
    ...createCohortActivities({ db: deps.db }),
    ...createCompanyActivities({ db: deps.db, mail, config: deps.config }),
    ...createJobOpeningActivities({ db: deps.db, mail, config: deps.config }),
    ...createCooperationActivities({ db: deps.db, mail, config: deps.config }),
    sendParticipantDigest: (input: ParticipantDigestInput) => sendParticipantDigest({ db: deps.db, mail }, input),
    sendCompanyDigest: (input: CompanyDigestInput) => sendCompanyDigest({ db: deps.db, mail, config: deps.config }, input),
    recordOutcome: (input: RecordOutcomeInput): Promise<RecordOutcomeResult> => permanentOnDomainError(() => recordOutcome(deps.db, input)),
    reverseLedgerEntry: (input: ReverseLedgerEntryInput): Promise<ReverseLedgerEntryResult> =>
      permanentOnDomainError(() => reverseLedgerEntry(deps.db, input)),
  };
}

export type Activities = ReturnType<typeof createActivities>;
