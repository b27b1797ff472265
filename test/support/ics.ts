import ical, { type VEvent } from 'node-ical';
import type { ReceivedMail } from '../../scripts/mail-sink.js';

export interface ReceivedEvent {
  method: string | undefined;
  event: VEvent;
  /** Start and end of every day of the event, as ISO instants. */
  days: Array<{ start: string; end: string }>;
  attendees: string[];
}

/** Parses the calendar attachment of a received e-mail with node-ical (a real iCalendar parser). */
export function calendarOf(mail: ReceivedMail): ReceivedEvent {
  const attachment = mail.parsed.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  if (!attachment) throw new Error(`no calendar attachment in "${mail.parsed.subject}"`);
  const parsed = ical.sync.parseICS(attachment.content.toString('utf8'));
  const events = Object.values(parsed).filter((c): c is VEvent => c?.type === 'VEVENT');
  if (events.length !== 1) throw new Error(`expected one VEVENT, found ${events.length}`);
  const event = events[0]!;
  const days = ical
    .expandRecurringEvent(event, { from: new Date('2000-01-01'), to: new Date('2100-01-01') })
    .map((i) => ({ start: new Date(i.start).toISOString(), end: new Date(i.end).toISOString() }));
  const raw = event.attendee as unknown;
  const list = (Array.isArray(raw) ? raw : raw ? [raw] : []) as Array<{ val: string } | string>;
  return {
    method: (event as unknown as { method?: string }).method,
    event,
    days,
    attendees: list.map((a) => (typeof a === 'string' ? a : a.val).replace(/^mailto:/i, '').toLowerCase()),
  };
}
