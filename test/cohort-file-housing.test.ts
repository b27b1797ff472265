// The housing job-match fields of a cohort file have their effect, or the file is refused naming the
// field: housing associations with their areas and the companies that serve them, the city's steering
// coordinator, the resident's housing area. Written through the cohort operation into PostgreSQL; what
// the rows then do (an association registers only for the companies it serves, the steering hears of
// a late proposal, the proposal mail names the area) is walked in test/housing-job-match.test.ts.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCohort } from '../client/operations/cohorts.js';
import { FileValidationError, loadCohortFile } from '../client/operations/files.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { HOUSING_FIELDS } from './support/housing-fields.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCHEMA = JSON.parse(readFileSync(join(ROOT, 'schemas/cohort.schema.json'), 'utf8')) as JsonSchema;
const SHIPPED = readFileSync(join(ROOT, 'cohorts/boligjob-viborg-silkeborg-2021.yaml'), 'utf8');

interface JsonSchema {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
}
function fieldsOf(schema: JsonSchema, prefix = ''): string[] {
  if (schema.properties) return Object.entries(schema.properties).flatMap(([k, s]) => fieldsOf(s, prefix ? `${prefix}.${k}` : k));
  if (schema.items) return fieldsOf(schema.items, `${prefix}[]`);
  if (schema.anyOf) return [...new Set(schema.anyOf.flatMap((s) => fieldsOf(s, prefix)))];
  return [prefix];
}

describe('cohort file: the housing partners', () => {
  let t: TestDatabase;
  let dir: string;
  const write = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };
  const issuesOf = async (text: string) => {
    try {
      await loadCohortFile(await write('x.yaml', text));
    } catch (e) {
      if (e instanceof FileValidationError) return e.issues.map((i) => `${i.path}: ${i.message}`);
      throw e;
    }
    return [];
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'dobbeltspor-housing-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await t?.drop();
  });

  it('names exactly the housing fields of the schema that this file walks', () => {
    const housing = fieldsOf(SCHEMA).filter((f) => /housingAssociations|steering|housingArea/.test(f));
    expect(housing.sort()).toEqual([...HOUSING_FIELDS].sort());
  });

  it('writes every housing field of the shipped file into PostgreSQL, and writing twice changes nothing', async () => {
    const loaded = await loadCohortFile(join(ROOT, 'cohorts/boligjob-viborg-silkeborg-2021.yaml'));
    await writeCohort(t.db, loaded);
    const read = async () => ({
      associations: await t.db.housingAssociation.findMany({
        include: { companies: { include: { company: { select: { cvr: true } } } } },
        orderBy: { id: 'asc' },
      }),
      partnerships: await t.db.partnership.findMany({
        select: { id: true, steeringName: true, steeringEmail: true },
        orderBy: { id: 'asc' },
      }),
      areas: await t.db.participant.findMany({ select: { id: true, housingArea: true }, orderBy: { id: 'asc' } }),
    });
    const first = await read();
    expect(
      first.associations.map((a) => ({
        id: a.id,
        partnershipId: a.partnershipId,
        name: a.name,
        contact: [a.contactName, a.contactEmail],
        areas: a.areas,
        companies: a.companies.map((c) => c.company.cvr).sort(),
      })),
    ).toEqual([
      {
        id: 'boligforening-viborg',
        partnershipId: 'boligjob-viborg-silkeborg-2021-791',
        name: 'Eksempel Boligforening Viborg',
        contact: ['Bente Bolig', 'bente@boligforening-viborg.example.dk'],
        areas: ['Eksempelparken', 'Eksempelhøj'],
        companies: ['91000008', '91000016'],
      },
      {
        id: 'boligselskab-silkeborg',
        partnershipId: 'boligjob-viborg-silkeborg-2021-740',
        name: 'Eksempel Boligselskab Silkeborg',
        contact: ['Birthe Bolig', 'birthe@boligselskab-silkeborg.example.dk'],
        areas: ['Eksempelgården'],
        companies: ['91000024'],
      },
    ]);
    expect(first.partnerships).toEqual([
      {
        id: 'boligjob-viborg-silkeborg-2021-740',
        steeringName: 'Styregruppe Silkeborg',
        steeringEmail: 'styregruppe@silkeborg.example.dk',
      },
      { id: 'boligjob-viborg-silkeborg-2021-791', steeringName: 'Styregruppe Viborg', steeringEmail: 'styregruppe@viborg.example.dk' },
    ]);
    expect(first.areas.map((p) => p.housingArea)).toEqual(['Eksempelgården', 'Eksempelparken', 'Eksempelhøj']);
    await writeCohort(t.db, loaded);
    expect(await read()).toEqual(first);

    // A company no longer listed under an association no longer serves it.
    const fewer = await loadCohortFile(
      await write('fewer.yaml', SHIPPED.replace('companies: ["91000008", "91000016"]', 'companies: ["91000008"]')),
    );
    await writeCohort(t.db, fewer);
    expect(await t.db.housingAssociationCompany.count({ where: { associationId: 'boligforening-viborg' } })).toBe(1);
  });

  it('refuses, naming the field, what would have no effect or names what the file does not hold', async () => {
    // A programme without job openings: housing partners would do nothing.
    const growth = SHIPPED.replace('programme: housing-job-match', 'programme: growth-partnership-2019')
      .replace(/startsOn: "2021-01-11"\n/, 'startsOn: "2021-11-29"\nbootCamp: { dates: ["2021-11-10", "2021-11-11"], location: Viborg }\n')
      .replace(/referredOn: "2021-01-0\d"/g, 'referredOn: "2021-11-01"');
    const refused = await issuesOf(growth);
    expect(refused).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^partnerships\[0\]\.steering: programme growth-partnership-2019 has no job openings/),
        expect.stringMatching(/^partnerships\[0\]\.housingAssociations: .*housing associations would have no effect/),
        expect.stringMatching(/^participants\[0\]\.housingArea: .*a housing area would have no effect/),
      ]),
    );
    expect(await issuesOf(SHIPPED.replace('companies: ["91000024"]', 'companies: ["91000008"]'))).toEqual([
      'partnerships[1].housingAssociations[0].companies[0]: CVR 91000008 is no company of this partnership (list it under partnerships[1].companies)',
    ]);
    expect(await issuesOf(SHIPPED.replace('housingArea: Eksempelgården', 'housingArea: Eksempelparken'))).toEqual([
      "participants[2].housingArea: Eksempelparken is no housing area of the associations of municipality 740's partnership",
    ]);
    expect(await issuesOf(SHIPPED.replace('id: boligselskab-silkeborg', 'id: boligforening-viborg'))).toEqual([
      'partnerships[1].housingAssociations[0].id: housing association boligforening-viborg is listed twice',
    ]);
    expect(await issuesOf(SHIPPED.replace('areas: [Eksempelgården]', 'areas: []'))).toEqual([
      expect.stringMatching(/^partnerships\[1\]\.housingAssociations\[0\]\.areas: /),
    ]);
  });
});
