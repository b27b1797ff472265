import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { parse } from 'yaml';
import { z } from 'zod';

import { LOCALES, type Locale } from '../../contracts/locale.js';

const part = z.object({ subject: z.string(), text: z.string(), html: z.string() });
const templateFile = z.object({ da: part, en: part });

type Compiled = Record<Locale, { subject: HandlebarsTemplateDelegate; text: HandlebarsTemplateDelegate; html: HandlebarsTemplateDelegate }>;

const dir = fileURLToPath(new URL('./templates/', import.meta.url));
const layout = Handlebars.compile(readFileSync(fileURLToPath(new URL('./layout.hbs', import.meta.url)), 'utf8'));
const FOOTER: Record<Locale, string> = {
  da: 'Denne e-mail er sendt automatisk. Svar gerne direkte til din kontaktperson.',
  en: 'This e-mail was sent automatically. Please reply to your contact person.',
};

/** Every template, compiled once at start-up; a template missing a locale fails loudly here. */
const templates: Map<string, Compiled> = new Map(
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => {
      const name = f.replace(/\.yaml$/, '');
      const doc = templateFile.parse(parse(readFileSync(dir + f, 'utf8')));
      const compiled = Object.fromEntries(
        LOCALES.map((l) => [
          l,
          {
            subject: Handlebars.compile(doc[l].subject, { noEscape: true, strict: true }),
            text: Handlebars.compile(doc[l].text, { noEscape: true, strict: true }),
            html: Handlebars.compile(doc[l].html, { strict: true }),
          },
        ]),
      ) as Compiled;
      return [name, compiled] as const;
    }),
);

export function templateNames(): string[] {
  return [...templates.keys()].sort();
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export class UnknownTemplateError extends Error {
  override name = 'UnknownTemplateError';
}

/** Renders a template (HTML-escaped values in the HTML body, wrapped in the shared layout). */
export function renderMail(template: string, locale: Locale, data: Record<string, unknown>): RenderedMail {
  const t = templates.get(template)?.[locale];
  if (!t) throw new UnknownTemplateError(`no e-mail template "${template}" for locale "${locale}"`);
  const subject = t.subject(data).trim();
  const body = t.html(data);
  return {
    subject,
    text: t.text(data),
    html: layout({ subject, body, locale, programme: data.programme ?? 'Dobbeltspor', footer: FOOTER[locale] }),
  };
}
