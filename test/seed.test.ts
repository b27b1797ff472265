import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../scripts/seed.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

describe('seed data: the two 2019 clusters and the housing job-match cohort', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t?.drop());

  it('writes both clusters with 9 accelerator slots each, the housing cohort with its partners, and seeding twice changes nothing', async () => {
    const ids = await seed(t.db);
    expect(ids.sort()).toEqual(['boligjob-viborg-silkeborg-2021', 'klynge-1-2019', 'klynge-2-2020']);
    const count = async () => ({
      cohorts: await t.db.cohort.count(),
      partnerships: await t.db.partnership.count(),
      companies: await t.db.company.count(),
      municipalities: await t.db.municipality.count(),
      housingAssociations: await t.db.housingAssociation.count(),
      served: await t.db.housingAssociationCompany.count(),
    });
    const first = await count();
    for (const id of ids.filter((i) => i.startsWith('klynge-'))) {
      const slots = await t.db.cohortMunicipality.aggregate({ where: { cohortId: id }, _sum: { slots: true } });
      expect(slots._sum.slots, id).toBe(9);
    }
    expect(first.cohorts).toBe(3);
    expect(first).toMatchObject({ housingAssociations: 2, served: 3 });
    expect(first.partnerships).toBeGreaterThanOrEqual(12);
    await seed(t.db);
    expect(await count()).toEqual(first);
  });
});
