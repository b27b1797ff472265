// The people who do the work: an employment actor's mentors, support persons, job consultants and
// coordinators (StaffMember), registered, listed and deactivated through the CLI and the API. Their
// names and addresses live in PostgreSQL only; workflows know a staff member by its id.
//
// Scope: the system (CLI) acts on every employment actor; a coordinator on the actors that work in a
// partnership of a cohort of its own programmes; an operator reads every list; a staff member reads
// its own actor's list. Every refusal is audited (scope.ts).
import { localDateAt } from '../../domain/calendar.js';
import type { Db } from '../../prisma/client.js';
import type { OperationContext } from './context.js';
import { auditActor, programmesOf } from './scope.js';
import { OperationError } from './operation-error.js';

/** The employment actor's roles a person can be registered in (a company's buddies are not registered here). */
export const STAFF_ROLES = ['MENTOR', 'SUPPORT_PERSON', 'STAFF', 'COORDINATOR', 'JOB_CONSULTANT'] as const;
export type StaffRoleName = (typeof STAFF_ROLES)[number];

/** Whose staff: an employment actor by id, or the one of a cohort's partnership in a municipality. */
export interface StaffOwner {
  employmentActorId?: string;
  cohortId?: string;
  municipalityCode?: string;
}

export interface StaffMemberView {
  id: string;
  name: string;
  email: string;
  role: StaffRoleName;
  employmentActorId: string;
  active: boolean;
  deactivatedAt: string | null;
}

export interface RegisterStaffInput extends StaffOwner {
  name: string;
  email: string;
  role: string;
}

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

function view(row: {
  id: string;
  name: string;
  email: string;
  role: string;
  employmentActorId: string | null;
  deactivatedAt: Date | null;
}): StaffMemberView {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role as StaffRoleName,
    employmentActorId: row.employmentActorId ?? '',
    active: !row.deactivatedAt,
    deactivatedAt: row.deactivatedAt?.toISOString() ?? null,
  };
}

/** The employment actor the owner names; an unknown one is NOT_FOUND naming the field given. */
async function actorOf(db: Db, owner: StaffOwner): Promise<string> {
  if (owner.employmentActorId) {
    if (owner.cohortId || owner.municipalityCode)
      throw new OperationError(
        'invalid',
        'INVALID_INPUT',
        'give the employment actor, or the cohort and municipality of its partnership, not both',
        'employmentActorId',
      );
    const actor = await db.employmentActor.findUnique({ where: { id: owner.employmentActorId }, select: { id: true } });
    if (!actor) throw new OperationError('not-found', 'NOT_FOUND', `no employment actor ${owner.employmentActorId}`, 'employmentActorId');
    return actor.id;
  }
  if (!owner.cohortId)
    throw new OperationError(
      'invalid',
      'INVALID_INPUT',
      'give the employment actor, or the cohort and municipality of its partnership',
      'employmentActorId',
    );
  if (!owner.municipalityCode)
    throw new OperationError('invalid', 'INVALID_INPUT', 'give the municipality of the partnership in the cohort', 'municipalityCode');
  const partnership = await db.partnership.findUnique({
    where: { cohortId_municipalityCode: { cohortId: owner.cohortId, municipalityCode: owner.municipalityCode } },
    select: { employmentActorId: true },
  });
  if (!partnership) {
    const cohort = await db.cohort.findUnique({ where: { id: owner.cohortId }, select: { id: true } });
    if (!cohort) throw new OperationError('not-found', 'NOT_FOUND', `no cohort ${owner.cohortId}`, 'cohortId');
    throw new OperationError(
      'not-found',
      'NOT_FOUND',
      `cohort ${owner.cohortId} has no partnership in municipality ${owner.municipalityCode}`,
      'municipalityCode',
    );
  }
  return partnership.employmentActorId;
}

/** Refuses (audited) an actor that may not act on this employment actor's staff. */
async function requireActorScope(ctx: OperationContext, employmentActorId: string, action: string, how: 'read' | 'write'): Promise<void> {
  const actor = ctx.actor;
  if (!actor) return;
  if (actor.role === 'operator' && how === 'read') return;
  let refusal: string | undefined;
  if (actor.role === 'coordinator') {
    const mine = programmesOf(actor) ?? [];
    const works = await ctx.db.partnership.findFirst({
      where: { employmentActorId, cohort: { programmeId: { in: mine } } },
      select: { id: true },
    });
    if (!works)
      refusal = `coordinator ${actor.sub} may act on the employment actors of its own programmes' partnerships only, not on ${employmentActorId}`;
  } else if (actor.role === 'staff' && how === 'read') {
    const me = actor.scope.staffMemberId
      ? await ctx.db.staffMember.findUnique({
          where: { id: actor.scope.staffMemberId },
          select: { employmentActorId: true, deactivatedAt: true },
        })
      : null;
    if (!me || me.deactivatedAt || me.employmentActorId !== employmentActorId)
      refusal = `staff ${actor.sub} may read its own employment actor's staff only`;
  } else {
    refusal = `${actor.role} ${actor.sub} may not ${action}`;
  }
  if (refusal) {
    await ctx.db.auditLog.create({
      data: {
        ...auditActor(actor),
        action,
        entity: 'EmploymentActor',
        entityId: employmentActorId,
        allowed: false,
        details: { reason: refusal },
      },
    });
    throw new OperationError('forbidden', 'FORBIDDEN', refusal, 'employmentActorId');
  }
}

