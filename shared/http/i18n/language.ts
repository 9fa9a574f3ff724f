import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { headerOf } from '../headers.ts';
import { claimsOf } from '../principal.ts';

/** The languages the API answers in: French and Arabic for people, English for developers. */
export const LANGUAGES = ['fr', 'ar', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
/** The languages every message must exist in (English is the text written where the error is raised). */
export const TRANSLATED = ['fr', 'ar'] as const;
export type Translated = (typeof TRANSLATED)[number];

const isLanguage = (value: string): value is Language => (LANGUAGES as readonly string[]).includes(value);

/**
 * The languages of an `Accept-Language` header, best first (RFC 9110 §12.5.4): `ar-MA;q=0.9` → `ar`;
 * `q=0` excludes; `*` stands for "any" and is returned as is.
 */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, index) => {
      const [range = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return {
        tag: range.trim().toLowerCase().split('-')[0] ?? '',
        weight: Number.isNaN(weight) ? 0 : weight,
        index,
      };
    })
    .filter((r) => r.tag !== '' && r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((r) => r.tag);
}

/**
 * The language of the answer: the first of ours the caller accepts; else the signed-in user's profile
 * language (the `locale` claim of their ID token, so no table read per request); else French, the
 * language of the administration.
 */
export function negotiateLanguage(event: APIGatewayProxyEventV2): Language {
  const preferred = profileLanguage(event) ?? 'fr';
  for (const tag of acceptedLanguages(headerOf(event, 'accept-language'))) {
    if (tag === '*') return preferred;
    if (isLanguage(tag)) return tag;
  }
  return preferred;
}

function profileLanguage(event: APIGatewayProxyEventV2): Language | undefined {
  const locale = claimsOf(event)?.locale;
  if (typeof locale !== 'string') return undefined;
  const tag = locale.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return tag === 'fr' || tag === 'ar' ? tag : undefined;
}

/** What an answer in `language` says about itself: its language, and that it varies with the header. */
export const languageHeaders = (language: Language): Record<string, string> => ({
  'content-language': language,
  vary: 'Accept-Language',
});
