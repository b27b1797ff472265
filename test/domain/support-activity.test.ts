import { describe, expect, it } from 'vitest';
import { groupSessionRefusal, SUPPORT_CONTACT_KINDS, supportContactRefusal } from '../../domain/support-activity.js';

const PHASES = ['ENROLLED', 'WORK_READINESS', 'JOB_TRAINING', 'RETENTION', 'COMPLETED', 'DROPPED_OUT', 'TRANSFERRED'];

describe('what support work may be logged in which phase of a track', () => {
  it('conversations while the track runs, employer contacts while looking for work, follow-along only after a hire', () => {
    const allowed = Object.fromEntries(
      SUPPORT_CONTACT_KINDS.map((k) => [k, PHASES.filter((p) => supportContactRefusal(k, p) === undefined)]),
    );
    expect(allowed).toEqual({
      INDIVIDUAL_CONVERSATION: ['WORK_READINESS', 'JOB_TRAINING', 'RETENTION'],
      EMPLOYER_CONTACT: ['WORK_READINESS', 'JOB_TRAINING'],
      FOLLOW_ALONG: ['RETENTION'],
    });
    expect(supportContactRefusal('FOLLOW_ALONG', 'JOB_TRAINING')).toBe(
      'the track is JOB_TRAINING: follow-along support comes after a hire',
    );
  });

  it('group teaching is for participants in training', () => {
    expect(PHASES.filter((p) => groupSessionRefusal(p) === undefined)).toEqual(['WORK_READINESS', 'JOB_TRAINING']);
  });
});
