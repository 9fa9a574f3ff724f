import type { Problem } from '../problem.ts';
import type { Language } from './language.ts';

type Translations = typeof import('./translate.ts');

/*
 * Every problem type's and check's French and Arabic text (~60 KB once minified) is a module of its
 * own, loaded the first time a problem is answered in French or Arabic: a function that answers no
 * problem never parses it (cold starts, docs/performance.md). In a bundle, `process.env.I18N_MODULE`
 * is defined as the file the function construct builds next to the handler from translate.ts
 * (infra/constructs/platform-function.ts); a URL computed at run time, so esbuild leaves the import
 * alone. Run from the sources (tests, scripts), it is translate.ts itself.
 */
let translations: Promise<Translations> | undefined;
const loadTranslations = (): Promise<Translations> => {
  translations ??= import(new URL(process.env.I18N_MODULE ?? './translate.ts', import.meta.url).href);
  return translations;
};

/**
 * The problem in the caller's language: title and detail from the catalogue, built from the
 * problem's own members; each field error's message from its code (translate.ts). English keeps the
 * texts written where the error was raised, and loads nothing.
 */
/**
 * zod's own messages in French or Arabic (zod-messages.ts, inside the translations module), for the
 * second parse of a request that failed validation; undefined for English (zod's default).
 */
export async function zodErrorMapOf(language: Language) {
  if (language === 'en') return undefined;
  return (await loadTranslations()).zodErrorMap(language);
}

export async function localizeProblem(problem: Problem, language: Language, kind?: string): Promise<Problem> {
  if (language === 'en') return problem;
  return (await loadTranslations()).translateProblem(problem, language, kind);
}
