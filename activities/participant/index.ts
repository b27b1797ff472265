// The participant track's activities, bound to their dependencies (see activities/index.ts).
import type { Db } from '../../prisma/client.js';
import type { MailDeps } from '../mail/send-email.js';
import type { TrackSummary } from '../../contracts/participant-track.js';
import { writeAttendance, type AttendanceRowInput } from './attendance.js';
import { sendParticipantMail, type LinkConfig, type ParticipantMailInput } from './mail.js';
import { placeInCompany, type PlacementCheckInput } from './placement.js';
import { projectParticipantTrack } from './projection.js';
import { assignMentor } from './staff.js';

export function createParticipantActivities(deps: { db: Db; mail: MailDeps; config?: LinkConfig }) {
  const { db } = deps;
  return {
    projectParticipantTrack: (summary: TrackSummary) => projectParticipantTrack(db, summary),
    writeAttendance: (input: AttendanceRowInput) => writeAttendance(db, input),
    assignParticipantMentor: (input: { trackId: string; staffMemberId: string }) => assignMentor(db, input),
    placeParticipantInCompany: (input: PlacementCheckInput) => placeInCompany(db, input),
    sendParticipantMail: (input: ParticipantMailInput) => sendParticipantMail(deps, input),
  };
}
