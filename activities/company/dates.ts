import { utcMidnightOf, type LocalDate } from '../../domain/calendar.js';
import type { Locale } from '../../contracts/locale.js';

const formats = {
  da: new Intl.DateTimeFormat('da-DK', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

/** "mandag den 16. november 2026" / "Monday 16 November 2026". */
export function formatDate(date: LocalDate, locale: Locale): string {
  // da-DK writes "mandag den 16. november 2026" by itself; en-GB puts a comma after the weekday.
  const text = formats[locale].format(utcMidnightOf(date));
  return locale === 'da' ? text : text.replace(',', '');
}

/** Camp days for a message: "mandag den 16. november 2026 og tirsdag den 17. november 2026". */
export function formatDays(days: readonly LocalDate[], locale: Locale): string {
  const parts = days.map((d) => formatDate(d, locale));
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} ${locale === 'da' ? 'og' : 'and'} ${parts[parts.length - 1]}`;
}
