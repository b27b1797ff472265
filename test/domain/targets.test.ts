import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { programmeSchema } from '../../domain/programme.js';
import { targetProgress } from '../../domain/targets.js';

const programme = (file: string) =>
  programmeSchema.parse(parse(readFileSync(new URL(`../../programmes/${file}`, import.meta.url), 'utf8')));
const jobs = (n: number) => Array.from({ length: n }, (_, i) => ({ participantTrackId: `p${i}`, kind: 'ORDINARY_JOB' as const }));

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

  it('counts the shipped Business Training target as the source states it: 215 of 256 is met, 100 %', () => {
    // The template says 215 of 256 (not 0.84, whose 0.84 × 256 = 215.04 would need 216 and read 99 %).
    const bt = programme('business-training.yaml');
    const [p] = targetProgress({ targets: bt.targets, participants: 256, companies: 0, outcomes: jobs(215) });
    expect(p).toMatchObject({ target: 215, achieved: 215, percent: 100, met: true, judgedFor: 'participants' });
    const [under] = targetProgress({ targets: bt.targets, participants: 256, companies: 0, outcomes: jobs(214) });
    expect(under).toMatchObject({ target: 215, met: false, percent: 99 });
    // Kolding's 20: ⌈215 × 20 ÷ 256⌉ = ⌈16.80⌉ = 17, in whole numbers.
    const [kolding] = targetProgress({ targets: bt.targets, participants: 20, companies: 0, outcomes: jobs(17) });
    expect(kolding).toMatchObject({ target: 17, met: true });
  });

  it('judges cluster-wide counts for the cohort; a municipality shows its contribution, not "not met"', () => {
    const dual = programme('growth-partnership-2019.yaml');
    const whole = targetProgress({ targets: dual.targets, participants: 10, companies: 9, outcomes: jobs(4) });
    expect(whole.find((t) => t.id === 'companies')).toMatchObject({
      target: 9,
      achieved: 9,
      met: true,
      judgedFor: 'cohort',
      contribution: false,
    });
    // Kolding has 1 of the cluster's 9 places: its 1 company is a contribution, judged with the others.
    const kolding = targetProgress({ targets: dual.targets, participants: 5, companies: 1, outcomes: jobs(2), partOfCohort: true });
    expect(kolding.find((t) => t.id === 'companies')).toMatchObject({ target: 9, achieved: 1, met: null, contribution: true });
    // A share holds for any part: 0.4 × 5 = 2 of Kolding's participants, judged there.
    expect(kolding.find((t) => t.id === 'into-work-or-education')).toMatchObject({
      target: 2,
      achieved: 2,
      met: true,
      contribution: false,
    });

    const housing = programme('housing-job-match.yaml');
    const viborg = targetProgress({ targets: housing.targets, participants: 70, companies: 30, outcomes: jobs(30), partOfCohort: true });
    expect(viborg.map((t) => [t.id, t.achieved, t.met])).toEqual([
      ['jobs', 30, null],
      ['internships', 0, null],
      ['companies', 30, null],
    ]);
  });

  it('refuses a count of a count that cannot be one', () => {
    const base = { id: 't', description: 'd', counts: ['ORDINARY_JOB'] };
    const issues = (t: object) =>
      programmeSchema.shape.targets.safeParse([t]).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(issues({ ...base, count: 215, of: 256 })).toEqual([]);
    expect(issues({ ...base, share: 0.5, of: 256 })).toEqual(['0.of: of goes with count ("count: 215, of: 256")']);
    expect(issues({ ...base, count: 257, of: 256 })).toEqual(['0.count: a count of 256 is at most 256']);
    expect(issues({ ...base, counts: 'COMPANIES', count: 9, of: 12 })).toEqual([
      '0.of: a companies target is a number of companies, without of',
    ]);
  });
});
