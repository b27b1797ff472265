import { readFileSync } from 'node:fs';
import ical, { type VEvent } from 'node-ical';
import { describe, expect, inject, it } from 'vitest';
import { campEvent, campEventAttachment, type CampEventInput } from '../activities/mail/ics.js';
import { readWithIcalJs, readWithPython } from './support/strict-ics.js';

const base: CampEventInput = {
  uid: 'klynge-1-2026-bootcamp@dobbeltspor',
  sequence: 0,
  method: 'REQUEST',
  title: 'Bootcamp',
  description: 'To dages opstart',
  location: 'Kolding Kulturhus',
  days: ['2026-11-16', '2026-11-17'],
  startTime: '09:00',
  endTime: '16:00',
  organizer: { name: 'Karen Koordinator', email: 'koordinator@dobbeltspor.dk' },
  attendee: { name: 'Mette Madsen', email: 'mette@groenne-hjerter.dk' },
  url: 'http://127.0.0.1:3000/rsvp/abc',
  stamp: new Date('2026-10-01T08:00:00Z'),
};

function parseOne(text: string): { event: VEvent; method: unknown } {
  const parsed = ical.sync.parseICS(text);
  const events = Object.values(parsed).filter((c): c is VEvent => c?.type === 'VEVENT');
  expect(events).toHaveLength(1);
  return { event: events[0]!, method: (parsed as Record<string, unknown>).method ?? (events[0] as unknown as { method?: string }).method };
}

function instances(event: VEvent): Array<{ start: string; end: string }> {
  return ical
    .expandRecurringEvent(event, { from: new Date('2026-01-01'), to: new Date('2028-01-01') })
    .map((i) => ({ start: new Date(i.start).toISOString(), end: new Date(i.end).toISOString() }));
}

describe('camp calendar events (RFC 5545, read back with node-ical)', () => {
  it('a two-day boot camp on consecutive days: both days at 09–16 Copenhagen time, UID, attendee, organiser', () => {
    const text = campEvent(base);
    expect(text).toContain('\r\n');
    expect(text).toMatch(/^METHOD:REQUEST\r?$/m);
    expect(text).toMatch(/^DTSTART;TZID=Europe\/Copenhagen:20261116T090000\r?$/m);
    expect(text).toMatch(/^BEGIN:VTIMEZONE\r?\nTZID:Europe\/Copenhagen/m);
    const { event, method } = parseOne(text);
    expect(method).toBe('REQUEST');
    expect(event.uid).toBe(base.uid);
    expect(Number(event.sequence)).toBe(0);
    expect(event.location).toBe('Kolding Kulturhus');
    expect(event.summary).toBe('Bootcamp');
    const attendee = event.attendee as unknown as { val: string; params: { CN: string } };
    expect(attendee.val.toLowerCase()).toBe('mailto:mette@groenne-hjerter.dk');
    expect(attendee.params.CN).toBe('Mette Madsen');
    expect(String((event.organizer as unknown as { val: string }).val)).toBe('mailto:koordinator@dobbeltspor.dk');
    // 09:00 CET = 08:00 UTC in November.
    expect(instances(event)).toEqual([
      { start: '2026-11-16T08:00:00.000Z', end: '2026-11-16T15:00:00.000Z' },
      { start: '2026-11-17T08:00:00.000Z', end: '2026-11-17T15:00:00.000Z' },
    ]);
  });

  it('a two-day camp over a weekend and a summer-time change keeps 09:00 local on both days', () => {
    // Friday 23 October 2026 (CEST) and Monday 26 October 2026 (CET).
    const { event } = parseOne(campEvent({ ...base, days: ['2026-10-23', '2026-10-26'] }));
    expect(instances(event)).toEqual([
      { start: '2026-10-23T07:00:00.000Z', end: '2026-10-23T14:00:00.000Z' },
      { start: '2026-10-26T08:00:00.000Z', end: '2026-10-26T15:00:00.000Z' },
    ]);
  });

  it('a one-day camp has no recurrence', () => {
    const text = campEvent({ ...base, days: ['2027-02-15'], startTime: '09:00', endTime: '15:00' });
    expect(text.slice(text.indexOf('BEGIN:VEVENT'))).not.toContain('RRULE');
    const { event } = parseOne(text);
    expect(instances(event)).toEqual([{ start: '2027-02-15T08:00:00.000Z', end: '2027-02-15T14:00:00.000Z' }]);
  });

  it('an update keeps the UID with a higher SEQUENCE; a cancellation says METHOD:CANCEL and STATUS:CANCELLED', () => {
    const moved = parseOne(campEvent({ ...base, sequence: 1, days: ['2026-11-18', '2026-11-19'] }));
    expect(moved.event.uid).toBe(base.uid);
    expect(Number(moved.event.sequence)).toBe(1);
    expect(instances(moved.event)[0]!.start).toBe('2026-11-18T08:00:00.000Z');

    const cancel = campEventAttachment({ ...base, sequence: 2, method: 'CANCEL' });
    expect(cancel.contentType).toBe('text/calendar; charset=utf-8; method=CANCEL');
    const cancelled = parseOne(cancel.content);
    expect(cancelled.method).toBe('CANCEL');
    expect(cancelled.event.uid).toBe(base.uid);
    expect(Number(cancelled.event.sequence)).toBe(2);
    expect(cancelled.event.status).toBe('CANCELLED');
  });

  it('DTSTAMP is in UTC', () => {
    expect(campEvent(base)).toMatch(/^DTSTAMP:20261001T080000Z\r?$/m);
  });
});

