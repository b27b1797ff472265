// A small world for participant-track tests: a programme, a cohort with two partnerships (Kolding and
// Vejen), an employment actor with staff, companies inside and outside the partnership, participants.
import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { programmeSchema, type Programme } from '../../domain/programme.js';
import type { Db } from '../../prisma/client.js';
import type { OperationContext } from '../../client/operations/context.js';

export const ADDRESSES = {
  coordinator: 'koordinator@kolding.dk',
  staff: 'medarbejder@jobvejen.dk',
  mentor: 'mentor@jobvejen.dk',
  support: 'stoette@jobvejen.dk',
  actorContact: 'kontakt@jobvejen.dk',
  accelerator: 'hr@groenne-hjem.dk',
  own: 'drift@jobvejen-cafe.dk',
  outside: 'info@udenfor.dk',
};

export function testProgramme(overrides: Partial<Programme['participant']> = {}): Programme {
  return programmeSchema.parse({
    id: 'test-dual-track',
    name: 'Vækstpartnerskab Test',
    kind: 'DUAL_TRACK',
    participant: {
      workReadiness: { length: { months: 6 }, hoursPerWeek: 10 },
      jobTraining: { length: { months: 6 }, hoursPerWeek: 10 },
      attendance: { graceDays: 2, escalateAfterWeeks: 2 },
      mentor: { required: true, remindAfterDays: 14 },
      ips: { firstEmployerContactDays: 30 },
      trainingTopics: ['Mødepligt og ansvarlighed', 'Transporttræning'],
      placementCheckIns: ['midway', 'end'],
      retentionFollowUpWeeks: [4, 13, 26],
      ...overrides,
    },
    price: { perParticipant: '60000' },
    rateCard: {
      currency: 'DKK',
      lines: [
        { id: 'ordinary-job', outcome: 'ORDINARY_JOB', description: 'Ordinært job', amount: '40000' },
        { id: 'partial-job', outcome: 'PARTIAL_JOB', description: 'Delvist job', amount: '40000', fullTimeHours: 37 },
        { id: 'education', outcome: 'EDUCATION', description: 'Uddannelse', amount: '20000' },
        { id: 'retention-13', outcome: 'RETENTION', description: 'I job efter 13 uger', amount: '10000', retentionWeeks: 13 },
        { id: 'retention-26', outcome: 'RETENTION', description: 'I job efter 26 uger', amount: '15000', retentionWeeks: 26 },
      ],
    },
  });
}

export interface World {
  cohortId: string;
  partnershipId: string;
  otherPartnershipId: string;
  staff: { coordinator: string; staff: string; mentor: string; support: string; otherActorMentor: string };
  companies: { accelerator: string; own: string; outside: string };
  /** Creates a referred participant of Kolding and returns its id. */
  participant(): Promise<string>;
}

const rid = () => randomBytes(4).toString('hex');

export async function seedWorld(db: Db, programme: Programme = testProgramme()): Promise<World> {
  const s = rid();
  const programmeId = `${programme.id}-${s}`;
  await db.programme.create({
    data: {
      id: programmeId,
      name: programme.name,
      kind: programme.kind,
      hoursPerWeek: programme.participant.workReadiness.hoursPerWeek,
      config: { ...programme, id: programmeId },
    },
  });
  await db.municipality.upsert({ where: { code: '621' }, update: {}, create: { code: '621', name: 'Kolding' } });
  await db.municipality.upsert({ where: { code: '575' }, update: {}, create: { code: '575', name: 'Vejen' } });
  const cohortId = `klynge-${s}`;
  await db.cohort.create({ data: { id: cohortId, name: 'Klynge 1-2019', programmeId, year: 2019 } });
  const actor = await db.employmentActor.create({
    data: { id: `job-vejen-${s}`, name: 'Job Vejen', contactName: 'Kim Kontakt', contactEmail: ADDRESSES.actorContact },
  });
  const otherActor = await db.employmentActor.create({
    data: { id: `job-vest-${s}`, name: 'Job Vest', contactName: 'Vera Vest', contactEmail: 'kontakt@jobvest.dk' },
  });
  const partnershipId = `p-kolding-${s}`;
  const otherPartnershipId = `p-vejen-${s}`;
  await db.partnership.create({ data: { id: partnershipId, cohortId, municipalityCode: '621', employmentActorId: actor.id } });
  await db.partnership.create({ data: { id: otherPartnershipId, cohortId, municipalityCode: '575', employmentActorId: otherActor.id } });
  const staff = async (
    name: string,
    email: string,
    role: 'COORDINATOR' | 'STAFF' | 'MENTOR' | 'SUPPORT_PERSON',
    employmentActorId = actor.id,
  ) => (await db.staffMember.create({ data: { name, email, role, employmentActorId } })).id;
  const ids = {
    coordinator: await staff('Karen Koordinator', ADDRESSES.coordinator, 'COORDINATOR'),
    staff: await staff('Mads Medarbejder', ADDRESSES.staff, 'STAFF'),
    mentor: await staff('Mona Mentor', ADDRESSES.mentor, 'MENTOR'),
    support: await staff('Søren Støtte', ADDRESSES.support, 'SUPPORT_PERSON'),
    otherActorMentor: await staff('Ole Anden', 'mentor@jobvest.dk', 'MENTOR', otherActor.id),
  };
  const company = async (name: string, email: string, extra: { employmentActorId?: string } = {}) =>
    (
      await db.company.create({
        data: {
          cvr: String(10_000_000 + Math.floor(Math.random() * 89_999_999)),
          name,
          contactName: `${name} HR`,
          contactEmail: email,
          ...extra,
        },
      })
    ).id;
  const companies = {
    accelerator: await company('Grønne Hjem ApS', ADDRESSES.accelerator),
    own: await company('Job Vejen Café', ADDRESSES.own, { employmentActorId: actor.id }),
    outside: await company('Udenfor A/S', ADDRESSES.outside),
  };
  await db.partnershipCompany.create({ data: { partnershipId, companyId: companies.accelerator, role: 'ACCELERATOR', capacity: 1 } });
  await db.partnershipCompany.create({ data: { partnershipId, companyId: companies.own, role: 'OWN_SOCIAL_ECONOMY', capacity: 5 } });
  await db.partnershipCompany.create({
    data: { partnershipId: otherPartnershipId, companyId: companies.outside, role: 'ACCELERATOR', capacity: 3 },
  });
  let n = 0;
  return {
    cohortId,
    partnershipId,
    otherPartnershipId,
    staff: ids,
    companies,
    async participant() {
      n++;
      const p = await db.participant.create({
        data: { givenName: 'Amina', familyName: `Hansen ${n}`, municipalityCode: '621', referredOn: new Date('2026-01-01T00:00:00Z') },
      });
      return p.id;
    },
  };
}

/** `now`: the test server's clock, so "today" in an operation is the workflows' today. */
export function operationContext(client: Client, db: Db, taskQueue: string, now?: () => Promise<number>): OperationContext {
  return { client, db, taskQueue, now };
}
