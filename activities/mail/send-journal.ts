import { Context } from '@temporalio/activity';

/** What an e-mail activity heartbeats to Temporal: the keys the SMTP server has accepted (250). */
interface SendJournalDetails {
  smtpAccepted: string[];
}

/**
 * The running e-mail activity's link to Temporal: its heartbeats, cancellable pauses, and the keys
 * whose message the SMTP server has accepted. Those keys travel in the heartbeat details, which
 * Temporal keeps and hands to the next attempt of the same activity, so an attempt that follows a
 * failed status write (the database away after the 250) records the send instead of sending again.
 * Outside an activity (a script, a direct call in a test) heartbeats are no-ops and pauses plain.
 */
export interface SendJournal {
  /** True when this activity (this or an earlier attempt) had `key` accepted by the SMTP server. */
  accepted(key: string): boolean;
  /** Notes the SMTP server's acceptance of `key` and heartbeats it at once. */
  noteAccepted(key: string): void;
  /** A heartbeat carrying the accepted keys: tells Temporal this attempt is alive. */
  beat(): void;
  /** A pause that ends early, with Temporal's CancelledFailure, when the attempt is cancelled or timed out. */
  sleep(ms: number): Promise<void>;
}

const journals = new WeakMap<Context, Set<string>>();

function acceptedIn(details: unknown): string[] {
  const keys = (details as Partial<SendJournalDetails> | undefined)?.smtpAccepted;
  return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : [];
}

function currentContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

export function sendJournal(): SendJournal {
  const ctx = currentContext();
  if (!ctx) {
    const keys = new Set<string>();
    return {
      accepted: (key) => keys.has(key),
      noteAccepted: (key) => void keys.add(key),
      beat: () => undefined,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    };
  }
  let keys = journals.get(ctx);
  if (!keys) {
    keys = new Set(acceptedIn(ctx.info.heartbeatDetails));
    journals.set(ctx, keys);
  }
  const set = keys;
  const beat = () => ctx.heartbeat({ smtpAccepted: [...set] } satisfies SendJournalDetails);
  return {
    accepted: (key) => set.has(key),
    noteAccepted(key) {
      set.add(key);
      beat();
    },
    beat,
    sleep: (ms) => ctx.sleep(ms),
  };
}
