import { describe, expect, it } from 'vitest';
import { ApiError, fieldErrors, unwrap } from '../../web/src/api/problem.ts';

/** How the portal turns API answers into data or errors (docs/errors.md: RFC 9457 problem+json). */
const answer = (status: number, body: unknown) => ({
  ...(status < 400 ? { data: body } : { error: body }),
  response: new Response(null, { status }),
});

describe('web API client', () => {
  it('returns the data of a success', async () => {
    expect(await unwrap(Promise.resolve(answer(200, { ok: 1 })))).toEqual({ ok: 1 });
  });

  it('turns a problem into an ApiError with its stable type, and field errors by field name', async () => {
    const problem = {
      type: 'https://rukhsa.ma/problems/validation',
      title: 'Invalid request',
      status: 400,
      detail: 'The request has 2 invalid field(s).',
      errors: [
        { path: 'body.phone', message: 'a Moroccan phone number' },
        { path: 'body.project.floorAreaM2', message: 'too small' },
        { path: 'body.phone', message: 'second message for the same field' },
      ],
    };
    const error = await unwrap(Promise.resolve(answer(400, problem))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).kind).toBe('validation');
    expect((error as ApiError).message).toBe('The request has 2 invalid field(s).');
    expect(fieldErrors(error)).toEqual({
      phone: 'a Moroccan phone number',
      'project.floorAreaM2': 'too small',
    });
    expect(fieldErrors(new Error('x'))).toEqual({});
  });

  it('an unreachable API is status 0; a gateway answer that is not a problem keeps its text', async () => {
    const offline = await unwrap(Promise.reject(new TypeError('Failed to fetch'))).catch((e: unknown) => e);
    expect(offline).toBeInstanceOf(ApiError);
    expect((offline as ApiError).status).toBe(0);
    const gateway = await unwrap(Promise.resolve(answer(503, 'Service Unavailable'))).catch(
      (e: unknown) => e,
    );
    expect((gateway as ApiError).status).toBe(503);
    expect((gateway as ApiError).problem.detail).toBe('Service Unavailable');
    const unauthorized = await unwrap(Promise.resolve(answer(401, { message: 'Unauthorized' }))).catch(
      (e: unknown) => e,
    );
    expect((unauthorized as ApiError).status).toBe(401);
    expect((unauthorized as ApiError).kind).toBe('');
  });
});
