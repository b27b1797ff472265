import type { SendJournal } from './send-journal.js';

export interface DatabaseRetry {
  /** The first pause after a failed database call; it doubles up to `maxMs`. */
  initialMs: number;
  maxMs: number;
}

/**
 * Runs an outbox read or write until the database answers. An e-mail activity never gives up an
 * attempt because PostgreSQL is briefly away: above all not after the SMTP server has accepted a
 * message, when failing would make the next attempt send it again. The attempt heartbeats while it
 * waits, so Temporal sees it alive; a cancelled or timed-out attempt stops at its next pause.
 * Writes retried here must be idempotent (a conditional update), since a call that failed on the
 * way back may have committed.
 */
export async function untilDatabaseAnswers<T>(journal: SendJournal, retry: DatabaseRetry, op: () => Promise<T>): Promise<T> {
  let pause = retry.initialMs;
  for (;;) {
    try {
      return await op();
    } catch (e) {
      if (!isConnectionProblem(e)) throw e;
      journal.beat();
      await journal.sleep(pause);
      pause = Math.min(pause * 2, retry.maxMs);
    }
  }
}

/**
 * Errors of reaching the database rather than of the query: refused or cut connections, timeouts,
 * a server shutting down or restarting. A query the database refuses (a constraint, bad SQL) is a
 * bug and fails at once.
 */
export function isConnectionProblem(e: unknown): boolean {
  const seen = new Set<unknown>();
  let cur: unknown = e;
  while (cur && typeof cur === 'object' && !seen.has(cur)) {
    seen.add(cur);
    const err = cur as { code?: unknown; message?: unknown; cause?: unknown; name?: unknown };
    const code = typeof err.code === 'string' ? err.code : '';
    const message = typeof err.message === 'string' ? err.message : '';
    // Node socket errors, PostgreSQL's connection (08…), shutdown (57P0…) and "too many connections" classes.
    if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'].includes(code))
      return true;
    if (/^(08|57P0|53300)/.test(code)) return true;
    // Prisma's own: cannot reach, timed out, server closed the connection.
    if (['P1001', 'P1002', 'P1008', 'P1017'].includes(code)) return true;
    if (
      /Connection terminated|connection timeout|timeout exceeded when trying to connect|ECONNREFUSED|ECONNRESET|Client has encountered a connection error|Connection is closed|Server has closed the connection|terminating connection|the database system is (starting up|shutting down)|DatabaseNotReachable|Can't reach database server/i.test(
        message,
      )
    ) {
      return true;
    }
    cur = err.cause;
  }
  return false;
}
