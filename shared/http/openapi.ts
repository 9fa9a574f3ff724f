import { extendZodWithOpenApi, OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { fieldCodesOf } from './field-codes.ts';
import { LANGUAGES } from './i18n/language.ts';
import { FORM_MEDIA_TYPE, isPublic, type RouteSpec } from './route.ts';

extendZodWithOpenApi(z);

/** A classic schema's accessor (classic derives it from the checks, so mini schemas can borrow it). */
function classicGetter(sample: object, name: string): (this: unknown) => unknown {
  for (let proto = sample; proto; proto = Object.getPrototypeOf(proto)) {
    const get = Object.getOwnPropertyDescriptor(proto, name)?.get;
    if (get) return get;
  }
  throw new Error(`zod classic has no accessor ${name}`);
}
const BORROWED: Partial<Record<string, [string, (this: unknown) => unknown][]>> = {
  string: ['format', 'minLength', 'maxLength'].map((name) => [name, classicGetter(z.string(), name)]),
  number: [['format', classicGetter(z.number(), 'format')]],
};

/**
 * The routes' schemas are zod/mini (a Lambda's cold start skips classic's methods, issue 19), and
 * zod-to-openapi 9 reads a few accessors only classic schemas carry: `meta()`, a string's
 * `format`/`minLength`/`maxLength`, a number's `format`, a record's `keyType`/`valueType`, a
 * nullable's `unwrap()`. The generator runs at build time only, so it lends each mini schema it
 * meets classic's own accessors; the document is the same as with classic schemas.
 */
function withClassicAccessors(schema: z.core.$ZodType | undefined): z.ZodType {
  const seen = new Set<unknown>();
  const visit = (value: unknown): void => {
    if (!value || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (!('_zod' in value)) {
      Object.values(value).forEach(visit);
      return;
    }
    const s = value as z.core.$ZodType & Record<string, unknown>;
    const def = s._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
    if (typeof s.meta !== 'function') {
      const own = (name: string, get: () => unknown) =>
        Object.defineProperty(s, name, { get, configurable: true });
      own('meta', () => () => z.globalRegistry.get(s));
      for (const [name, get] of BORROWED[def.type] ?? []) own(name, () => get.call(s));
      if (def.type === 'record') {
        own('keyType', () => def.keyType);
        own('valueType', () => def.valueType);
      }
      if (def.type === 'nullable') own('unwrap', () => () => def.innerType);
    }
    for (const [key, child] of Object.entries(def)) if (key !== 'checks') visit(child);
  };
  visit(schema);
  return schema as unknown as z.ZodType;
}

const ProblemSchema = z
  .object({
    type: z.url().describe('Stable problem type: https://rukhsa.ma/problems/<slug> (see docs/errors.md)'),
    title: z.string().describe('For people, in the Content-Language'),
    status: z.number().int(),
    detail: z.string().describe('What went wrong and what to do about it, in the Content-Language'),
    instance: z.string().optional(),
    errors: z
      .array(
        z.object({
          path: z.string().describe('body.x, path.y or query.z'),
          code: z
            .string()
            .describe(
              "Stable: zod's issue code (too_small, invalid_type…) or one of ours (invalid_phone, password_needs_digit…); each operation's 400 lists its codes",
            ),
          message: z.string().describe('For people, in the Content-Language'),
          params: z
            .record(z.string(), z.unknown())
            .optional()
            .describe(
              'What the check expects: minimum, maximum, inclusive, origin, expected, values, format, keys',
            ),
        }),
      )
      .optional()
      .describe('Validation failures, one per field path'),
    correlationId: z.string().optional(),
  })
  .describe('RFC 9457 problem details');

const PROBLEM_TEXT: Record<number, string> = {
  400: 'Invalid request (problem+json lists each failing field)',
  401: 'Missing or invalid token',
  403: 'Your role or scope does not allow this',
  404: 'Not found',
  409: 'Conflict with the current state',
  415: 'The body is not in the declared media type',
  422: 'Well-formed but refused by a business rule',
  500: 'Internal error (with a correlation id)',
};

const ACCEPT_LANGUAGE =
  "fr or ar (en: the developers' texts) for the words of error answers; absent: the signed-in person's language (the locale claim), else fr";

/** OpenAPI 3.1 document generated from the route list: the same zod schemas validate requests at runtime. */
export function buildOpenApiDocument(routes: readonly RouteSpec[]) {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'cognito', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'Cognito ID token (it carries the role groups and the custom:commune/province/agency scope).',
  });
  const problem = registry.register('Problem', ProblemSchema);
  // Declared once as components and referenced by every operation, so the document stays small.
  const acceptLanguage = registry.registerParameter(
    'AcceptLanguage',
    z
      .string()
      .optional()
      .describe(ACCEPT_LANGUAGE)
      .openapi({ param: { name: 'accept-language', in: 'header' }, example: 'ar-MA, fr;q=0.8' }),
  );
  registry.registerComponent('headers', 'ContentLanguage', {
    description: 'The language of title, detail and messages',
    required: true,
    schema: { type: 'string', enum: [...LANGUAGES] },
  });
  registry.registerComponent('headers', 'VaryAcceptLanguage', {
    description: 'The words depend on Accept-Language',
    required: true,
    schema: { type: 'string', enum: ['Accept-Language'] },
  });
  const problemHeaders = {
    'content-language': { $ref: '#/components/headers/ContentLanguage' },
    vary: { $ref: '#/components/headers/VaryAcceptLanguage' },
  };
  // A 401 comes from two places: the gateway's JWT authorizer (a missing, forged or expired token:
  // its own JSON body, no language headers) and the function (a revoked session or a suspended
  // account: problem+json with them). The document says both, so a client can rely on either.
  const gatewayMessage = registry.register(
    'GatewayMessage',
    z.object({ message: z.string() }).describe('API Gateway\'s own answer, e.g. {"message":"Unauthorized"}'),
  );
  const unauthorized = {
    description: `${PROBLEM_TEXT[401]}: the gateway answers {"message":"Unauthorized"} (application/json, no language headers); a revoked session or suspended account is problem+json`,
    headers: {
      'content-language': {
        description: 'On problem+json answers',
        schema: { type: 'string', enum: [...LANGUAGES] },
      },
      vary: { description: 'On problem+json answers', schema: { type: 'string' } },
    },
    content: {
      'application/problem+json': { schema: problem },
      'application/json': { schema: gatewayMessage },
    },
  };
  for (const route of routes) {
    const form = route.request?.bodyFormat === 'form';
    const statuses = new Set([400, 500, ...(route.problems ?? []), ...(form ? [415] : [])]);
    if (!isPublic(route)) statuses.add(401);
    if (Array.isArray(route.access)) statuses.add(403);
    // A paged list refuses a cursor it never returned with 422 (shared/domain/pagination.ts).
    const paged = Boolean(
      route.request?.query && Object.hasOwn(route.request.query._zod.def.shape, 'cursor'),
    );
    if (paged) statuses.add(422);
    // An Idempotency-Key already used with another body is 422 `idempotency-key-reused`.
    if (route.idempotency) statuses.add(422);
    const codes = fieldCodesOf(route.request?.params, route.request?.query, route.request?.body);
    const problems = Object.fromEntries(
      [...statuses].sort().map((status) => [
        status,
        status === 401
          ? unauthorized
          : {
              description:
                status === 400
                  ? `${PROBLEM_TEXT[400]}. Field error codes: ${codes.map((c) => `\`${c}\``).join(', ')} (and those docs/errors.md lists for the use case).`
                  : status === 422
                    ? [
                        PROBLEM_TEXT[422],
                        ...(paged ? ['`unknown-cursor`: a cursor this list never returned'] : []),
                        ...(route.idempotency
                          ? ['`idempotency-key-reused`: the Idempotency-Key came with another body']
                          : []),
                      ].join('; ')
                    : (PROBLEM_TEXT[status] ?? 'Error'),
              headers: problemHeaders,
              content: { 'application/problem+json': { schema: problem } },
            },
      ]),
    );
    const headers = z.object({
      'accept-language': acceptLanguage,
      ...(route.idempotency
        ? {
            // An empty key is no key: a required one is then 400 `idempotency-key-missing`, an optional
            // one is simply absent (so its schema allows the empty string the API accepts).
            'idempotency-key': (route.idempotency === 'required'
              ? z.string().min(1)
              : z.string().optional()
            ).describe(
              'A unique key per intended change (e.g. a UUID): a retry with the same key and body replays the first answer.',
            ),
          }
        : {}),
    });
    registry.registerPath({
      method: route.method.toLowerCase() as 'get',
      path: route.path,
      operationId: route.operationId,
      summary: route.summary,
      tags: route.tags,
      ...(isPublic(route) ? { security: [] } : { security: [{ [bearer.name]: [] }] }),
      ...(Array.isArray(route.access) ? { description: `Roles: ${route.access.join(', ')}.` } : {}),
      request: {
        ...(route.request?.params
          ? { params: withClassicAccessors(route.request.params) as z.ZodObject }
          : {}),
        ...(route.request?.query ? { query: withClassicAccessors(route.request.query) as z.ZodObject } : {}),
        headers,
        ...(route.request?.body
          ? {
              body: {
                required: !z.safeParse(route.request.body, undefined).success,
                content: {
                  [form ? FORM_MEDIA_TYPE : 'application/json']: {
                    schema: withClassicAccessors(route.request.body),
                  },
                },
              },
            }
          : {}),
      },
      responses: {
        [route.response.status]: {
          description: route.response.description,
          content: {
            [route.response.contentType ?? 'application/json']: {
              schema: withClassicAccessors(route.response.schema),
            },
          },
        },
        ...problems,
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Rukhsa API',
      version: '0.1.0',
      description:
        'Paperless urban-planning permits and economic-activity licences for Moroccan communes. Errors are RFC 9457 problem+json in French or Arabic (Accept-Language; Content-Language says which), each field error with a stable code (docs/errors.md).',
    },
    security: [{ cognito: [] }],
  });
}
