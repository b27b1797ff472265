// Progress against a programme's targets (e.g. SIB: half into full or partial self-support;
// housing job-match: 60 jobs, 60 internships, 60 companies). Pure.
//
// A target over outcome kinds counts participants (distinct participant tracks) with at least one
// counted outcome of those kinds, so a participant with a job and a retention check counts once.
// A share target is a share of the participants, rounded up to whole participants.
import type { OutcomeKind, Programme } from './programme.js';

export interface TargetProgressInput {
  targets: Programme['targets'];
  participants: number;
  companies: number;
  /** Outcomes that count (withdrawn outcomes left out by the caller). */
  outcomes: { participantTrackId: string | null; kind: OutcomeKind }[];
}

export interface TargetProgress {
  id: string;
  description: string;
  /** What is counted: outcome kinds, or COMPANIES. */
  counts: string;
  target: number;
  achieved: number;
  /** achieved ÷ target in whole percent (rounded down), 100 when the target is 0. */
  percent: number;
  met: boolean;
}

export function targetProgress(input: TargetProgressInput): TargetProgress[] {
  return input.targets.map((t) => {
    let achieved: number;
    if (t.counts === 'COMPANIES') {
      achieved = input.companies;
    } else {
      const kinds = new Set<OutcomeKind>(t.counts);
      achieved = new Set(input.outcomes.filter((o) => o.participantTrackId && kinds.has(o.kind)).map((o) => o.participantTrackId)).size;
    }
    // Shares are decimals such as 0.5; a tiny tolerance keeps 0.3 × 10 from becoming 4.
    const target = t.count ?? Math.ceil((t.share ?? 0) * input.participants - 1e-9);
    return {
      id: t.id,
      description: t.description,
      counts: t.counts === 'COMPANIES' ? 'COMPANIES' : t.counts.join('+'),
      target,
      achieved,
      percent: target === 0 ? 100 : Math.floor((achieved * 100) / target),
      met: achieved >= target,
    };
  });
}
