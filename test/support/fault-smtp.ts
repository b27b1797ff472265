import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface Delivery {
  messageId: string;
  recipient: string;
}

/**
 * A real SMTP server on loopback for fault tests. It counts a message as delivered only once it has
 * answered 250 on a connection still open (before that, as for any mail server, the sender still
 * owns the message), and lets a test act at the moment a message has arrived but is not answered
 * yet (`beforeReply`) or has just been answered (`afterReply`): cut the database, kill the worker.
 */
export class FaultSmtp {
  readonly deliveries: Delivery[] = [];
  /** Messages that arrived and got no 250 because their connection was gone first. */
  readonly dropped: Delivery[] = [];
  private server?: SMTPServer;
  private waiters: Array<() => void> = [];
  port = 0;
  /** Called with each arrived message before it is answered; the answer waits for the promise. */
  beforeReply?: (d: Delivery) => Promise<void> | void;
  /** Called once a message has been answered 250. */
  afterReply?: (d: Delivery) => void;

  async start(port = 0): Promise<number> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onConnect: (session, cb) => {
        this.openSessions.add(session.id);
        cb();
      },
      onClose: (session) => {
        this.openSessions.delete(session.id);
      },
      onData: (stream, session: SMTPServerSession, cb) => {
        simpleParser(stream)
          .then(async (parsed) => {
            const deliveriesOf = session.envelope.rcptTo.map((r) => ({ messageId: parsed.messageId ?? '', recipient: r.address }));
            for (const d of deliveriesOf) await this.beforeReply?.(d);
            if (!this.isOpen(session)) {
              this.dropped.push(...deliveriesOf);
              return cb(new Error('connection gone'));
            }
            this.deliveries.push(...deliveriesOf);
            cb();
            for (const d of deliveriesOf) this.afterReply?.(d);
            this.waiters.splice(0).forEach((w) => w());
          })
          .catch(cb);
      },
    });
    server.on('error', () => undefined);
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    return this.port;
  }

  private readonly openSessions = new Set<string>();

  private isOpen(session: SMTPServerSession): boolean {
    return this.openSessions.has(session.id);
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Stops listening and drops open connections: senders get connection errors. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Deliveries per Message-ID and recipient: every value should be 1. */
  counts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const d of this.deliveries) counts.set(`${d.messageId} ${d.recipient}`, (counts.get(`${d.messageId} ${d.recipient}`) ?? 0) + 1);
    return counts;
  }

  async waitFor(predicate: () => boolean, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error('timed out waiting for mail');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }
}
