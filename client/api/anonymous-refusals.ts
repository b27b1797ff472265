import type { Db } from '../../prisma/client.js';
import { writeAudit, type AuditEntry } from './audit.js';

interface Window {
  startedAt: number;
  /** Refusals after the first one, not yet written. */
  repeated: number;
  first: AuditEntry;
}

/**
 * The audit log of refused anonymous requests, in aggregate: the first refusal of a client (by
 * address) for a reason is written at once; the ones that follow within the window are counted and
 * written as one row when the window closes (or the API stops). A flood of anonymous requests thus
 * writes a handful of rows, not one per request, and no refusal goes uncounted.
 */
export class AnonymousRefusals {
  private readonly windows = new Map<string, Window>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    private readonly windowMs = 60_000,
    /** More clients than this in one window: the oldest windows are written early. */
    private readonly maxOpenWindows = 10_000,
  ) {
    this.timer = setInterval(() => void this.flush(false).catch(() => undefined), windowMs);
    this.timer.unref();
  }

  async record(clientAddress: string, entry: AuditEntry): Promise<void> {
    const key = `${clientAddress}\u0000${String(entry.details?.reason ?? '')}`;
    const open = this.windows.get(key);
    if (open && Date.now() - open.startedAt < this.windowMs) {
      open.repeated++;
      return;
    }
    if (open) await this.write(key, open);
    if (this.windows.size >= this.maxOpenWindows) await this.flush(true);
    this.windows.set(key, { startedAt: Date.now(), repeated: 0, first: entry });
    await writeAudit(this.db, entry);
  }

  /** Writes the counts of closed windows (all of them when `all`). */
  async flush(all = true): Promise<void> {
    for (const [key, w] of [...this.windows]) {
      if (all || Date.now() - w.startedAt >= this.windowMs) await this.write(key, w);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush(true);
  }

  private async write(key: string, w: Window): Promise<void> {
    this.windows.delete(key);
    if (w.repeated === 0) return;
    await writeAudit(this.db, {
      ...w.first,
      details: { ...w.first.details, repeated: w.repeated, since: new Date(w.startedAt).toISOString(), until: new Date().toISOString() },
    });
  }
}
