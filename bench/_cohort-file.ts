// The benchmarks' cohort file: the example's programme and municipalities at any size (the
// cohort-scale and what-if benchmarks, 100 companies and 1,000 participants by default).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { isValidCvr } from '../domain/cohort-file.js';

/** The first CVR numbers from `from` on that pass the modulus-11 check. */
function cvrs(count: number, from: number): string[] {
  const out: string[] = [];
  for (let n = from; out.length < count; n++) if (isValidCvr(String(n))) out.push(String(n));
  return out;
}

/** A cohort file of the example's programme and municipalities, with the given numbers of companies and participants. */
export function writeBenchCohortFile(dir: string, size: { companies: number; participants: number }): string {
  const municipalities = [
    { code: '851', name: 'Aalborg', slots: 20 },
    { code: '756', name: 'Ikast-Brande', slots: 10 },
    { code: '621', name: 'Kolding', slots: 10, closingDays: ['2019-12-27'] },
    { code: '661', name: 'Holstebro', slots: 10 },
    { code: '157', name: 'Gentofte', slots: 20 },
    { code: '740', name: 'Silkeborg', slots: 20 },
  ];
  const companyCvrs = cvrs(size.companies, 91_000_000);
  const file = {
    id: 'klynge-bench-2019',
    name: 'Klynge bench 2019',
    programme: 'growth-partnership-2019',
    year: 2019,
    bootCamp: { dates: ['2019-11-13', '2019-11-14'], location: 'Kolding, Eksempel Konferencecenter' },
    startsOn: '2019-12-02',
    municipalities,
    partnerships: municipalities.map((m, i) => ({
      municipality: m.code,
      employmentActor: {
        id: `ea-bench-${m.code}`,
        name: `Eksempel Beskæftigelse ${m.name}`,
        contact: { name: 'Eva Eksempel', email: `eva@ea-${m.code}.example.dk` },
      },
      companies: companyCvrs
        .filter((_, c) => c % municipalities.length === i)
        .map((cvr) => ({
          cvr,
          name: `Eksempel Virksomhed ${cvr}`,
          contact: { name: 'Carl Eksempel', email: `kontakt@${cvr}.example.dk` },
        })),
    })),
    participants: Array.from({ length: size.participants }, (_, p) => ({
      ref: `deltager-${p + 1}`,
      givenName: 'Anna',
      familyName: `Eksempelsen ${p + 1}`,
      email: `deltager-${p + 1}@borger.example.dk`,
      municipality: municipalities[p % municipalities.length]!.code,
      referredOn: '2019-11-20',
    })),
  };
  const path = join(dir, 'klynge-bench-2019.yaml');
  writeFileSync(path, stringify(file));
  return path;
}