/**
 * Registers a staff member of an employment actor. The same e-mail address twice among the actor's
 * active staff is refused naming `email`; every field is checked before anything is written.
 */
export async function registerStaffMember(ctx: OperationContext, input: RegisterStaffInput): Promise<StaffMemberView> {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  const email = typeof input.email === 'string' ? input.email.trim() : '';
  if (!name) throw new OperationError('invalid', 'INVALID_INPUT', 'name is required', 'name');
  if (name.length > 200) throw new OperationError('invalid', 'INVALID_INPUT', 'name must be at most 200 characters', 'name');
  if (!EMAIL.test(email) || email.length > 254)
    throw new OperationError('invalid', 'INVALID_INPUT', `${email || '(empty)'} is not an e-mail address`, 'email');
  if (!(STAFF_ROLES as readonly string[]).includes(input.role))
    throw new OperationError('invalid', 'INVALID_INPUT', `role must be one of ${STAFF_ROLES.join(', ')}`, 'role');
  const employmentActorId = await actorOf(ctx.db, input);
  await requireActorScope(ctx, employmentActorId, 'register staff', 'write');
  const row = await ctx.db.$transaction(async (tx) => {
    // Two registrations of one address at once: the second waits and finds the first.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`staff:${employmentActorId}`}))`;
    const same = await tx.staffMember.findFirst({
      where: { employmentActorId, deactivatedAt: null, email: { equals: email, mode: 'insensitive' } },
      select: { id: true },
    });
    if (same)
      throw new OperationError(
        'conflict',
        'DUPLICATE_STAFF',
        `${email} is registered already at employment actor ${employmentActorId} (staff member ${same.id})`,
        'email',
      );
    return tx.staffMember.create({ data: { name, email, role: input.role as StaffRoleName, employmentActorId } });
  });
  await ctx.db.auditLog.create({
    data: {
      ...auditActor(ctx.actor),
      action: 'register staff',
      entity: 'StaffMember',
      entityId: row.id,
      details: { employmentActorId, role: row.role },
    },
  });
  return view(row);
}

/** An employment actor's staff, active first; deactivated members only when asked for. */
export async function listStaff(ctx: OperationContext, input: StaffOwner & { includeDeactivated?: boolean }): Promise<StaffMemberView[]> {
  const employmentActorId = await actorOf(ctx.db, input);
  await requireActorScope(ctx, employmentActorId, 'list staff', 'read');
  const rows = await ctx.db.staffMember.findMany({
    where: { employmentActorId, ...(input.includeDeactivated ? {} : { deactivatedAt: null }) },
    orderBy: [{ role: 'asc' }, { name: 'asc' }, { id: 'asc' }],
  });
  return rows.map(view).sort((a, b) => Number(b.active) - Number(a.active));
}

/**
 * Deactivates a staff member: no new assignment or placement may name it, reminders go to the next
 * person in line, and its staff token stops working. Its assignments stay in the tracks' history.
 */
export async function deactivateStaffMember(ctx: OperationContext, staffMemberId: string): Promise<StaffMemberView> {
  const row = await ctx.db.staffMember.findUnique({ where: { id: staffMemberId } });
  if (!row || !row.employmentActorId)
    throw new OperationError('not-found', 'NOT_FOUND', `no staff member ${staffMemberId} of an employment actor`, 'staffMemberId');
  await requireActorScope(ctx, row.employmentActorId, 'deactivate staff', 'write');
  if (row.deactivatedAt)
    throw new OperationError(
      'conflict',
      'ALREADY_DEACTIVATED',
      `staff member ${staffMemberId} was deactivated on ${localDateAt(row.deactivatedAt.getTime())}`,
      'staffMemberId',
    );
  const updated = await ctx.db.staffMember.update({ where: { id: staffMemberId }, data: { deactivatedAt: new Date() } });
  await ctx.db.auditLog.create({
    data: {
      ...auditActor(ctx.actor),
      action: 'deactivate staff',
      entity: 'StaffMember',
      entityId: staffMemberId,
      details: { employmentActorId: row.employmentActorId },
    },
  });
  return view(updated);
}
