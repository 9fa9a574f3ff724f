import { extendZodWithOpenApi, OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { isPublic, type RouteSpec } from './route.ts';

extendZodWithOpenApi(z);

const ProblemSchema = z
  .object({
    type: z.url().describe('Stable problem type: https://rukhsa.ma/problems/<slug> (see docs/errors.md)'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().describe('What went wrong and what to do about it'),
    instance: z.string().optional(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('Validation failures, one per field path (body.x, path.y, query.z)'),
    correlationId: z.string().optional(),
  })
  .describe('RFC 9457 problem details');

const PROBLEM_TEXT: Record<number, string> = {
  400: 'Invalid request (problem+json lists each failing field)',
  401: 'Missing or invalid token',
  403: 'Your role or scope does not allow this',
  404: 'Not found',
  409: 'Conflict with the current state',
  422: 'Well-formed but refused by a business rule',
  500: 'Internal error (with a correlation id)',
};

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
  for (const route of routes) {
    const statuses = new Set([400, 500, ...(route.problems ?? [])]);
    if (!isPublic(route)) statuses.add(401);
    if (Array.isArray(route.access)) statuses.add(403);
    const problems = Object.fromEntries(
      [...statuses].sort().map((status) => [
        status,
        {
          description: PROBLEM_TEXT[status] ?? 'Error',
          content: { 'application/problem+json': { schema: problem } },
        },
      ]),
    );
    const headers = route.idempotency
      ? z.object({
          'idempotency-key': (route.idempotency === 'required' ? z.string() : z.string().optional()).describe(
            'A unique key per intended change (e.g. a UUID): a retry with the same key and body replays the first answer.',
          ),
        })
      : undefined;
    registry.registerPath({
      method: route.method.toLowerCase() as 'get',
      path: route.path,
      operationId: route.operationId,
      summary: route.summary,
      tags: route.tags,
      ...(isPublic(route) ? { security: [] } : { security: [{ [bearer.name]: [] }] }),
      ...(Array.isArray(route.access) ? { description: `Roles: ${route.access.join(', ')}.` } : {}),
      request: {
        ...(route.request?.params ? { params: route.request.params } : {}),
        ...(route.request?.query ? { query: route.request.query } : {}),
        ...(headers ? { headers } : {}),
        ...(route.request?.body
          ? { body: { required: true, content: { 'application/json': { schema: route.request.body } } } }
          : {}),
      },
      responses: {
        [route.response.status]: {
          description: route.response.description,
          content: { [route.response.contentType ?? 'application/json']: { schema: route.response.schema } },
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
        'Paperless urban-planning permits and economic-activity licences for Moroccan communes. Errors are RFC 9457 problem+json.',
    },
    security: [{ cognito: [] }],
  });
}
