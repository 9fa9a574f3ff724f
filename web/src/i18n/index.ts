import { signal } from '@preact/signals';
import { ar } from './ar.ts';
import { type Dict, fr, type Key } from './fr.ts';

import { isLang, type Lang } from './lang.ts';

export { isLang, LANGS } from './lang.ts';
export type { Key, Lang };

const dictionaries: Record<Lang, Dict> = { fr, ar };
const STORAGE_KEY = 'rukhsa.lang';

/** The language of the page being shown (from its URL); every component reads it. */
export const lang = signal<Lang>('fr');

/** A translated string; `{name}` placeholders are replaced from `vars`. */
export function t(key: Key, vars?: Record<string, string | number>, in_: Lang = lang.value): string {
  // A key missing at run time (a value the API added since) shows as itself, which the browser tests catch.
  let s: string = dictionaries[in_][key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

export const otherLang = (l: Lang): Lang => (l === 'fr' ? 'ar' : 'fr');

/** The remembered language, else the browser's first of ours, else French. */
export function preferredLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLang(saved)) return saved;
  } catch {
    // storage may be disabled: fall through
  }
  for (const l of navigator.languages ?? [navigator.language]) {
    const base = l.slice(0, 2).toLowerCase();
    if (isLang(base)) return base;
  }
  return 'fr';
}

/** Sets the page language: `<html lang dir>` and the remembered choice. */
export function applyLang(l: Lang) {
  lang.value = l;
  document.documentElement.lang = l;
  document.documentElement.dir = l === 'ar' ? 'rtl' : 'ltr';
  try {
    localStorage.setItem(STORAGE_KEY, l);
  } catch {
    // not remembered, still shown
  }
}

/** Whether a key exists (for optional strings such as a field's hint). */
export const has = (key: string): key is Key => Object.hasOwn(fr, key);
