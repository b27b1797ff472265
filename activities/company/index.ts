import type { Config } from '../../config/index.js';
import type { Db } from '../../prisma/client.js';
import type { MailDeps } from '../mail/send-email.js';
import { ensureCohortCamps, getCamp, type EnsureCohortCampsInput } from './camps.js';
import {
  ensureCampInvitation,
  markCampHeld,
  sendCampCoordinatorList,
  sendCampMail,
  sendCampNoShow,
  type SendCampMailInput,
} from './invitations.js';
import type { Locale } from '../../contracts/locale.js';
import {
  municipalityClosingDays,
  projectCompanyTrack,
  reserveAcceleratorSlot,
  sendCompanyMail,
  type ProjectCompanyTrackInput,
  type SendCompanyMailInput,
} from './track.js';

export interface CompanyActivityDeps {
  db: Db;
  mail: MailDeps;
  config: Pick<Config, 'MAIL_FROM' | 'PUBLIC_BASE_URL' | 'LINK_SECRET'>;
}

/** The company track's activities: camps, invitations, RSVPs, attendance, the track's projection. */
export function createCompanyActivities(deps: CompanyActivityDeps) {
  return {
    ensureCohortCamps: (input: EnsureCohortCampsInput) => ensureCohortCamps(deps.db, input),
    getCamp: (campId: string) => getCamp(deps.db, campId),
    ensureCampInvitation: (input: { campId: string; companyId: string }) => ensureCampInvitation(deps, input),
    sendCampMail: (input: SendCampMailInput) => sendCampMail(deps, input),
    sendCampCoordinatorList: (input: { campId: string; list: 'non-responders' | 'attendance-due'; locale?: Locale; workflowId?: string }) =>
      sendCampCoordinatorList(deps, input),
    sendCampNoShow: (input: { campId: string; companyId: string; locale?: Locale; workflowId?: string }) => sendCampNoShow(deps, input),
    markCampHeld: (input: { campId: string }) => markCampHeld(deps, input),
    projectCompanyTrack: (input: ProjectCompanyTrackInput) => projectCompanyTrack(deps.db, input),
    municipalityClosingDays: (municipalityCode: string) => municipalityClosingDays(deps.db, municipalityCode),
    reserveAcceleratorSlot: (input: { trackId: string; cohortId: string; municipalityCode: string }) =>
      reserveAcceleratorSlot(deps.db, input),
    sendCompanyMail: (input: SendCompanyMailInput) => sendCompanyMail(deps, input),
  };
}
