// Job openings and matches in the cohort report: per kind (registered, open, filled, withdrawn,
// proposals, accepted, declined), and per target of the programme over outcome kinds — an opening
// counts towards the target its hire would count for (HIRE_OUTCOME: a flex job towards the jobs, an
// apprenticeship towards the internships and apprenticeships). Pure.
import { HIRE_OUTCOME } from './job-kinds.js';
import { JOB_KINDS, type JobKind, type Programme } from './programme.js';

export interface JobOpeningFact {
  companyId: string;
  kind: JobKind;
  status: 'OPEN' | 'FILLED' | 'WITHDRAWN';
  matches: { status: 'PROPOSED' | 'ACCEPTED' | 'DECLINED' }[];
}

export interface JobOpeningCounts {
  registered: number;
  open: number;
  filled: number;
  withdrawn: number;
  proposals: number;
  accepted: number;
  declined: number;
}

export interface JobOpeningReport {
  byKind: Array<{ kind: JobKind } & JobOpeningCounts>;
  total: JobOpeningCounts;
  /** Per target over outcome kinds: the openings that count towards it, and those filled, against its number. */
  byTarget: Array<{ targetId: string; description: string; kinds: JobKind[]; target: number | null; registered: number; filled: number }>;
  /** Companies that registered at least one opening. */
  companies: number;
}

const zero = (): JobOpeningCounts => ({ registered: 0, open: 0, filled: 0, withdrawn: 0, proposals: 0, accepted: 0, declined: 0 });

function add(c: JobOpeningCounts, o: JobOpeningFact): void {
  c.registered++;
  if (o.status === 'OPEN') c.open++;
  else if (o.status === 'FILLED') c.filled++;
  else c.withdrawn++;
  c.proposals += o.matches.length;
  c.accepted += o.matches.filter((m) => m.status === 'ACCEPTED').length;
  c.declined += o.matches.filter((m) => m.status === 'DECLINED').length;
}

export function jobOpeningReport(
  programme: Pick<Programme, 'targets' | 'jobOpenings'>,
  openings: readonly JobOpeningFact[],
): JobOpeningReport {
  const kinds = JOB_KINDS.filter((k) => (programme.jobOpenings?.kinds ?? []).includes(k) || openings.some((o) => o.kind === k));
  const byKind = kinds.map((kind) => {
    const c = zero();
    for (const o of openings) if (o.kind === kind) add(c, o);
    return { kind, ...c };
  });
  const total = zero();
  for (const o of openings) add(total, o);
  const byTarget = programme.targets.flatMap((t) => {
    if (t.counts === 'COMPANIES') return [];
    const counted = new Set<string>(t.counts);
    const targetKinds = JOB_KINDS.filter((k) => counted.has(HIRE_OUTCOME[k]));
    if (targetKinds.length === 0) return [];
    const mine = openings.filter((o) => targetKinds.includes(o.kind));
    return [
      {
        targetId: t.id,
        description: t.description,
        kinds: targetKinds,
        // A share of participants has no number of openings to stand against.
        target: t.count !== undefined && t.of === undefined ? t.count : null,
        registered: mine.length,
        filled: mine.filter((o) => o.status === 'FILLED').length,
      },
    ];
  });
  return { byKind, total, byTarget, companies: new Set(openings.map((o) => o.companyId)).size };
}
