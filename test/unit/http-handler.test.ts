import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { DomainError } from '#shared/domain/errors.ts';
import { CATALOGUE } from '#shared/domain/procedures/catalogue.ts';
import { httpHandler, serializedOnce } from '#shared/http/handler.ts';
import { defineRoute } from '#shared/http/route.ts';
import { logger } from '#shared/observability/logger.ts';
import { claimsOf, httpEvent, lambdaContext } from '../support/events.ts';

const route = defineRoute({
  operationId: 'testRoute',
  method: 'POST',
  path: '/things/{thingId}',
  summary: 'test',
  tags: ['Test'],
  access: ['desk_agent'],
  entry: 'n/a',
  request: {
    params: z.object({ thingId: z.string().regex(/^t-\d+$/) }),
    query: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
    body: z.object({
      name: z.string().min(2),
      area: z.number().positive(),
      owner: z.object({ cin: z.string() }),
    }),
  },
  response: { status: 201, description: 'created', schema: z.object({ id: z.string(), name: z.string() }) },
});

const deskClaims = claimsOf(['desk_agent'], {
  'custom:commune': 'cas-casablanca',
  'custom:province': 'MA-CAS',
});
const goodBody = { name: 'Villa', area: 120.5, owner: { cin: 'BE123456' } };

const handler = httpHandler(route, async ({ params, body, principal }) => {
  if (body.name === 'boom') throw new Error('database password=hunter2 leaked in a stack trace');
  if (body.name === 'taken')
    throw new DomainError({
      type: 'conflict',
      kind: 'conflict',
      title: 'Conflict',
      detail: 'Already there.',
    });
  return { body: { id: params.thingId, name: `${body.name} by ${principal.username}` } };
});

const call = (event: ReturnType<typeof httpEvent>) => handler(event, lambdaContext());
const post = (body: unknown, options: Partial<Parameters<typeof httpEvent>[0]> = {}) =>
  call(
    httpEvent({
      method: 'POST',
      path: '/things/t-1',
      pathParameters: { thingId: 't-1' },
      body,
      claims: deskClaims,
      ...options,
    }),
  );

describe('httpHandler', () => {
  it('runs the use case with typed, validated input and answers JSON', async () => {
    const response = await post(goodBody);
    expect(response.statusCode).toBe(201);
    expect(response.headers?.['content-type']).toBe('application/json');
    expect(JSON.parse(response.body as string)).toEqual({ id: 't-1', name: 'Villa by user-desk_agent' });
  });

  it('answers 400 problem+json naming every failing field path at once', async () => {
    const response = await call(
      httpEvent({
        method: 'POST',
        path: '/things/x',
        pathParameters: { thingId: 'x' },
        query: { dryRun: 'maybe' },
        body: { name: 'V', area: -1, owner: {} },
        claims: deskClaims,
      }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    const problem = JSON.parse(response.body as string);
    expect(problem.type).toBe('https://rukhsa.ma/problems/validation');
    expect(problem.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      ['body.area', 'body.name', 'body.owner.cin', 'path.thingId', 'query.dryRun'].sort(),
    );
    expect(problem.instance).toBe('/things/x');
  });

  it('answers 400 malformed-json for a body that is not JSON', async () => {
    const response = await post(undefined, { rawBody: '{"name": "Villa",' });
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body as string).type).toBe('https://rukhsa.ma/problems/malformed-json');
  });

  it('answers 415 when a form route is sent anything but a form, and reads the form otherwise', async () => {
    const formRoute = defineRoute({
      operationId: 'formRoute',
      method: 'POST',
      path: '/callback',
      summary: 'test',
      tags: ['Test'],
      access: 'public',
      entry: 'n/a',
      request: { body: z.record(z.string(), z.string()), bodyFormat: 'form' },
      response: {
        status: 200,
        description: 'ok',
        schema: z.object({ got: z.record(z.string(), z.string()) }),
      },
    });
    const form = httpHandler(formRoute, async ({ body }) => ({ body: { got: body } }));
    const send = (contentType: string, rawBody: string) =>
      form(
        httpEvent({ method: 'POST', path: '/callback', rawBody, headers: { 'content-type': contentType } }),
        lambdaContext(),
      ) as Promise<{ statusCode: number; body: string }>;
    const json = await send('application/json', '{"oid":"1"}');
    expect(json.statusCode).toBe(415);
    expect(JSON.parse(json.body)).toMatchObject({
      type: 'https://rukhsa.ma/problems/unsupported-media-type',
      accepted: 'application/x-www-form-urlencoded',
      contentType: 'application/json',
    });
    const ok = await send('application/x-www-form-urlencoded; charset=utf-8', 'oid=1&amount=2');
    expect(ok.statusCode).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ got: { oid: '1', amount: '2' } });
  });

  it('answers 400 when the body is missing', async () => {
    const response = await post(undefined);
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body as string).errors).toEqual([
      { path: 'body', code: 'invalid_type', message: expect.any(String), params: { expected: 'object' } },
    ]);
  });

  it('answers 401 without claims and 403 for a role the route does not allow', async () => {
    expect((await post(goodBody, { claims: undefined })).statusCode).toBe(401);
    const forbidden = await post(goodBody, { claims: claimsOf(['professional']) });
    expect(forbidden.statusCode).toBe(403);
    expect(JSON.parse(forbidden.body as string).detail).toMatch(/desk_agent/);
  });

  it('maps domain errors to their status and type', async () => {
    const response = await post({ ...goodBody, name: 'taken' });
    expect(response.statusCode).toBe(409);
    expect(JSON.parse(response.body as string)).toMatchObject({
      type: 'https://rukhsa.ma/problems/conflict',
      detail: 'Already there.',
    });
  });

  it('answers 500 with a correlation id and no internals for anything else', async () => {
    const event = httpEvent({
      method: 'POST',
      path: '/things/t-1',
      pathParameters: { thingId: 't-1' },
      body: { ...goodBody, name: 'boom' },
      claims: deskClaims,
    });
    const response = await call(event);
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toMatch(/hunter2|password|stack/);
    expect(JSON.parse(response.body as string)).toMatchObject({
      type: 'https://rukhsa.ma/problems/internal',
      correlationId: event.requestContext.requestId,
    });
  });

  it('requires an Idempotency-Key header on routes that say so', async () => {
    const strict = httpHandler({ ...route, idempotency: 'required' as const }, async ({ params }) => ({
      body: { id: params.thingId, name: 'x' },
    }));
    const base = {
      method: 'POST',
      path: '/things/t-1',
      pathParameters: { thingId: 't-1' },
      body: goodBody,
      claims: deskClaims,
    };
    const missing = await strict(httpEvent(base), lambdaContext());
    expect(missing.statusCode).toBe(400);
    expect(JSON.parse(missing.body as string).type).toBe(
      'https://rukhsa.ma/problems/idempotency-key-missing',
    );
    const present = await strict(
      httpEvent({ ...base, headers: { 'Idempotency-Key': 'k-1' } }),
      lambdaContext(),
    );
    expect(present.statusCode).toBe(201);
  });
});

