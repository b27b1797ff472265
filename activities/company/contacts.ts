import type { Db } from '../../prisma/client.js';

export interface Contact {
  name: string;
  email: string;
}

/** "Name <address>" or a bare address, as in MAIL_FROM. */
export function parseMailbox(mailbox: string): Contact {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(mailbox);
  return m ? { name: m[1]!.trim() || m[2]!, email: m[2]!.trim() } : { name: mailbox.trim(), email: mailbox.trim() };
}

/**
 * The programme coordinator: the staff member with the COORDINATOR role (the given one, else the
 * first registered), else the sender address, so a message for the coordinator is never lost.
 */
export async function coordinatorContact(db: Db, mailFrom: string, staffId?: string): Promise<Contact> {
  const staff = await db.staffMember.findFirst({
    where: { role: 'COORDINATOR', deactivatedAt: null, ...(staffId ? { id: staffId } : {}) },
    orderBy: { id: 'asc' },
  });
  return staff ? { name: staff.name, email: staff.email } : parseMailbox(mailFrom);
}

/** The company's contact and every further address that receives its invitations and follow-ups. */
export async function companyContacts(db: Db, companyId: string): Promise<{ cvr: string; companyName: string; contacts: Contact[] }> {
  const c = await db.company.findUniqueOrThrow({ where: { id: companyId } });
  return {
    cvr: c.cvr,
    companyName: c.name,
    contacts: [{ name: c.contactName, email: c.contactEmail }, ...c.extraEmails.map((email) => ({ name: c.name, email }))],
  };
}

/** The employment actor's single point of contact in the company's partnership. */
export async function employmentActorContact(db: Db, partnershipId: string): Promise<Contact & { actorName: string }> {
  const p = await db.partnership.findUniqueOrThrow({ where: { id: partnershipId }, include: { employmentActor: true } });
  return { name: p.employmentActor.contactName, email: p.employmentActor.contactEmail, actorName: p.employmentActor.name };
}

export async function programmeName(db: Db, cohortId: string): Promise<string> {
  const cohort = await db.cohort.findUniqueOrThrow({ where: { id: cohortId }, include: { programme: true } });
  return cohort.programme.name;
}

/**
 * The person a company answers to about a camp: the employment actor of the company's partnership
 * in the cohort (its single point of contact), else the coordinator. Named in the mail, set as its
 * Reply-To and as the calendar event's organiser, so every kind of answer reaches a person.
 */
export async function campContactPerson(
  db: Db,
  cohortId: string,
  companyId: string,
  mailFrom: string,
): Promise<Contact & { organisation?: string }> {
  const membership = await db.partnershipCompany.findFirst({
    where: { companyId, partnership: { cohortId } },
    include: { partnership: { include: { employmentActor: true } } },
    orderBy: { partnershipId: 'asc' },
  });
  const actor = membership?.partnership.employmentActor;
  if (actor) return { name: actor.contactName, email: actor.contactEmail, organisation: actor.name };
  return coordinatorContact(db, mailFrom);
}
