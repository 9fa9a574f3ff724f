import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as z from 'zod';
import { DomainError } from '../domain/errors.ts';
import type { RouteSpec } from './route.ts';

export interface FieldError {
  /** Where the problem is: `body.population`, `path.regionId`, `query.limit`. */
  path: string;
  message: string;
}

export const validationError = (errors: FieldError[]) =>
  new DomainError({
    type: 'validation',
    kind: 'invalid',
    title: 'Invalid request',
    detail: `The request has ${errors.length} invalid field(s): ${errors.map((e) => e.path).join(', ')}. Fix them and retry.`,
    details: { errors },
  });

function check(where: string, schema: z.ZodType | undefined, value: unknown, errors: FieldError[]): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    errors.push({ path: [where, ...issue.path.map(String)].join('.'), message: issue.message });
  }
  return undefined;
}

function parseBody(event: APIGatewayProxyEventV2, format: 'json' | 'form' = 'json'): unknown {
  if (!event.body) return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (format === 'form') return Object.fromEntries(new URLSearchParams(text));
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

/** Validates path, query and body against the route's zod schemas, reporting every failing field at once. */
export function parseRequest(route: RouteSpec, event: APIGatewayProxyEventV2) {
  const errors: FieldError[] = [];
  const params = check('path', route.request?.params, event.pathParameters ?? {}, errors);
  const query = check('query', route.request?.query, event.queryStringParameters ?? {}, errors);
  const bodySchema = route.request?.body;
  const body = bodySchema
    ? check('body', bodySchema, parseBody(event, route.request?.bodyFormat), errors)
    : undefined;
  if (errors.length > 0) throw validationError(errors);
  return { params, query, body };
}
