// A referred citizen registered on their own, outside a cohort file: the municipality's referral,
// by the coordinator of the programme it is for. The same checks as a cohort file's participant.
import { participantReferralSchema } from '../../domain/cohort-file.js';
import { utcMidnightOf } from '../../domain/calendar.js';
import { Prisma } from '../../prisma/client.js';
import type { OperationContext } from './context.js';
import { OperationError } from './operation-error.js';
import { auditActor, requireProgramme } from './scope.js';

export interface RegisterParticipantInput {
  programmeId: string;
  givenName: string;
  familyName: string;
  cpr?: string;
  email?: string;
  phone?: string;
  /** The referring municipality's code. */
  municipality: string;
  referredOn: string;
  benefitCategory?: string;
  benefitWeeksBefore?: number;
}

/** Registers the referral and answers the participant's id (a CUID) to enrol or put on a waitlist with. */
export async function registerParticipant(
  ctx: OperationContext,
  input: RegisterParticipantInput,
): Promise<{ id: string; programmeId: string; municipalityCode: string; referredOn: string }> {
  const { programmeId, ...referral } = input;
  const programme = await ctx.db.programme.findUnique({ where: { id: programmeId }, select: { id: true } });
  if (!programme) throw new OperationError('not-found', 'NOT_FOUND', `no programme ${programmeId}`, 'programmeId');
  await requireProgramme(ctx, programmeId, 'register participant', { entity: 'Programme', entityId: programmeId }, 'programmeId');
  const parsed = participantReferralSchema.safeParse(referral);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? '');
    throw new OperationError('invalid', 'INVALID_INPUT', `${field}: ${issue.message}`, field || undefined);
  }
  const p = parsed.data;
  if (!(await ctx.db.municipality.findUnique({ where: { code: p.municipality }, select: { code: true } })))
    throw new OperationError('invalid', 'INVALID_INPUT', `no municipality ${p.municipality}`, 'municipality');
  try {
    const row = await ctx.db.participant.create({
      data: {
        programmeId,
        givenName: p.givenName,
        familyName: p.familyName,
        cpr: p.cpr?.replace('-', '') ?? null,
        email: p.email ?? null,
        phone: p.phone ?? null,
        municipalityCode: p.municipality,
        referredOn: utcMidnightOf(p.referredOn),
        benefitCategory: p.benefitCategory ?? null,
        benefitWeeksBefore: p.benefitWeeksBefore ?? null,
      },
      select: { id: true },
    });
    await ctx.db.auditLog.create({
      data: { ...auditActor(ctx.actor), action: 'register participant', entity: 'Participant', entityId: row.id, details: { programmeId } },
    });
    return { id: row.id, programmeId, municipalityCode: p.municipality, referredOn: p.referredOn };
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002')
      throw new OperationError(
        'conflict',
        'DUPLICATE_PARTICIPANT',
        `this CPR number is registered in programme ${programmeId} already`,
        'cpr',
      );
    throw e;
  }
}
