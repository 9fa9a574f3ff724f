import type { CheckCode } from '../../domain/checks.ts';
import { PROBLEM_BASE, type Problem } from '../problem.ts';
import { FIELD_MESSAGES } from './fields.ts';
import type { Language } from './language.ts';
import { KIND_MESSAGES, type Messages, PROBLEM_MESSAGES } from './problems.ts';

// zod's French and Arabic locales travel with the problem texts: only a failed validation needs them.
export { zodErrorMap } from './zod-messages.ts';

const KIND_OF_STATUS: Record<number, string> = {
  400: 'invalid',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  413: 'too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable',
  423: 'locked',
  429: 'too-many',
};

const isCheck = (code: unknown): code is CheckCode =>
  typeof code === 'string' && Object.hasOwn(FIELD_MESSAGES, code);

/** The catalogue entry of a problem: its type's, else its kind's (a type added without translations). */
export function messagesOf(problem: Pick<Problem, 'type' | 'status'>, kind?: string): Messages | undefined {
  const slug = problem.type.startsWith(PROBLEM_BASE) ? problem.type.slice(PROBLEM_BASE.length) : problem.type;
  return (
    (PROBLEM_MESSAGES as Record<string, Messages>)[slug] ??
    KIND_MESSAGES[kind ?? KIND_OF_STATUS[problem.status] ?? ''] ??
    (problem.status >= 500 ? PROBLEM_MESSAGES.internal : undefined)
  );
}

/**
 * The problem in the caller's language (synchronously; handlers call `localizeProblem`, localize.ts,
 * which loads this module on first use): title and detail from the catalogue, built from the
 * problem's own members; each field error's message from its code (zod's built-in ones were
 * written in the language when the request was parsed). English keeps the texts written where the
 * error was raised. Types, codes, paths and parameters never change with the language.
 */
export function translateProblem(problem: Problem, language: Language, kind?: string): Problem {
  if (language === 'en') return problem;
  const messages = messagesOf(problem, kind)?.[language];
  const localized: Problem = messages
    ? { ...problem, title: messages.title, detail: messages.detail(problem) }
    : problem;
  if (Array.isArray(problem.errors)) {
    localized.errors = problem.errors.map((entry: Record<string, unknown>) =>
      isCheck(entry.code)
        ? {
            ...entry,
            message: FIELD_MESSAGES[entry.code][language]((entry.params as Record<string, unknown>) ?? {}),
          }
        : entry,
    );
  }
  return localized;
}
