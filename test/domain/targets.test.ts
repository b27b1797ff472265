import { describe, expect, it } from 'vitest';
import { targetProgress } from '../../domain/targets.js';

describe('progress against the programme targets', () => {
  it('counts participants once per target, shares of the cohort rounded up, and companies', () => {
    const progress = targetProgress({
      targets: [
        { id: 'self-support', description: 'Half into full or partial self-support', counts: ['ORDINARY_JOB', 'PARTIAL_JOB'], share: 0.5 },
        { id: 'jobs', description: '60 jobs', counts: ['ORDINARY_JOB'], count: 60 },
        { id: 'companies', description: '60 companies', counts: 'COMPANIES', count: 60 },
      ],
      participants: 7,
      companies: 61,
      outcomes: [
        { participantTrackId: 'a', kind: 'ORDINARY_JOB' },
        { participantTrackId: 'a', kind: 'RETENTION' },
        { participantTrackId: 'a', kind: 'ORDINARY_JOB' },
        { participantTrackId: 'b', kind: 'PARTIAL_JOB' },
        { participantTrackId: 'c', kind: 'EDUCATION' },
        { participantTrackId: null, kind: 'ANCHORING' },
      ],
    });
    // Share: 0.5 × 7 = 3.5 → 4 participants; a and b count (c's education does not): 2 of 4 = 50 %.
    expect(progress[0]).toMatchObject({ target: 4, achieved: 2, percent: 50, met: false, counts: 'ORDINARY_JOB+PARTIAL_JOB' });
    // Jobs: only a, once: 1 of 60 = 1.66 % → 1 %.
    expect(progress[1]).toMatchObject({ target: 60, achieved: 1, percent: 1, met: false });
    expect(progress[2]).toMatchObject({ target: 60, achieved: 61, percent: 101, met: true });
  });

  it('reads Business Training 215 of 256 against a share of 0.8', () => {
    // 0.8 × 256 = 204.8 → 205 needed; 215 ≥ 205; 215 × 100 / 205 = 104.87 → 104 %.
    const outcomes = Array.from({ length: 215 }, (_, i) => ({ participantTrackId: `p${i}`, kind: 'ORDINARY_JOB' as const }));
    const [p] = targetProgress({
      targets: [{ id: 'closer', description: 'Into work or closer', counts: ['ORDINARY_JOB'], share: 0.8 }],
      participants: 256,
      companies: 0,
      outcomes,
    });
    expect(p).toMatchObject({ target: 205, achieved: 215, percent: 104, met: true });
  });
});
