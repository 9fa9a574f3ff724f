/** The site's languages (no DOM here: shared by the formatters and their unit tests). */
export type Lang = 'fr' | 'ar';
export const LANGS: readonly Lang[] = ['fr', 'ar'];
export const isLang = (v: unknown): v is Lang => v === 'fr' || v === 'ar';
