import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import ICAL from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailSink } from '../scripts/mail-sink.js';

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//test//EN',
  'METHOD:REQUEST',
  'BEGIN:VEVENT',
  'UID:bootcamp@test',
  'DTSTAMP:20261130T090000Z',
  'DTSTART:20261214T080000Z',
  'DTEND:20261214T150000Z',
  'SUMMARY:Bootcamp',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

// The sink of `npm start` as its user checks a mail: the headers, text and HTML, the raw source, the
// calendar attachment, and the same mail again after a restart.
describe('mail sink: what a person checking the mail sees, kept across restarts', () => {
  let store: string;
  let sink: MailSink;
  let web: string;

  beforeAll(async () => {
    store = mkdtempSync(join(tmpdir(), 'dobbeltspor-sink-'));
    sink = new MailSink({ storeDir: store });
    const port = await sink.start(0);
    web = await sink.serveWeb(0);
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    await transport.sendMail({
      from: 'Dobbeltspor <no-reply@dobbeltspor.local>',
      to: 'Carl Café <carl@cafe-limfjorden.example.dk>',
      subject: 'Bootcamp mandag den 14. december',
      messageId: '<invitation-1@dobbeltspor.local>',
      text: 'Ja, vi kommer: http://127.0.0.1:3000/rsvp/abc?answer=yes',
      html: '<p>Ja, <a href="http://127.0.0.1:3000/rsvp/abc?answer=yes">vi kommer</a></p><script>alert(1)</script>',
      icalEvent: { method: 'REQUEST', filename: 'invite.ics', content: ICS },
    });
    transport.close();
  });
  afterAll(async () => {
    await sink?.stop();
    rmSync(store, { recursive: true, force: true });
  });

  it('lists the message, and its page shows headers, text, HTML and the attachment', async () => {
    const list = (await (await fetch(`${web}/api/messages`)).json()) as Array<{
      id: number;
      subject: string;
      attachments: { filename: string }[];
    }>;
    expect(list).toHaveLength(1);
    expect(list[0]!.subject).toBe('Bootcamp mandag den 14. december');
    const page = await (await fetch(`${web}/messages/0`)).text();
    for (const text of [
      'carl@cafe-limfjorden.example.dk',
      'no-reply@dobbeltspor.local',
      '&#60;invitation-1@dobbeltspor.local&#62;',
      'Ja, vi kommer',
      'Raw source',
      'invite.ics',
    ])
      expect(page).toContain(text);
    const text = await (await fetch(`${web}/messages/0/text`)).text();
    expect(text).toContain('answer=yes');
    const html = await fetch(`${web}/messages/0/html`);
    expect(html.headers.get('content-security-policy')).toMatch(/sandbox/);
    expect(await html.text()).toContain('vi kommer</a>');
  });

  it('serves the raw source as received and the .ics for download, readable by an independent parser', async () => {
    const raw = Buffer.from(await (await fetch(`${web}/messages/0/raw`)).arrayBuffer());
    expect(raw.equals(sink.messages[0]!.raw)).toBe(true);
    const reparsed = await simpleParser(raw);
    expect(reparsed.messageId).toBe('<invitation-1@dobbeltspor.local>');
    const list = (await (await fetch(`${web}/api/messages`)).json()) as Array<{ attachments: { n: number; filename: string }[] }>;
    const ics = list[0]!.attachments.find((a) => a.filename === 'invite.ics')!;
    const download = await fetch(`${web}/messages/0/attachments/${ics.n}`);
    expect(download.headers.get('content-type')).toMatch(/^(text\/calendar|application\/ics)/);
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="invite.ics"');
    const events = Object.values(ICAL.sync.parseICS(await download.text())).filter((c) => c?.type === 'VEVENT');
    expect(events.map((e) => (e as { uid: string }).uid)).toEqual(['bootcamp@test']);
  });

  it('a sink started again on the same directory has the message, byte for byte', async () => {
    await sink.stop();
    const again = new MailSink({ storeDir: store });
    await again.start(0);
    try {
      expect(again.messages).toHaveLength(1);
      expect(again.messages[0]!.raw.equals(sink.messages[0]!.raw)).toBe(true);
      expect(again.messages[0]!.envelopeTo).toEqual(['carl@cafe-limfjorden.example.dk']);
      expect(again.messages[0]!.parsed.subject).toBe('Bootcamp mandag den 14. december');
    } finally {
      await again.stop();
    }
  });
});
