// Writing values into the console's pages: every text from the API is escaped before it joins the HTML.

/** The value as HTML text: `&`, `<`, `>` and quotes escaped. */
export function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

// Dates, times and numbers as in Denmark whatever the browser's zone and language: Europe/Copenhagen
// with the zone named (CET/CEST), Danish number format. English pages keep the zone and the format of
// the numbers' language.
const ZONE = 'Europe/Copenhagen';
const locale = (lang) => (lang === 'en' ? 'en-GB' : 'da-DK');

/** "tor. 19. nov. 2026 09.00 CET": an instant (ISO string) in Copenhagen time with the zone. */
export function formatInstant(iso, lang = 'da') {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: ZONE,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(d);
}

/** "09.00 CET": the time of an instant in Copenhagen with the zone. */
export function formatTime(iso, lang = 'da') {
  return new Intl.DateTimeFormat(locale(lang), { timeZone: ZONE, hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(
    new Date(iso),
  );
}

/** "man. 2. nov. 2026": a calendar day (YYYY-MM-DD), which has no time and no zone. */
export function formatDay(day, lang = 'da') {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(String(day ?? ''))) return String(day ?? '');
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(new Date(`${day}T00:00:00Z`));
}

/** The day (YYYY-MM-DD) an instant falls on in Copenhagen. */
export function copenhagenDay(iso) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}

/** "1.234,5" in Danish. */
export function formatNumber(n, lang = 'da') {
  return new Intl.NumberFormat(locale(lang)).format(n);
}

/** "12.345,00 kr." in Danish, "DKK 12,345.00" in English: an amount in kroner. */
export function formatAmount(kroner, lang = 'da') {
  const figure = new Intl.NumberFormat(locale(lang), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(kroner);
  return lang === 'en' ? `DKK ${figure}` : `${figure} kr.`;
}
