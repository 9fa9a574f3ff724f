import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { checkCodeOf } from '../domain/checks.ts';
import { DomainError } from '../domain/errors.ts';
import { headerOf } from './headers.ts';
import type { Language } from './i18n/language.ts';
import { zodErrorMapOf } from './i18n/localize.ts';
import { FORM_MEDIA_TYPE, type RouteSpec } from './route.ts';

export interface FieldError {
  /** Where the problem is: `body.population`, `path.regionId`, `query.limit`. */
  path: string;
  /** Stable: zod's issue code (`too_small`, `invalid_type`…) or one of ours (`invalid_phone`, see CHECKS). */
  code: string;
  /** For people, in the answer's language. */
  message: string;
  /** What the check expects: `minimum`, `maximum`, `inclusive`, `origin`, `expected`, `values`, `format`, `keys`. */
  params?: Record<string, unknown>;
}

const PARAMS = [
  'expected',
  'minimum',
  'maximum',
  'inclusive',
  'origin',
  'values',
  'format',
  'keys',
  'divisor',
] as const;

function fieldErrorOf(where: string, issue: z.core.$ZodIssue): FieldError {
  const path = [where, ...issue.path.map(String)].join('.');
  const check = checkCodeOf(issue.message);
  if (check) return { path, code: check, message: issue.message };
  const source = issue as unknown as Record<string, unknown>;
  const params = Object.fromEntries(
    PARAMS.filter((k) => source[k] !== undefined).map((k) => [
      k,
      typeof source[k] === 'bigint' ? String(source[k]) : source[k],
    ]),
  );
  return {
    path,
    code: issue.code,
    message: issue.message,
    ...(Object.keys(params).length ? { params } : {}),
  };
}

export const validationError = (errors: FieldError[]) =>
  new DomainError({
    type: 'validation',
    kind: 'invalid',
    title: 'Invalid request',
    detail: `The request has ${errors.length} invalid field(s): ${errors.map((e) => e.path).join(', ')}. Fix them and retry.`,
    details: { errors },
  });

type ErrorMap = z.core.$ZodErrorMap;

function check(
  where: string,
  schema: z.core.$ZodType | undefined,
  value: unknown,
  errors: FieldError[],
  error: ErrorMap | undefined,
): unknown {
  if (!schema) return undefined;
  const result = z.safeParse(schema, value, error ? { error } : undefined);
  if (result.success) return result.data;
  for (const issue of result.error.issues) errors.push(fieldErrorOf(where, issue));
  return undefined;
}

function parseBody(event: APIGatewayProxyEventV2, format: 'json' | 'form' = 'json'): unknown {
  // An empty form has no body at all: it is a form with no fields, not a missing one.
  if (!event.body) return format === 'form' && headerOf(event, 'content-type') ? {} : undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (format === 'form') {
    // A form route reads only a form: a JSON body would parse as one odd field and pass a record schema.
    const contentType = (headerOf(event, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (contentType !== FORM_MEDIA_TYPE)
      throw new DomainError({
        type: 'unsupported-media-type',
        kind: 'unsupported-media-type',
        title: 'Unsupported media type',
        detail: `This route takes a ${FORM_MEDIA_TYPE} body; the request sent ${contentType || 'no content type'}.`,
        details: { accepted: FORM_MEDIA_TYPE, contentType: contentType || null },
      });
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError({
      type: 'malformed-json',
      kind: 'invalid',
      title: 'Malformed JSON',
      detail:
        'The request body is not valid JSON. Send `Content-Type: application/json` with a JSON document.',
    });
  }
}

function parseWith(route: RouteSpec, event: APIGatewayProxyEventV2, error: ErrorMap | undefined) {
  const errors: FieldError[] = [];
  const params = check('path', route.request?.params, event.pathParameters ?? {}, errors, error);
  const query = check('query', route.request?.query, event.queryStringParameters ?? {}, errors, error);
  const bodySchema = route.request?.body;
  const body = bodySchema
    ? check('body', bodySchema, parseBody(event, route.request?.bodyFormat), errors, error)
    : undefined;
  return { input: { params, query, body }, errors };
}

/**
 * Validates path, query and body against the route's zod schemas, reporting every failing field at
 * once, zod's messages in `language` (ours are translated with the rest of the problem, at the edge).
 * A valid request is parsed once with zod's English default; only a failed one in French or Arabic
 * loads those locales (with the problem texts, see localize.ts) and is parsed again to word its errors.
 */
export async function parseRequest(
  route: RouteSpec,
  event: APIGatewayProxyEventV2,
  language: Language = 'en',
) {
  const first = parseWith(route, event, undefined);
  if (first.errors.length === 0) return first.input;
  const error = await zodErrorMapOf(language);
  throw validationError(error ? parseWith(route, event, error).errors : first.errors);
}
