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

/** English words the console's pages used to show, whole words, case as shown (none of them a Danish word too, as "sent" and "Status" are). */
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

/** The English words and the raw enum values found in `text`, each with the text around it. */
export function leftovers(text: string, english = ENGLISH_WORDS): string[] {
  const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const patterns = [
    ...english.map((w) => new RegExp(`(?<![\\p{L}-])${escape(w)}(?![\\p{L}-])`, 'u')),
    ...schemaEnumValues().map((v) => new RegExp(`\\b${v}\\b`)),
  ];
  return patterns.flatMap((p) => {
    const m = p.exec(text);
    return m ? [`${m[0]} in «${text.slice(Math.max(0, m.index - 30), m.index + m[0].length + 30).replace(/\s+/g, ' ')}»`] : [];
  });
}
