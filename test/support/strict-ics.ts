// Two calendar readers that share nothing with the code that writes the files: Mozilla's ical.js
// (Thunderbird's parser) and Python's icalendar with recurring-ical-events (stricter: an empty or
// malformed property is reported as broken and the event is not expanded).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import ICAL from 'ical.js';

export interface Occurrence {
  /** Local wall-clock start and end with their UTC offset, e.g. 2027-11-15T09:00:00+01:00. */
  start: string;
  end: string;
  zone: string;
}

export interface IcalJsReading {
  method: string;
  uid: string;
  sequence: number;
  organizer: string;
  attendees: Array<{ address: string; rsvp: string | undefined }>;
  description: string;
  occurrences: Occurrence[];
}

/** Local time with offset in the event's zone, as Python's isoformat() writes it. */
function localIso(t: ICAL.Time): string {
  const offset = t.utcOffset();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${t.year}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}${sign}${pad(Math.floor(abs / 3600))}:${pad(Math.floor((abs % 3600) / 60))}`;
}

/** Parses with ical.js and expands the single VEVENT (its VTIMEZONE registered, as a client does). */
export function readWithIcalJs(text: string): IcalJsReading {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  const vevents = calendar.getAllSubcomponents('vevent');
  if (vevents.length !== 1) throw new Error(`expected one VEVENT, found ${vevents.length}`);
  const vevent = vevents[0]!;
  const event = new ICAL.Event(vevent);
  const occurrences: Occurrence[] = [];
  const iterator = event.iterator();
  for (let next = iterator.next(); next && occurrences.length < 100; next = iterator.next()) {
    const details = event.getOccurrenceDetails(next);
    occurrences.push({ start: localIso(details.startDate), end: localIso(details.endDate), zone: details.startDate.zone?.tzid ?? '' });
  }
  return {
    method: String(calendar.getFirstPropertyValue('method') ?? ''),
    uid: event.uid,
    sequence: event.sequence,
    organizer: String(vevent.getFirstPropertyValue('organizer') ?? ''),
    attendees: vevent
      .getAllProperties('attendee')
      .map((p) => ({ address: String(p.getFirstValue()), rsvp: p.getParameter('rsvp') as string | undefined })),
    description: event.description,
    occurrences,
  };
}

export interface PythonReading {
  errors: string[];
  method: string;
  occurrences: Occurrence[];
  expandError?: string;
}

const CHECK = fileURLToPath(new URL('./ical-check.py', import.meta.url));

/** Reads with Python's icalendar 7.3 and expands with recurring-ical-events 3.8.2 (the venv of scripts/provision/python-ical.ts). */
export function readWithPython(python: string, text: string): PythonReading {
  const res = spawnSync(python, [CHECK], { input: text, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`the Python calendar check failed: ${res.stderr}`);
  return JSON.parse(res.stdout) as PythonReading;
}
