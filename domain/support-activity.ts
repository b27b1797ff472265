// What a programme's support work may log, and when: group-teaching sessions (Business Training's
// teaching alongside the internships) and a participant's support contacts — individual conversations,
// contacts with employers on the participant's behalf (IPS job development), and follow-along support
// after the hire (IPS). Pure: the operations read the track's phase and ask here.

export const SUPPORT_CONTACT_KINDS = ['INDIVIDUAL_CONVERSATION', 'EMPLOYER_CONTACT', 'FOLLOW_ALONG'] as const;
export type SupportContactKind = (typeof SUPPORT_CONTACT_KINDS)[number];

/** Bounds: a session is part of a 37-hour week; a contact lasts at most a working day. */
export const SESSION_HOURS_MAX = 8;
export const CONTACT_MINUTES_MAX = 480;

const TRAINING = ['WORK_READINESS', 'JOB_TRAINING'];

/**
 * Why a contact of this kind cannot be logged for a track in this phase, or undefined when it can:
 * conversations while the track runs, employer contacts while the participant looks for work (the
 * training phases), follow-along support only after the hire (the retention follow-ups).
 */
export function supportContactRefusal(kind: SupportContactKind, phase: string): string | undefined {
  switch (kind) {
    case 'INDIVIDUAL_CONVERSATION':
      return [...TRAINING, 'RETENTION'].includes(phase) ? undefined : `the track is ${phase}: conversations are logged while it runs`;
    case 'EMPLOYER_CONTACT':
      return TRAINING.includes(phase)
        ? undefined
        : `the track is ${phase}: employer contacts are logged while the participant looks for work`;
    case 'FOLLOW_ALONG':
      return phase === 'RETENTION' ? undefined : `the track is ${phase}: follow-along support comes after a hire`;
  }
}

/** Why a participant in this phase cannot be counted in a group session, or undefined. */
export function groupSessionRefusal(phase: string): string | undefined {
  return TRAINING.includes(phase) ? undefined : `the track is ${phase}: group teaching is for participants in training`;
}