describe('public routes in a deployed function', () => {
  it('answer without a table: a public function has no access-check grant nor TABLE_NAME', async () => {
    const open = httpHandler({ ...route, access: 'public' as const, request: {} }, async () => ({
      body: { id: 'x', name: 'public' },
    }));
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'public-function';
    try {
      const response = await open(
        httpEvent({ method: 'POST', path: '/things/t-1', claims: deskClaims }),
        lambdaContext(),
      );
      expect(response.statusCode).toBe(201);
    } finally {
      delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    }
  });
  it('logs one debug line per answer, errors included, with the route template and never the path or body', async () => {
    const debug = vi.spyOn(logger, 'debug');
    try {
      expect((await post(goodBody)).statusCode).toBe(201);
      expect((await post({ ...goodBody, name: 'taken' })).statusCode).toBe(409);
      const lines = debug.mock.calls.filter(([message]) => message === 'request').map(([, fields]) => fields);
      expect(lines).toEqual([
        expect.objectContaining({ operation: 'testRoute', route: 'POST /things/t-1', status: 201 }),
        expect.objectContaining({ operation: 'testRoute', route: 'POST /things/t-1', status: 409 }),
      ]);
      expect(lines.every((fields) => typeof (fields as { ms?: unknown }).ms === 'number')).toBe(true);
      expect(JSON.stringify(lines)).not.toContain('BE123456');
    } finally {
      debug.mockRestore();
    }
  });
});

describe('bodies serialized once', () => {
  it('answers the JSON made when the body was marked, without serializing it again', async () => {
    const constant = serializedOnce({ id: 'c-1', name: 'catalogue' });
    const stringify = vi.spyOn(JSON, 'stringify');
    try {
      const open = httpHandler({ ...route, access: 'public' as const, request: {} }, async () => ({
        body: constant,
      }));
      const response = await open(httpEvent({ method: 'POST', path: '/things/t-1' }), lambdaContext());
      expect(response.body).toBe('{"id":"c-1","name":"catalogue"}');
      expect(stringify.mock.calls.some(([value]) => value === constant)).toBe(false);
    } finally {
      stringify.mockRestore();
    }
  });
  it('serves the procedures catalogue exactly as JSON.stringify would', async () => {
    const { handler: listProcedures } = await import('../../functions/procedures/list-procedures.ts');
    const response = await listProcedures(httpEvent({ path: '/procedures' }), lambdaContext());
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(JSON.stringify(CATALOGUE));
    expect(response.headers?.['content-type']).toBe('application/json');
  });
});

describe('problem members', () => {
  it('never lets a domain detail override the standard members', async () => {
    const clash = httpHandler(route, async () => {
      throw new DomainError({
        type: 'conflict',
        kind: 'conflict',
        title: 'Conflict',
        detail: 'Clash.',
        details: { status: 'SUBMITTED', type: 'x', title: 'y', detail: 'z' },
      });
    });
    const response = await clash(
      httpEvent({
        method: 'POST',
        path: '/things/t-1',
        pathParameters: { thingId: 't-1' },
        body: goodBody,
        claims: deskClaims,
      }),
      lambdaContext(),
    );
    expect(response.statusCode).toBe(409);
    expect(JSON.parse(response.body as string)).toMatchObject({
      type: 'https://rukhsa.ma/problems/conflict',
      title: 'Conflict',
      status: 409,
      detail: 'Clash.',
    });
  });
});
