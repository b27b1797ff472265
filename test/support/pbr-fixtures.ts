import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { programmeSchema, type Programme } from '../../domain/programme.js';
import type { Db } from '../../prisma/client.js';

/** A dual-track programme with a rate card whose figures the Payment-by-Results tests compute by hand. */
export const pbrProgrammeTemplate = {
  id: 'pbr-test',
  name: 'Payment by Results test programme',
  kind: 'DUAL_TRACK',
  participant: {
    workReadiness: { length: { months: 6 }, hoursPerWeek: 10 },
    jobTraining: { length: { months: 6 } },
    attendance: {},
    mentor: { required: false },
  },
  company: { bootCamp: {}, accelerator: { length: { months: 12 } }, anchoring: {} },
  price: { perParticipant: '50000.00', perCompany: '25000.00' },
  rateCard: {
    capPerParticipant: '100000.00',
    lines: [
      { id: 'job', outcome: 'ORDINARY_JOB', description: 'Ordinary job', amount: '60000.00' },
      { id: 'partial', outcome: 'PARTIAL_JOB', description: 'Partial job, pro rata to 37 hours', amount: '40000.00', fullTimeHours: 37 },
      { id: 'education', outcome: 'EDUCATION', description: 'Education', amount: '30000.00' },
      {
        id: 'retention-13',
        outcome: 'RETENTION',
        description: 'In work 13 weeks after the hire',
        amount: '10000.00',
        retentionWeeks: 13,
        withinMonthsOfTrackEnd: 6,
      },
      { id: 'anchoring', outcome: 'ANCHORING', description: 'Social model anchored', amount: '20000.00' },
    ],
  },
  targets: [
    { id: 'self-support', description: 'Half into full or partial self-support', counts: ['ORDINARY_JOB', 'PARTIAL_JOB'], share: 0.5 },
    { id: 'companies', description: 'Companies in the accelerator', counts: 'COMPANIES', count: 2 },
  ],
};

export interface SeededCohort {
  programme: Programme;
  programmeId: string;
  cohortId: string;
  /** Per municipality code: its partnership and participant tracks. */
  municipalities: Record<string, { partnershipId: string; participantTrackIds: string[]; companyTrackIds: string[] }>;
}

export interface SeedOptions {
  programme?: unknown;
  municipalities?: { code: string; name: string; participants: number; companies?: number }[];
  startedOn?: string;
}

const suffix = () => randomBytes(4).toString('hex');
const date = (d: string) => new Date(`${d}T00:00:00.000Z`);

/** A programme, a cohort, one partnership per municipality, participants with tracks and company tracks. */
export async function seedPbrCohort(db: Db, options: SeedOptions = {}): Promise<SeededCohort> {
  const s = suffix();
  const template = { ...(options.programme ?? pbrProgrammeTemplate) } as Record<string, unknown>;
  template.id = `${String(template.id)}-${s}`;
  const programme = programmeSchema.parse(template);
  const startedOn = options.startedOn ?? '2026-01-05';
  const municipalities = options.municipalities ?? [{ code: '621', name: 'Kolding', participants: 2, companies: 1 }];
  await db.programme.create({
    data: {
      id: programme.id,
      name: programme.name,
      kind: programme.kind,
      hoursPerWeek: programme.participant.workReadiness.hoursPerWeek,
      config: programme as object,
    },
  });
  const cohortId = `cohort-${s}`;
  await db.cohort.create({
    data: { id: cohortId, name: `Klynge ${s}`, programmeId: programme.id, year: Number(startedOn.slice(0, 4)), status: 'RUNNING' },
  });
  const actorId = `actor-${s}`;
  await db.employmentActor.create({
    data: { id: actorId, name: 'Beskæftigelsesaktør', contactName: 'Aktør', contactEmail: `aktoer-${s}@example.dk` },
  });
  const result: SeededCohort = { programme, programmeId: programme.id, cohortId, municipalities: {} };
  for (const m of municipalities) {
    await db.municipality.upsert({ where: { code: m.code }, update: {}, create: { code: m.code, name: m.name } });
    await db.cohortMunicipality.create({ data: { cohortId, municipalityCode: m.code, slots: 1 } });
    const partnershipId = `partnership-${s}-${m.code}`;
    await db.partnership.create({ data: { id: partnershipId, cohortId, municipalityCode: m.code, employmentActorId: actorId } });
    const entry = { partnershipId, participantTrackIds: [] as string[], companyTrackIds: [] as string[] };
    for (let i = 0; i < m.participants; i++) {
      const participant = await db.participant.create({
        data: { givenName: `Borger ${i}`, familyName: m.name, municipalityCode: m.code, referredOn: date(startedOn) },
      });
      const trackId = `pt-${s}-${m.code}-${i}`;
      await db.participantTrack.create({
        data: {
          id: trackId,
          participantId: participant.id,
          cohortId,
          partnershipId,
          workflowId: `participant-${trackId}`,
          startedOn: date(startedOn),
          phase: 'WORK_READINESS',
        },
      });
      entry.participantTrackIds.push(trackId);
    }
    for (let i = 0; i < (m.companies ?? 0); i++) {
      const cvr = String(10_000_000 + Math.floor(Math.random() * 89_999_999));
      const company = await db.company.create({
        data: { cvr, name: `Virksomhed ${i} ${m.name}`, contactName: 'Leder', contactEmail: `leder-${cvr}@example.dk` },
      });
      const trackId = `ct-${s}-${m.code}-${i}`;
      await db.companyTrack.create({
        data: {
          id: trackId,
          companyId: company.id,
          cohortId,
          partnershipId,
          workflowId: `company-${cohortId}-${cvr}`,
          phase: 'ACCELERATOR',
        },
      });
      entry.companyTrackIds.push(trackId);
    }
    result.municipalities[m.code] = entry;
  }
  return result;
}

// Round benefit figures for hand arithmetic: 13 000.00 DKK a month = 1 300 000 × 12 / 52 = 300 000 øre a
// week; with 52 weeks on benefit before the start every programme week is benefit week ≥ 53, where the
// state refunds 20 %: the municipality saves 80 % = 240 000 øre per week of a whole job.
export const TEST_BENEFIT_RATES = `
refundSteps:
  - validFrom: 2016-01-04
    source: test steps
    steps: [{ fromWeek: 1, statePercent: 80 }, { fromWeek: 5, statePercent: 40 }, { fromWeek: 27, statePercent: 30 }, { fromWeek: 53, statePercent: 20 }]
categories:
  over-30-no-children:
    description: test
    periods: [{ validFrom: 2020-01-01, benefit: test kontanthjælp, monthly: "13000.00", status: illustrative, source: test }]
`;

/** TEST_BENEFIT_RATES written to a file of its own, for a report's `benefitRatesFile`. */
export function writeTestBenefitRates(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'rates-')), 'benefit-rates.yaml');
  writeFileSync(file, TEST_BENEFIT_RATES);
  return file;
}
