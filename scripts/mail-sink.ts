import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelopeTo: string[];
  /** The message exactly as it came over SMTP, for checks that must not trust a parser. */
  raw: Buffer;
  parsed: ParsedMail;
  receivedAt: Date;
}

/**
 * A real SMTP server on loopback that keeps what it receives: used by the tests (assertions on the
 * parsed messages) and by `npm start` (a web page lists the mail). Optionally rejects recipients,
 * to exercise bounces.
 */
export class MailSink {
  readonly messages: ReceivedMail[] = [];
  /** Messages accepted in all, also those not kept. */
  received = 0;

  /** `keep: false` counts the mail without keeping it (a benchmark's thousands of messages). */
  constructor(private readonly opts: { keep?: boolean } = {}) {}

  private smtp?: SMTPServer;
  private http?: Server;
  private waiters: Array<() => void> = [];
  /** Recipients for which RCPT TO is refused with a permanent 550. */
  readonly rejectRecipients = new Set<string>();
  /** Number of next messages to refuse with a temporary 451 (an SMTP outage). */
  failNext = 0;

  async start(port = 0): Promise<number> {
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
        stream.on('data', (c: Buffer) => chunks.push(c));
        new Promise<Buffer>((resolve, reject) => {
          stream.on('end', () => resolve(Buffer.concat(chunks)));
          stream.on('error', reject);
        })
          .then(async (raw) => ({ raw, parsed: await simpleParser(raw) }))
          .then(({ raw, parsed }) => {
            this.received++;
            this.messages.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw, parsed, receivedAt: new Date() });
            this.waiters.splice(0).forEach((w) => w());
            cb();
          })
          .catch(cb);
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

  /** A small web page listing the received mail, newest first (for `npm start`). */
  async serveWeb(port: number): Promise<string> {
    this.http = createServer((req, res) => {
      const m = /^\/messages\/(\d+)$/.exec(req.url ?? '');
      if (m) {
        const mail = this.messages[Number(m[1])];
        if (!mail) return void res.writeHead(404).end('not found');
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return void res.end(typeof mail.parsed.html === 'string' ? mail.parsed.html : `<pre>${escape(mail.parsed.text ?? '')}</pre>`);
      }
      const rows = this.messages
        .map((mail, i) => ({ mail, i }))
        .reverse()
        .map(({ mail, i }) => `<tr><td>${mail.receivedAt.toISOString()}</td><td>${escape(mail.envelopeTo.join(', '))}</td><td><a href="/messages/${i}">${escape(mail.parsed.subject ?? '(no subject)')}</a></td><td>${mail.parsed.attachments.map((a) => escape(a.filename ?? a.contentType)).join(', ')}</td></tr>`)
        .join('');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>Mail sink</title>
<style>body{font-family:system-ui;margin:2rem}td,th{padding:.3rem .6rem;border-bottom:1px solid #ddd;text-align:left}</style>
<h1>Mail sink (${this.messages.length})</h1><table><tr><th>received</th><th>to</th><th>subject</th><th>attachments</th></tr>${rows}</table>`);
    });
    await new Promise<void>((resolve) => this.http!.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.smtp ? this.smtp.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (this.http ? this.http.close(() => resolve()) : resolve()));
  }
}

function escape(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
