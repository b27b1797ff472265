import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../scripts/seed.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

describe('seed data: the shipped cohort files', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t?.drop());

  it('writes every shipped cohort, the 2019 clusters with 9 accelerator slots each, and seeding twice changes nothing', async () => {
    const ids = await seed(t.db);
    expect(ids).toEqual(
      expect.arrayContaining([
        'klynge-1-2019',
        'klynge-2-2020',
        'sib-viborg-herning-2020',
        'business-training-kolding-2020',
        'boligjob-viborg-silkeborg-2021',
      ]),
    );
    const count = async () => ({
      cohorts: await t.db.cohort.count(),
      partnerships: await t.db.partnership.count(),
      companies: await t.db.company.count(),
      municipalities: await t.db.municipality.count(),
      housingAssociations: await t.db.housingAssociation.count(),
      served: await t.db.housingAssociationCompany.count(),
    });
    const first = await count();
    for (const id of ['klynge-1-2019', 'klynge-2-2020']) {
      const slots = await t.db.cohortMunicipality.aggregate({ where: { cohortId: id }, _sum: { slots: true } });
      expect(slots._sum.slots, id).toBe(9);
    }
    expect(first.cohorts).toBe(ids.length);
    expect(first).toMatchObject({ housingAssociations: 2, served: 3 });
    expect(first.partnerships).toBeGreaterThanOrEqual(12);
    await seed(t.db);
    expect(await count()).toEqual(first);
  });
});
