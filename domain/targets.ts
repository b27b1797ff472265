// Progress against a programme's targets (e.g. SIB: half into full or partial self-support;
// housing job-match: 60 jobs, 60 internships, 60 companies). Pure.
//
// A target over outcome kinds counts participants (distinct participant tracks) with at least one
// counted outcome of those kinds, so a participant with a job and a retention check counts once.
// A share target is a share of the participants, rounded up to whole participants. A count stated
// of a count ("215 of 256") is scaled in whole numbers, so 215 of 256 needs exactly 215, never a
// share's rounding of it. An absolute count (60 jobs, 9 companies) is the whole cohort's: a report of
// one municipality shows its contribution to it, judged only for the cohort.
import type { OutcomeKind, Programme } from './programme.js';

export interface TargetProgressInput {
  targets: Programme['targets'];
  participants: number;
  companies: number;
  /** Outcomes that count (withdrawn outcomes left out by the caller). */
  outcomes: { participantTrackId: string | null; kind: OutcomeKind }[];
  /** The report covers one municipality of the cohort, not the whole cohort. */
  partOfCohort?: boolean;
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
  /** Null where the target is the cohort's and this report covers only a part of it. */
  met: boolean | null;
  /** `cohort`: the target is judged for the cohort as a whole; `participants`: for the participants counted here. */
  judgedFor: 'cohort' | 'participants';
  /** True where `achieved` is this municipality's contribution to a cohort-wide target. */
  contribution: boolean;
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
    const target = targetOf(t, input.participants);
    const judgedFor = t.count !== undefined && t.of === undefined ? 'cohort' : 'participants';
    const contribution = judgedFor === 'cohort' && input.partOfCohort === true;
    return {
      id: t.id,
      description: t.description,
      counts: t.counts === 'COMPANIES' ? 'COMPANIES' : t.counts.join('+'),
      target,
      achieved,
      percent: target === 0 ? 100 : Math.floor((achieved * 100) / target),
      met: contribution ? null : achieved >= target,
      judgedFor,
      contribution,
    };
  });
}

/** Whole participants (or companies) needed among `participants`. */
function targetOf(t: Programme['targets'][number], participants: number): number {
  // A count of a count in whole numbers: ⌈count × participants ÷ of⌉, exact.
  if (t.count !== undefined && t.of !== undefined) return ceilDiv(t.count * participants, t.of);
  if (t.count !== undefined) return t.count;
  // Shares are decimals such as 0.5; a tiny tolerance keeps 0.3 × 10 from becoming 4.
  return Math.ceil((t.share ?? 0) * participants - 1e-9);
}

function ceilDiv(a: number, b: number): number {
  return Math.floor((a + b - 1) / b);
}