describe('camp calendar events read by strict independent parsers (ical.js; Python icalendar + recurring-ical-events)', () => {
  const python = inject('icalPythonPath');
  const bootCampDays = [
    { start: '2026-11-16T09:00:00+01:00', end: '2026-11-16T16:00:00+01:00', zone: 'Europe/Copenhagen' },
    { start: '2026-11-17T09:00:00+01:00', end: '2026-11-17T16:00:00+01:00', zone: 'Europe/Copenhagen' },
  ];

  it('a two-day boot camp has no EXDATE line and expands to both days at 09:00–16:00 in Europe/Copenhagen', () => {
    const text = campEvent(base);
    // RFC 5545 §3.8.5.1: EXDATE needs at least one value; with no day skipped there is no EXDATE.
    expect(text).not.toMatch(/^EXDATE/m);
    const strict = readWithPython(python, text);
    expect(strict.errors).toEqual([]);
    expect(strict.expandError).toBeUndefined();
    expect(strict.method).toBe('REQUEST');
    expect(strict.occurrences).toEqual(bootCampDays);
    expect(readWithIcalJs(text).occurrences).toEqual(bootCampDays);
  });

  it('a camp over a weekend and the end of summer time lists the skipped days in EXDATE and both readers agree', () => {
    const text = campEvent({ ...base, days: ['2026-10-23', '2026-10-26'] });
    expect(text).toMatch(/^EXDATE;TZID=Europe\/Copenhagen:20261024T090000,20261025T090000\r?$/m);
    const expected = [
      { start: '2026-10-23T09:00:00+02:00', end: '2026-10-23T16:00:00+02:00', zone: 'Europe/Copenhagen' },
      { start: '2026-10-26T09:00:00+01:00', end: '2026-10-26T16:00:00+01:00', zone: 'Europe/Copenhagen' },
    ];
    const strict = readWithPython(python, text);
    expect(strict.errors).toEqual([]);
    expect(strict.occurrences).toEqual(expected);
    expect(readWithIcalJs(text).occurrences).toEqual(expected);
  });

  it('the organiser is the named contact person and a calendar reply is asked for, so an Accept reaches a person', () => {
    const read = readWithIcalJs(campEvent(base));
    expect(read.organizer).toBe('mailto:koordinator@dobbeltspor.dk');
    expect(read.attendees.map((a) => ({ ...a, address: a.address.toLowerCase() }))).toEqual([
      { address: 'mailto:mette@groenne-hjerter.dk', rsvp: 'TRUE' },
    ]);
  });

  it('the shipped docs/sample-invitation.ics is valid and expands to the two boot-camp days', () => {
    const text = readFileSync(new URL('../docs/sample-invitation.ics', import.meta.url), 'utf8');
    const days = [
      { start: '2027-11-15T09:00:00+01:00', end: '2027-11-15T16:00:00+01:00', zone: 'Europe/Copenhagen' },
      { start: '2027-11-16T09:00:00+01:00', end: '2027-11-16T16:00:00+01:00', zone: 'Europe/Copenhagen' },
    ];
    const strict = readWithPython(python, text);
    expect(strict.errors).toEqual([]);
    expect(strict.expandError).toBeUndefined();
    expect(strict.occurrences).toEqual(days);
    const read = readWithIcalJs(text);
    expect(read.occurrences).toEqual(days);
    expect(read.description).toContain('kun det svar registreres');
  });
});
