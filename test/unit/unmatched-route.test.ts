import { describe, expect, it } from 'vitest';
import { unmatchedRoute } from '#functions/platform/unmatched-route.ts';
import { routes } from '#functions/routes.ts';
import { methodsByPath } from '#shared/http/route.ts';
import { httpEvent } from '../support/events.ts';

const handler = unmatchedRoute(methodsByPath(routes));
const call = (method: string, path: string, language?: string) =>
  handler(httpEvent({ method, path, ...(language ? { language } : {}) }));

describe('the $default route (what no route matches)', () => {
  it('answers 405 with Allow listing the methods a declared path answers', async () => {
    const answer = await call('TRACE', '/applications');
    expect(answer.statusCode).toBe(405);
    expect(answer.headers?.allow).toBe('GET, POST, OPTIONS');
    expect(answer.headers?.['content-type']).toBe('application/problem+json');
    const problem = JSON.parse(answer.body as string);
    expect(problem).toMatchObject({
      type: 'https://rukhsa.ma/problems/method-not-allowed',
      status: 405,
      method: 'TRACE',
      allowed: ['GET', 'POST'],
    });
  });

  it('matches path templates one segment per parameter', async () => {
    const answer = await call('DELETE', '/geo/regions/MA-01/provinces');
    expect(answer.statusCode).toBe(405);
    expect(answer.headers?.allow).toBe('GET, OPTIONS');
    expect((await call('DELETE', '/geo/regions/MA-01/x/provinces')).statusCode).toBe(404);
  });

  it('answers OPTIONS (not a CORS preflight) with the same Allow and no body', async () => {
    const answer = await call('OPTIONS', '/health');
    expect(answer).toMatchObject({ statusCode: 204, headers: { allow: 'GET, OPTIONS' } });
    expect(answer.body).toBeUndefined();
  });

  it('answers 404 problem+json, in the caller’s language, for a path no route declares', async () => {
    const answer = await call('GET', '/no/such/thing', 'ar');
    expect(answer.statusCode).toBe(404);
    expect(answer.headers).toMatchObject({
      'content-type': 'application/problem+json',
      'content-language': 'ar',
    });
    expect(answer.headers?.allow).toBeUndefined();
    expect(JSON.parse(answer.body as string)).toMatchObject({
      type: 'https://rukhsa.ma/problems/not-found',
      title: 'غير موجود',
    });
  });

  it('lists every route of the API once under its path', () => {
    const table = methodsByPath(routes);
    expect(Object.values(table).flat()).toHaveLength(routes.length);
    expect(table['/payments/{orderId}/return']).toEqual(['GET', 'POST']);
  });
});
