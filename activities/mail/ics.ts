// Calendar events for camp invitations (RFC 5545 with iTIP methods, RFC 5546). One VEVENT per camp
// with a stable UID, so a moved camp (METHOD:REQUEST, higher SEQUENCE) replaces the event in the
// recipient's calendar and a cancelled one (METHOD:CANCEL) removes it. A camp of several working days
// is one event repeated daily until its last day, with the non-working days in between excluded.
//
// Who answers what: a company answers through its personal link, which is the only answer the
// programme records. A calendar's Accept/Decline still sends an iTIP REPLY to the ORGANIZER, so the
// organiser is the company's named contact person (the partnership's employment actor) with an
// address a person reads, and RSVP=TRUE asks clients to send that reply rather than swallow it: a
// company that only clicks Accept reaches a human who can record it, instead of believing it has
// answered when nobody heard. The event's description says so in words.
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventRepeatingFreq, ICalEventStatus } from 'ical-generator';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { addDays, instantAt, PROGRAMME_TIME_ZONE, type LocalDate } from '../../domain/calendar.js';

export interface CalendarPerson {
  name: string;
  email: string;
}

export interface CampEventInput {
  /** The camp's stable UID (Camp.uid). */
  uid: string;
  /** Camp.sequence: 0 for the first invitation, higher for every change. */
  sequence: number;
  method: 'REQUEST' | 'CANCEL';
  title: string;
  description: string;
  location: string;
  /** The camp's working days, in order. */
  days: LocalDate[];
  /** Local wall-clock hours each day, e.g. '09:00' and '16:00'. */
  startTime: string;
  endTime: string;
  /** The company's named contact person: calendar replies go to this address, which a person reads. */
  organizer: CalendarPerson;
  attendee: CalendarPerson;
  /** The personal answer page. */
  url?: string;
  /** DTSTAMP: when this version of the event was produced. */
  stamp: Date;
  timeZone?: string;
}

/**
 * The VTIMEZONE block of a zone. The tz database keeps Europe/Copenhagen as a link to Europe/Berlin
 * (identical rules since 1980), and the library answers with the link's target; the events name
 * Copenhagen, so the block is given that TZID too.
 */
function vtimezone(timeZone: string): string | null {
  const [block] = tzlib_get_ical_block(timeZone);
  if (!block) return null;
  return block.replace(/^TZID:.*$/m, `TZID:${timeZone}`).replace(/^X-LIC-LOCATION:.*$/m, `X-LIC-LOCATION:${timeZone}`);
}

/**
 * A local wall-clock time in a zone, in the shape of a Temporal ZonedDateTime that ical-generator
 * formats as `DTSTART;TZID=<zone>:<local time>`. (Native Dates would be written in the process's own
 * zone.) Only the members the library reads are provided.
 */
function wallClock(date: LocalDate, time: string, timeZoneId: string) {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const text = `${date}T${time}:00`;
  const epochMilliseconds = instantAt(date, time, timeZoneId);
  const plainDate = { year, month, day, toJSON: () => date, toString: () => date };
  const instant = {
    epochMilliseconds,
    toJSON: () => new Date(epochMilliseconds).toISOString(),
    toString: () => new Date(epochMilliseconds).toISOString(),
    toZonedDateTimeISO: () => zoned,
  };
  const plain = {
    year,
    month,
    day,
    hour,
    minute,
    second: 0,
    toJSON: () => text,
    toString: () => text,
    toPlainDate: () => plainDate,
    toZonedDateTime: () => zoned,
  };
  const zoned = {
    year,
    month,
    day,
    hour,
    minute,
    second: 0,
    timeZoneId,
    toJSON: () => `${text}[${timeZoneId}]`,
    toString: () => `${text}[${timeZoneId}]`,
    toInstant: () => instant,
    toPlainDateTime: () => plain,
    withTimeZone: (tz: string) => {
      if (tz !== timeZoneId) throw new Error(`wall-clock time in ${timeZoneId} asked for ${tz}`);
      return zoned;
    },
  };
  return zoned;
}

/** The .ics text (CRLF line ends, folded lines) of one camp event for one attendee. */
export function campEvent(input: CampEventInput): string {
  const timeZone = input.timeZone ?? PROGRAMME_TIME_ZONE;
  if (input.days.length === 0) throw new Error('a camp needs at least one day');
  const first = input.days[0]!;
  const last = input.days[input.days.length - 1]!;
  const calendar = ical({
    prodId: { company: 'Dobbeltspor', product: 'camp-invitations', language: 'DA' },
    method: input.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    // No calendar-wide zone: DTSTAMP and UNTIL stay in UTC as RFC 5545 requires; the event's zone
    // still brings its VTIMEZONE block through the generator.
    timezone: { name: null, generator: vtimezone },
  });
  const event = calendar.createEvent({
    id: input.uid,
    sequence: input.sequence,
    stamp: input.stamp,
    start: wallClock(first, input.startTime, timeZone),
    end: wallClock(first, input.endTime, timeZone),
    timezone: timeZone,
    summary: input.title,
    description: input.description,
    location: input.location,
    url: input.url ?? null,
    status: input.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: input.organizer.name, email: input.organizer.email },
  });
  event.createAttendee({
    name: input.attendee.name,
    email: input.attendee.email,
    role: ICalAttendeeRole.REQ,
    status: ICalAttendeeStatus.NEEDSACTION,
    // The answer that counts is the personal link; a calendar reply still reaches the contact person.
    rsvp: true,
  });
  if (input.days.length > 1) {
    const wanted = new Set(input.days);
    const skipped: Array<ReturnType<typeof wallClock>> = [];
    for (let d = addDays(first, 1); d < last; d = addDays(d, 1)) {
      if (!wanted.has(d)) skipped.push(wallClock(d, input.startTime, timeZone));
    }
    event.repeating({
      freq: ICalEventRepeatingFreq.DAILY,
      until: new Date(instantAt(last, input.endTime, timeZone)),
      // No EXDATE at all when no day is skipped: an empty EXDATE value is invalid (RFC 5545 §3.8.5.1).
      ...(skipped.length > 0 ? { exclude: skipped } : {}),
    });
  }
  return calendar.toString();
}

/** The attachment as the outbox stores it: `method` in the content type lets mail clients show it as an invitation. */
export function campEventAttachment(input: CampEventInput): { filename: string; content: string; contentType: string } {
  return {
    filename: input.method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
    content: campEvent(input),
    contentType: `text/calendar; charset=utf-8; method=${input.method}`,
  };
}
