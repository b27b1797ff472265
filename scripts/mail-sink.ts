import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { mailSinkPage } from './mail-sink-pages.js';

export interface ReceivedMail {
  envelopeTo: string[];
  parsed: ParsedMail;
  /** The message exactly as it came over SMTP, for checks that must not trust a parser. */
  raw: Buffer;
  receivedAt: Date;
}

export interface MailSinkOptions {
  /** `false` counts the mail without keeping it (a benchmark's thousands of messages). */
  keep?: boolean;
  /** A directory to keep every message in (`<n>.eml` beside its envelope), so they survive a restart. */
  storeDir?: string;
}

/**
 * A real SMTP server on loopback that keeps what it receives: used by the tests (assertions on the
 * parsed messages) and by `npm start` (web pages show each message's headers, text, HTML, raw
 * source and attachments, and /api/messages lists them). Optionally rejects recipients, to exercise
 * bounces.
 */
export class MailSink {
  readonly messages: ReceivedMail[] = [];
  /** Messages accepted in all, also those not kept. */
  received = 0;

  constructor(private readonly opts: MailSinkOptions = {}) {}

  private smtp?: SMTPServer;
  private http?: Server;
  private waiters: Array<() => void> = [];
  /** Recipients for which RCPT TO is refused with a permanent 550. */
  readonly rejectRecipients = new Set<string>();
  /** Number of next messages to refuse with a temporary 451 (an SMTP outage). */
  failNext = 0;

  /** Reads the messages kept in `storeDir` by earlier runs. */
  private async load(): Promise<void> {
    const dir = this.opts.storeDir!;
    mkdirSync(dir, { recursive: true });
    const files = readdirSync(dir)
      .filter((f) => /^\d+\.eml$/.test(f))
      .sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
    for (const file of files) {
      const raw = readFileSync(join(dir, file));
      const meta = JSON.parse(readFileSync(join(dir, file.replace(/\.eml$/, '.json')), 'utf8')) as {
        envelopeTo: string[];
        receivedAt: string;
      };
      this.messages.push({ envelopeTo: meta.envelopeTo, parsed: await simpleParser(raw), raw, receivedAt: new Date(meta.receivedAt) });
    }
  }

  private keepMessage(mail: ReceivedMail): void {
    const n = this.messages.push(mail) - 1;
    if (this.opts.storeDir) {
      const base = join(this.opts.storeDir, String(n).padStart(6, '0'));
      writeFileSync(`${base}.json`, JSON.stringify({ envelopeTo: mail.envelopeTo, receivedAt: mail.receivedAt.toISOString() }));
      writeFileSync(`${base}.eml`, mail.raw);
    }
  }

  async start(port = 0): Promise<number> {
    if (this.opts.storeDir) await this.load();
    this.smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, cb) => {
        if (this.rejectRecipients.has(address.address.toLowerCase())) {
          const err = new Error('mailbox unavailable') as Error & { responseCode: number };
          err.responseCode = 550;
          return cb(err);
        }
        cb();
      },
      onData: (stream, session, cb) => {
        if (this.failNext > 0) {
          this.failNext--;
          stream.resume();
          const err = new Error('try again later') as Error & { responseCode: number };
          err.responseCode = 451;
          stream.on('end', () => cb(err));
          return;
        }
        if (this.opts.keep === false) {
          stream.on('end', () => {
            this.received++;
            cb();
          });
          stream.resume();
          return;
        }
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', cb);
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          simpleParser(raw)
            .then((parsed) => {
              this.received++;
              this.keepMessage({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), parsed, raw, receivedAt: new Date() });
              this.waiters.splice(0).forEach((w) => w());
              cb();
            })
            .catch(cb);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.smtp!.once('error', reject);
      this.smtp!.listen(port, '127.0.0.1', () => resolve());
    });
    return (this.smtp.server.address() as AddressInfo).port;
  }

  get smtpUrl(): string {
    return `smtp://127.0.0.1:${(this.smtp!.server.address() as AddressInfo).port}`;
  }

  to(address: string): ReceivedMail[] {
    const a = address.toLowerCase();
    return this.messages.filter((m) => m.envelopeTo.some((t) => t.toLowerCase() === a));
  }

  /** Resolves once `predicate` holds for the received messages (or rejects after `timeoutMs`). */
  async waitFor(predicate: (all: ReceivedMail[]) => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.messages)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`mail sink: condition not met within ${timeoutMs} ms (${this.messages.length} messages)`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** The web pages and /api/messages on loopback (for `npm start`); see mail-sink-pages.ts. */
  async serveWeb(port: number): Promise<string> {
    this.http = createServer((req, res) => mailSinkPage(this.messages, req, res));
    await new Promise<void>((resolve, reject) => {
      this.http!.once('error', reject);
      this.http!.listen(port, '127.0.0.1', resolve);
    });
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.smtp ? this.smtp.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (this.http ? this.http.close(() => resolve()) : resolve()));
  }
}
