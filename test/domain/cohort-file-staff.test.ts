// A cohort file's staff: one address names one person of an actor, refused naming the field otherwise.
import { describe, expect, it } from 'vitest';
import { cohortFileSchema } from '../../domain/cohort-file.js';

const ACTOR = { id: 'ea-faelles', name: 'Eksempel Fælles', contact: { name: 'Eva Eksempel', email: 'eva@faelles.example.dk' } };
const file = (staff: Array<Record<string, string>>, second: Array<Record<string, string>> = []) => ({
  id: 'personale-2027',
  name: 'Personale 2027',
  programme: 'growth-partnership-2019',
  year: 2027,
  municipalities: [
    { code: '851', name: 'Aalborg', slots: 1 },
    { code: '621', name: 'Kolding', slots: 1 },
  ],
  partnerships: [
    { municipality: '851', employmentActor: ACTOR, staff },
    { municipality: '621', employmentActor: ACTOR, staff: second },
  ],
});
const issues = (input: unknown) => {
  const r = cohortFileSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
};

describe('staff in a cohort file', () => {
  const signe = { name: 'Signe Støtte', email: 'signe@faelles.example.dk', role: 'SUPPORT_PERSON' };
  it('is accepted, also the same person named again for the same actor in another partnership', () => {
    expect(issues(file([signe], [{ ...signe, email: 'SIGNE@faelles.example.dk' }]))).toEqual([]);
    expect(cohortFileSchema.parse(file([signe])).partnerships[1]!.staff).toEqual([]);
  });
  it('refuses an address with two names or roles at one actor, an unknown role, a missing address, naming the field', () => {
    expect(issues(file([signe], [{ ...signe, role: 'MENTOR' }]))).toEqual(['partnerships.1.staff.0.email']);
    expect(issues(file([signe, { ...signe, name: 'Signe Anden' }]))).toEqual(['partnerships.0.staff.1.email']);
    expect(issues(file([{ ...signe, role: 'BOSS' }]))).toEqual(['partnerships.0.staff.0.role']);
    expect(issues(file([{ name: 'Uden Adresse', role: 'STAFF' }]))).toEqual(['partnerships.0.staff.0.email']);
  });
});
