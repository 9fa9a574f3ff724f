/**
 * The API answers the web portal's origin, and only it (and the Vite dev server on the local stage):
 * the browser enforces CORS, so without these headers every page of the site would fail.
 * Also guards the local deploy's re-application of the CORS configuration (docs/local-cloud.md).
 */
import { describe, expect, it } from 'vitest';
import { testCloud } from '../support/cloud.ts';

const cloud = testCloud();
const preflight = (origin: string, method: string, headers: string) =>
  fetch(`${cloud.outputs.apiUrl}/fees/estimate`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
  });

describe('CORS for the web portal', () => {
  it('allows the site origin to call the API with a token, a JSON body and an idempotency key', async () => {
    const answer = await preflight(
      cloud.outputs.webUrl,
      'POST',
      'authorization,content-type,idempotency-key',
    );
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe(cloud.outputs.webUrl);
    expect(answer.headers.get('access-control-allow-headers')).toContain('idempotency-key');
    const get = await fetch(`${cloud.outputs.apiUrl}/geo/regions`, {
      headers: { origin: cloud.outputs.webUrl },
    });
    expect(get.status).toBe(200);
    expect(get.headers.get('access-control-allow-origin')).toBe(cloud.outputs.webUrl);
  });

  it('gives no CORS grant to another origin', async () => {
    const answer = await preflight('https://evil.example', 'POST', 'content-type');
    expect(answer.status).toBe(403);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    const get = await fetch(`${cloud.outputs.apiUrl}/geo/regions`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });
});
