// The console's pages, linked from each page's header, with the language switch and who is signed in.
import { languageSwitch } from './i18n.js';

const PAGES = [
  { href: '/console/work.html', da: 'Mine opgaver', en: 'My tasks', testid: 'work-link' },
  { href: '/console/dashboard.html', da: 'Overblik over klyngen', en: 'Cohort overview', testid: 'dashboard-link' },
  { href: '/console/calendar.html', da: 'Kalender', en: 'Calendar', testid: 'calendar-link' },
  { href: '/console/index.html', da: 'Forløb', en: 'Tracks', testid: 'tracks-link' },
  { href: '/console/stuck.html', da: 'Fastlåste workflows', en: 'Stuck workflows', testid: 'stuck-link' },
];

/** Fills `nav` with links to the other pages (the cohort in the address carried along) and the language switch. */
export function renderNav(nav, lang, cohortId) {
  // The track list is also the console's front page, /console/.
  const here = location.pathname === '/console/' ? '/console/index.html' : location.pathname;
  for (const p of PAGES) {
    const a = document.createElement('a');
    a.className = 'nav-link';
    a.dataset.testid = p.testid;
    a.href = cohortId && p.href !== '/console/stuck.html' ? `${p.href}?cohort=${encodeURIComponent(cohortId)}` : p.href;
    a.textContent = p[lang];
    if (here === p.href) a.setAttribute('aria-current', 'page');
    nav.append(a);
  }
  languageSwitch(nav);
}

/** "driftsvagt@… · drift": the role in words, never its internal name. */
export function roleName(role, lang) {
  const names = {
    da: { operator: 'drift', coordinator: 'koordinator', caseworker: 'sagsbehandler', staff: 'medarbejder', company: 'virksomhed' },
    en: { operator: 'operator', coordinator: 'coordinator', caseworker: 'caseworker', staff: 'staff member', company: 'company' },
  };
  return names[lang][role] ?? role;
}
