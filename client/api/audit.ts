import type { Db } from '../../prisma/client.js';
import type { Principal } from './auth.js';

export interface AuditEntry {
  actor: string;
  role: string;
  /** The route, e.g. `POST /api/emails/:outboxId/retry`. */
  action: string;
  entity?: string;
  entityId?: string;
  allowed: boolean;
  /** Ids and plain reasons only: never personal data. */
  details?: Record<string, unknown>;
}

export async function writeAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      actor: entry.actor,
      role: entry.role,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId,
      allowed: entry.allowed,
      details: entry.details as object | undefined,
    },
  });
}

export function actorOf(principal: Principal | undefined): { actor: string; role: string } {
  return principal ? { actor: principal.sub, role: principal.role } : { actor: 'anonymous', role: 'none' };
}
