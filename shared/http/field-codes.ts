import type * as z from 'zod/mini';
import { checkCodeOf } from '../domain/checks.ts';

/** zod's check kinds and schema types → the issue code a failure reports (shared/http/validation.ts). */
const CODE_OF_CHECK: Record<string, string> = {
  min_length: 'too_small',
  min_size: 'too_small',
  greater_than: 'too_small',
  max_length: 'too_big',
  max_size: 'too_big',
  less_than: 'too_big',
  length_equals: 'too_small',
  string_format: 'invalid_format',
  multiple_of: 'not_multiple_of',
};
const CODE_OF_TYPE: Record<string, string> = {
  enum: 'invalid_value',
  literal: 'invalid_value',
  union: 'invalid_union',
};

type Def = Record<string, unknown> & { type?: string; check?: string; error?: unknown; checks?: unknown[] };
const defOf = (node: unknown): Def | undefined =>
  node && typeof node === 'object' && '_zod' in node
    ? ((node as { _zod: { def: Def } })._zod.def ?? undefined)
    : undefined;

/** The English message a check was given (`.regex(re, CHECKS.x)`), to find our code back. */
function ownCode(def: Def): string | undefined {
  if (typeof def.error !== 'function') return undefined;
  try {
    const message = (def.error as (issue: unknown) => unknown)({});
    return typeof message === 'string' ? checkCodeOf(message) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The field error codes a request schema can answer, for the OpenAPI document: zod's issue codes of
 * the checks it holds and our own codes (CHECKS) found by their message. `invalid_type` always.
 */
export function fieldCodesOf(...schemas: (z.core.$ZodType | undefined)[]): string[] {
  const codes = new Set<string>(['invalid_type']);
  const seen = new Set<unknown>();
  const walk = (node: unknown): void => {
    const def = defOf(node);
    if (!def || seen.has(node)) return;
    seen.add(node);
    const own = ownCode(def);
    if (own) codes.add(own);
    else if (def.type === 'object' && def.catchall && defOf(def.catchall)?.type === 'never')
      codes.add('unrecognized_keys');
    else if (def.type === 'custom' || def.check === 'custom') codes.add('custom');
    if (def.type && CODE_OF_TYPE[def.type]) codes.add(CODE_OF_TYPE[def.type] as string);
    if (def.check && !own && CODE_OF_CHECK[def.check]) codes.add(CODE_OF_CHECK[def.check] as string);
    if (def.type === 'string' && def.format && !own) codes.add('invalid_format');
    for (const check of def.checks ?? []) walk(check);
    for (const value of Object.values(def)) {
      if (value && typeof value === 'object') {
        if (defOf(value)) walk(value);
        else if (Array.isArray(value)) value.forEach(walk);
        else if (value.constructor === Object) Object.values(value).forEach(walk);
      }
    }
    // Object shapes are getters on the def in zod 4.
    if (def.type === 'object' && def.shape && typeof def.shape === 'object')
      Object.values(def.shape).forEach(walk);
  };
  schemas.forEach(walk);
  return [...codes].sort();
}
