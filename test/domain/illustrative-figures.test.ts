import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProgrammeFile, PROGRAMMES_DIR } from '../../client/operations/files.js';
import { programmeSchema, valueAt } from '../../domain/programme.js';
import { pbrProgrammeTemplate } from '../support/pbr-fixtures.js';

// A template says which of its figures the sources do not give; the reports list them with their values.
describe('illustrative figures of a programme template', () => {
  it('a path is read through objects, list elements by id, and indices', () => {
    const p = programmeSchema.parse(pbrProgrammeTemplate);
    expect(valueAt(p, 'participant.workReadiness.hoursPerWeek')).toBe(p.participant.workReadiness.hoursPerWeek);
    const line = p.rateCard.lines[0]!;
    expect(valueAt(p, `rateCard.lines.${line.id}.amount`)).toBe(line.amount);
    expect(valueAt(p, 'rateCard.lines.0.amount')).toBe(line.amount);
    expect(valueAt(p, 'rateCard.lines.no-such-line.amount')).toBeUndefined();
    expect(valueAt(p, 'participant.workReadiness.hoursPerWeek.more')).toBeUndefined();
  });

  it('a path that names no field of the template is refused where it is written', () => {
    const r = programmeSchema.safeParse({
      ...pbrProgrammeTemplate,
      illustrative: [
        { path: 'price', why: 'invented' },
        { path: 'company.accelerator.campEveryWeek', why: 'a typo' },
      ],
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['illustrative.1.path', 'company.accelerator.campEveryWeek names no field of this template'],
    ]);
  });

  it("the shipped templates mark the figures their sources do not give: SIB's 4 + 22 weeks, the camp and coaching rhythm, the 40 % target", async () => {
    const marked = async (id: string) => (await loadProgrammeFile(join(PROGRAMMES_DIR, `${id}.yaml`))).illustrative.map((f) => f.path);
    expect(await marked('sib-business-training-ips')).toEqual(
      expect.arrayContaining(['participant.workReadiness.length', 'participant.jobTraining.length', 'price']),
    );
    expect(await marked('growth-partnership-2019')).toEqual(
      expect.arrayContaining([
        'company.accelerator.campEveryWeeks',
        'company.accelerator.coachingEveryWeeks',
        'targets.into-work-or-education.share',
        'rateCard.lines',
      ]),
    );
    expect(await marked('business-training')).toEqual(expect.arrayContaining(['price', 'rateCard.lines']));
    expect(await marked('housing-job-match')).toEqual(expect.arrayContaining(['price', 'rateCard.lines']));
  });
});
