import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidCvr } from '../domain/cohort-file.js';
import {
  FileValidationError,
  INVALID_FILE,
  loadCohortFile,
  loadProgrammeFile,
  PROGRAMMES_DIR,
  type FileIssue,
} from '../client/operations/files.js';
import { renderSchemas } from '../scripts/generate-schemas.js';

const COHORTS_DIR = new URL('../cohorts/', import.meta.url).pathname;

async function issuesOf(p: Promise<unknown>): Promise<FileIssue[]> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(FileValidationError);
  expect((e as FileValidationError).code).toBe(INVALID_FILE);
  return (e as FileValidationError).issues;
}

describe('shipped programme templates and cohort files', () => {
  it('every programme template validates, and there is one per programme of the sources', async () => {
    const files = (await readdir(PROGRAMMES_DIR)).filter((f) => f.endsWith('.yaml'));
    const kinds = [];
    for (const f of files) {
      const p = await loadProgrammeFile(join(PROGRAMMES_DIR, f));
      expect(`${p.id}.yaml`).toBe(f);
      kinds.push(p.kind);
    }
    expect(kinds.sort()).toEqual(['BUSINESS_TRAINING', 'DUAL_TRACK', 'HOUSING_JOB_MATCH', 'SIB']);
  });

  it('the templates carry the figures of the sources', async () => {
    const dual = await loadProgrammeFile(join(PROGRAMMES_DIR, 'growth-partnership-2019.yaml'));
    expect(dual.participant.workReadiness).toEqual({ length: { months: 6 }, hoursPerWeek: 10 });
    expect(dual.participant.jobTraining.length).toEqual({ months: 6 });
    expect(dual.company?.bootCamp).toMatchObject({ month: 11, days: 2 });
    expect(dual.company?.accelerator.length).toEqual({ months: 12 });
    expect(dual.company?.anchoring.checksAtMonths.at(-1)).toBe(6);

    const bt = await loadProgrammeFile(join(PROGRAMMES_DIR, 'business-training.yaml'));
    expect((bt.participant.workReadiness.length.weeks ?? 0) + (bt.participant.jobTraining.length.weeks ?? 0)).toBe(26);
    expect(bt.participant.jobTraining.hoursPerWeek).toBe(37);
    expect(bt.participant.mentor.required).toBe(true);
    // "215 af 256 borgere … i arbejde eller tættere på arbejdsmarkedet": a count, not a rounded share.
    expect(bt.targets[0]).toMatchObject({ count: 215, of: 256 });
    expect(bt.targets[0]?.share).toBeUndefined();

    const sib = await loadProgrammeFile(join(PROGRAMMES_DIR, 'sib-business-training-ips.yaml'));
    expect(sib.capacity?.participants).toBe(60);
    expect(sib.participant.ips?.firstEmployerContactDays).toBe(30);
    expect(sib.targets[0]).toMatchObject({ share: 0.5, counts: ['ORDINARY_JOB', 'PARTIAL_JOB'] });

    const housing = await loadProgrammeFile(join(PROGRAMMES_DIR, 'housing-job-match.yaml'));
    expect(housing.jobOpenings?.kinds).toEqual(expect.arrayContaining(['APPRENTICESHIP', 'ORDINARY_JOB', 'FLEX_JOB', 'FEW_HOURS_JOB']));
    expect(Object.fromEntries(housing.targets.map((t) => [t.id, t.count]))).toEqual({ jobs: 60, internships: 60, companies: 60 });
  });

  it('both 2019 clusters validate with 9 slots each and valid CVR numbers', async () => {
    const names = new Set<string>();
    for (const f of ['klynge-1-2019.yaml', 'klynge-2-2020.yaml']) {
      const { cohort, programme } = await loadCohortFile(join(COHORTS_DIR, f));
      expect(programme.id).toBe('growth-partnership-2019');
      expect(cohort.municipalities.reduce((n, m) => n + m.slots, 0)).toBe(9);
      expect(cohort.partnerships.map((p) => p.municipality).sort()).toEqual(cohort.municipalities.map((m) => m.code).sort());
      for (const p of cohort.partnerships) {
        for (const c of p.companies) {
          expect(isValidCvr(c.cvr)).toBe(true);
          expect(c.contact.email).toMatch(/@[a-z0-9.-]+\.example\.dk$/);
        }
      }
      cohort.municipalities.forEach((m) => names.add(m.name));
    }
    expect([...names].sort()).toEqual(
      [
        'Aalborg',
        'Frederiksberg',
        'Gentofte',
        'Gribskov',
        'Holbæk',
        'Holstebro',
        'Ikast-Brande',
        'Kolding',
        'Køge',
        'Odsherred',
        'Silkeborg',
        'Stevns',
      ].sort(),
    );
  });

  it('the committed JSON Schemas equal the ones generated from the zod schemas', async () => {
    for (const { path, content } of renderSchemas()) {
      expect(await readFile(path, 'utf8'), `${path} is stale: run npx tsx scripts/generate-schemas.ts`).toBe(content);
    }
  });
});

describe('CVR modulus-11 check', () => {
  it('accepts numbers whose weighted sum divides by 11 and refuses others', () => {
    expect(isValidCvr('90000004')).toBe(true);
    expect(isValidCvr('90000005')).toBe(false);
    expect(isValidCvr('9000000')).toBe(false);
    expect(isValidCvr('09000004')).toBe(false);
  });
});

