// The console's language: Danish unless the user chose English (the choice is kept in this browser;
// `?lang=en` in an address chooses too). Each page keeps its own texts in both languages.

const KEY = 'dobbeltspor-lang';

/** 'da' or 'en'. */
export function currentLanguage() {
  const asked = new URLSearchParams(location.search).get('lang');
  if (asked === 'da' || asked === 'en') localStorage.setItem(KEY, asked);
  return localStorage.getItem(KEY) === 'en' ? 'en' : 'da';
}

/** The page's texts in the current language: `texts = { da: {...}, en: {...} }`. */
export function textsFor(texts) {
  const lang = currentLanguage();
  document.documentElement.lang = lang;
  return { lang, t: texts[lang] };
}

/** A Dansk/English switch in `where`; choosing reloads the page in that language. */
export function languageSwitch(where) {
  const lang = currentLanguage();
  const select = document.createElement('select');
  select.id = 'language';
  select.dataset.testid = 'language';
  select.setAttribute('aria-label', lang === 'en' ? 'Language' : 'Sprog');
  for (const [value, label] of [
    ['da', 'Dansk'],
    ['en', 'English'],
  ]) {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = label;
    select.append(o);
  }
  select.value = lang;
  select.addEventListener('change', () => {
    localStorage.setItem(KEY, select.value);
    const q = new URLSearchParams(location.search);
    q.delete('lang');
    location.search = q.toString();
  });
  where.append(select);
}

/**
 * Calls `refresh` every `ms` while the page is visible, and at once when it becomes visible again:
 * lists stay current without a reload.
 */
export function keepFresh(refresh, ms) {
  setInterval(() => {
    if (document.visibilityState === 'visible') refresh();
  }, ms);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') refresh();
  });
}
