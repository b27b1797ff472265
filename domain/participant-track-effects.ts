// What the participant agenda asks the world to do, as plain data: the workflow turns each effect into
// an activity call or a search-attribute upsert, in the order given. Ids, dates and numbers only.
import type { LocalDate } from './calendar.js';
import type { ParticipantTrackPhase, ParticipantTrackState } from './participant-track-state.js';

/** Who a track e-mail goes to; the activity looks the person up by the track's ids. */
export type TrackRecipient = 'responsibleStaff' | 'coordinator' | 'supportPerson' | 'companyContact';
export type MailData = Record<string, string | number | boolean | string[]>;

/** A reminder held back at the start of a track whose dates lie in the past, told in the digest instead. */
export interface HeldBackNotice {
  template: string;
  data: MailData;
}

export type ParticipantTrackEffect =
  /** Keep the Phase search attribute in step with the phase. */
  | { kind: 'phase'; phase: ParticipantTrackPhase }
  /** Write the summary to the read model (skipped by the workflow when unchanged). */
  | { kind: 'project' }
  /** Send one e-mail; a failure does not stop the track (the outbox shows it). */
  | { kind: 'mail'; idempotencyKey: string; template: string; to: TrackRecipient; data: MailData }
  /** One e-mail to the coordinator listing the reminders held back at the start. */
  | { kind: 'digest'; idempotencyKey: string; to: 'coordinator'; begunOn: LocalDate; notices: HeldBackNotice[] }
  /** A transfer: the progress the new track continues from. */
  | { kind: 'hand-over'; carried: ParticipantTrackState };