describe('invalid files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dobbeltspor-files-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function write(name: string, text: string): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  }

  const cohortText = (cvr: string, extra = '') => `id: test-cohort
name: Test
programme: growth-partnership-2019
year: 2019
municipalities:
  - code: "621"
    name: Kolding
    slots: 1
partnerships:
  - municipality: "621"
    employmentActor:
      id: ea-test
      name: Test Actor
      contact: { name: Tess, email: tess@actor.example.dk }
    companies:
      - cvr: "${cvr}"
        name: Test ApS
        contact: { name: Tom, email: tom@test.example.dk }
${extra}`;

  it('a bad CVR check digit is reported at its path and line', async () => {
    const path = await write('bad-cvr.yaml', cohortText('90000005'));
    const issues = await issuesOf(loadCohortFile(path));
    expect(issues).toEqual([
      {
        file: path,
        path: 'partnerships[0].companies[0].cvr',
        line: 16,
        column: 14,
        message: 'not a valid CVR number (the modulus-11 check fails)',
      },
    ]);
  });

  it('every problem is listed: unknown field, missing field, wrong type, bad date, unknown municipality', async () => {
    const path = await write(
      'many.yaml',
      `id: Bad Id
programme: growth-partnership-2019
year: "2019"
startsOn: "2019-02-30"
colour: blue
municipalities:
  - code: "621"
    name: Kolding
    slots: 1
partnerships:
  - municipality: "999"
    employmentActor:
      id: ea-x
      name: X
      contact: { name: X, email: not-an-address }
`,
    );
    const issues = await issuesOf(loadCohortFile(path));
    const byPath = Object.fromEntries(issues.map((i) => [i.path, `${i.line}:${i.column} ${i.message}`]));
    expect(byPath).toEqual({
      id: '1:5 lower-case letters, digits and -',
      name: '1:1 is required but missing',
      year: '3:7 Invalid input: expected number, received string',
      startsOn: '4:11 not a calendar date',
      colour: '5:1 unknown field "colour"',
      'partnerships[0].employmentActor.contact.email': '15:34 an e-mail address',
    });
    // The cross-check of municipalities runs only once the shapes are right: fix them and it shows.
    const second = await write('municipality.yaml', cohortText('90000004').replace('- municipality: "621"', '- municipality: "999"'));
    expect(await issuesOf(loadCohortFile(second))).toEqual([
      {
        file: second,
        path: 'partnerships[0].municipality',
        line: 10,
        column: 19,
        message: 'municipality 999 is not listed under municipalities',
      },
    ]);
  });

  it('YAML syntax errors and duplicate keys carry their line', async () => {
    const path = await write('syntax.yaml', 'id: a\nid: b\nname: [unclosed\n');
    const issues = await issuesOf(loadCohortFile(path));
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]).toMatchObject({ file: path, line: 2 });
    expect(issues[0]!.message).toMatch(/unique/i);
  });

  it('a cohort naming an unknown programme is refused at the programme field', async () => {
    const path = await write('unknown-programme.yaml', cohortText('90000004').replace('growth-partnership-2019', 'no-such-programme'));
    expect(await issuesOf(loadCohortFile(path))).toEqual([
      { file: path, path: 'programme', line: 3, column: 12, message: 'no programme template with id "no-such-programme" in programmes/' },
    ]);
  });

  it("participants' benefit data from the referral: a category unknown to the benefit tables is refused at its line", async () => {
    const participants = `participants:
  - ref: p1
    givenName: Test
    familyName: Borger
    municipality: "621"
    referredOn: 2019-01-07
    benefitCategory: over-30-no-children
    benefitWeeksBefore: 78
  - ref: p2
    givenName: Test
    familyName: Borgersen
    municipality: "621"
    referredOn: 2019-01-07
    benefitCategory: pensioner
`;
    const path = await write('benefit.yaml', cohortText('90000004', participants));
    const issues = await issuesOf(loadCohortFile(path));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: path, path: 'participants[1].benefitCategory', line: 32, column: 22 });
    expect(issues[0]!.message).toMatch(/^no benefit category "pensioner" in data\/benefit-rates.yaml \(known: .*over-30-no-children/);
    const fixed = await write('benefit-fixed.yaml', cohortText('90000004', participants.replace('pensioner', 'under-30-living-away')));
    const { cohort } = await loadCohortFile(fixed);
    expect(cohort.participants?.map((p) => [p.benefitCategory, p.benefitWeeksBefore])).toEqual([
      ['over-30-no-children', 78],
      ['under-30-living-away', undefined],
    ]);
    const negative = await write('benefit-negative.yaml', cohortText('90000004', participants.replace('78', '-1')));
    expect((await issuesOf(loadCohortFile(negative))).map((i) => i.path)).toEqual(['participants[0].benefitWeeksBefore']);
  });

  it('an invalid programme template lists its issues with lines', async () => {
    const text = (await readFile(join(PROGRAMMES_DIR, 'business-training.yaml'), 'utf8'))
      .replace('hoursPerWeek: 37\n  jobTraining', 'hoursPerWeek: 40\n  jobTraining')
      .replace('amount: "30000"', 'amount: 30000.5');
    const path = await write('bad-programme.yaml', text);
    const issues = await issuesOf(loadProgrammeFile(path));
    expect(issues.map((i) => i.path)).toEqual(['participant.workReadiness.hoursPerWeek', 'rateCard.lines[0].amount']);
    expect(issues[0]!.message).toMatch(/<=37/);
    for (const i of issues)
      expect(i.line).toBe(
        text.split('\n').findIndex((l) => l.includes(i.path === 'rateCard.lines[0].amount' ? '30000.5' : 'hoursPerWeek: 40')) + 1,
      );
  });

  it('a missing file is reported plainly', async () => {
    const issues = await issuesOf(loadProgrammeFile(join(dir, 'nope.yaml')));
    expect(issues).toEqual([{ file: join(dir, 'nope.yaml'), path: '', message: 'no such file' }]);
  });
});
