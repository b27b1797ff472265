import type { Db } from '../prisma/client.js';

/** The vertical slice's database write; idempotent on the workflow id. */
export async function recordGreeting(db: Db, input: { greetingId: string; workflowId: string; recipient: string }): Promise<{ createdAt: string }> {
  const row = await db.greeting.upsert({
    where: { workflowId: input.workflowId },
    update: {},
    create: { id: input.greetingId, workflowId: input.workflowId, recipient: input.recipient },
  });
  return { createdAt: row.createdAt.toISOString() };
}
