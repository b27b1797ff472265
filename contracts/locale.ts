/** The languages the product writes to people in; Danish first, the default. */
export const LOCALES = ['da', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
