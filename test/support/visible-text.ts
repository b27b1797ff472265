import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/**
 * What a user of a console page reads: the rendered text (every collapsed form opened first), the
 * options of the selects, the placeholders and the page's title. Tooltips (`title`) are left out:
 * that is where ids may stand.
 */
export async function visibleText(page: Page): Promise<string> {
  // Run in the page, written as text: the test's own TypeScript has no DOM.
  return page.evaluate(`(() => {
    const details = [...document.querySelectorAll('details')];
    for (const d of details) d.open = true;
    const options = [...document.querySelectorAll('select option')].map((o) => o.textContent ?? '');
    const placeholders = [...document.querySelectorAll('[placeholder]')].map((el) => el.getAttribute('placeholder') ?? '');
    const text = [document.title, document.body.innerText, ...options, ...placeholders].join('\\n');
    for (const d of details) d.open = false;
    return text;
  })()`);
}

/** English words the console's pages used to show, whole words, case as shown. */
export const ENGLISH_WORDS = [
  'Tracks',
  'Cohort',
  'Cohorts',
  'Municipality',
  'Phase',
  'Search',
  'Name',
  'All',
  'Overdue',
  'overdue',
  'Loading',
  'Load more',
  'more below',
  'shown',
  'Next deadline',
  'Timeline',
  'Whole history',
  'participants',
  'companies',
  'slots',
  'sent',
  'pending',
  'failed',
  'Retry',
  'Resend',
  'Week of',
  'absent',
  'Outcome',
  'Ledger',
  'attempt',
  'attempts',
  'recorded by',
  'answer',
  'attended',
  'Pause track',
  'Close',
  'Not signed in',
  'Refused',
  'Done',
  'Reason',
  'Date',
  'Hours',
  'Companies',
  'Participants',
  'Attendance',
  'mentor meeting',
  'phase end',
  'check-in',
  'Language',
  'operator',
  'coordinator',
  'Back',
  'Status',
];

/** Every value of every enum of the schema (four letters or more): none of them is a word a user should read. */
export function schemaEnumValues(): string[] {
  const schema = readFileSync(new URL('../../prisma/schema.prisma', import.meta.url), 'utf8');
  const values = new Set<string>();
  for (const block of schema.matchAll(/^enum \w+ \{([^}]*)\}/gm))
    for (const line of block[1]!.split('\n')) {
      const value = line.trim().split(/\s/)[0] ?? '';
      if (/^[A-Z][A-Z_]{3,}$/.test(value)) values.add(value);
    }
  return [...values];
}

/** The English words and the raw enum values found in `text`. */
export function leftovers(text: string, english = ENGLISH_WORDS): string[] {
  const found = english.filter((w) => new RegExp(`(?<![\\p{L}-])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}-])`, 'u').test(text));
  const enums = schemaEnumValues().filter((v) => new RegExp(`\\b${v}\\b`).test(text));
  return [...found, ...enums];
}
