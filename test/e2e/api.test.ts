import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROLES } from '#shared/domain/identity/principal.ts';
import { api, idTokenFor, testCloud } from '../support/cloud.ts';

const cloud = testCloud();

describe('public routes through the HTTP API', () => {
  it('GET /health answers ok with the reference data loaded', async () => {
    const { status, json } = await api('/health');
    expect(status).toBe(200);
    expect(json).toMatchObject({ status: 'ok', referenceData: 'loaded' });
  });

  it('GET /geo/regions returns the 12 regions', async () => {
    const { status, json, headers } = await api('/geo/regions');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/application\/json/);
    expect(json.regions).toHaveLength(12);
    expect(json.regions.map((r: { id: string }) => r.id)).toContain('MA-06');
  });

  it('walks region → provinces → communes', async () => {
    const provinces = await api('/geo/regions/MA-06/provinces');
    expect(provinces.json.provinces.map((p: { id: string }) => p.id)).toContain('MA-CAS');
    const communes = await api('/geo/provinces/MA-CAS/communes');
    expect(communes.status).toBe(200);
    expect(communes.json.communes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'cas-casablanca', nameAr: 'الدار البيضاء', kind: 'urban' }),
      ]),
    );
  });

  it('GET /openapi.json serves the committed docs/openapi.json', async () => {
    const { status, json } = await api('/openapi.json');
    expect(status).toBe(200);
    expect(json).toEqual(
      JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8')),
    );
  });

  it('answers 400 problem+json naming the field for a malformed path parameter', async () => {
    const { status, json, headers } = await api('/geo/regions/casablanca/provinces');
    expect(status).toBe(400);
    expect(headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(json.errors).toEqual([
      { path: 'path.regionId', code: 'invalid_region_id', message: expect.stringMatching(/MA-01/) },
    ]);
  });
});

describe('authentication and authorisation', () => {
  it('GET /me without a token is refused by the gateway with 401', async () => {
    expect((await api('/me')).status).toBe(401);
  });

  it('GET /me with a forged token is refused with 401', async () => {
    const real = await idTokenFor('desk_agent');
    const [header, payload] = real.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...claims, 'cognito:groups': ['ministry_admin'] }),
    ).toString('base64url');
    expect((await api('/me', { token: `${header}.${forgedPayload}.${real.split('.')[2]}` })).status).toBe(
      401,
    );
  });

  it.each(ROLES)('GET /me with a real Cognito token of %s returns its role and scope', async (role) => {
    const user = cloud.users.find((u) => u.role === role);
    const { status, json } = await api('/me', { token: await idTokenFor(role) });
    expect(status).toBe(200);
    expect(json).toMatchObject({ username: user?.username, roles: [role], scope: user?.scope });
  });

  it('PUT /geo/communes/{id} with a malformed body → 400 naming each field', async () => {
    const { status, json } = await api('/geo/communes/cas-e2e', {
      method: 'PUT',
      token: await idTokenFor('ministry_admin'),
      body: { provinceId: 'MA-CAS', nameFr: 'E2E', nameAr: 'E2E', kind: 'urban', population: 'many' },
    });
    expect(status).toBe(400);
    expect(json.type).toBe('https://rukhsa.ma/problems/validation');
    expect(json.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.nameAr',
      'body.population',
    ]);
  });

  it('PUT /geo/communes/{id} with a body that is not JSON → 400 malformed-json', async () => {
    const { status, json } = await api('/geo/communes/cas-e2e', {
      method: 'PUT',
      token: await idTokenFor('ministry_admin'),
      rawBody: '{"provinceId": ',
    });
    expect(status).toBe(400);
    expect(json.type).toBe('https://rukhsa.ma/problems/malformed-json');
  });

  it('PUT /geo/communes/{id} is refused to a desk agent (403) and allowed to the ministry', async () => {
    const commune = { provinceId: 'MA-CAS', nameFr: 'Commune E2E', nameAr: 'جماعة', kind: 'rural' };
    const refused = await api('/geo/communes/cas-e2e', {
      method: 'PUT',
      token: await idTokenFor('desk_agent'),
      body: commune,
    });
    expect(refused.status).toBe(403);
    expect(refused.json.type).toBe('https://rukhsa.ma/problems/forbidden');
    const stored = await api('/geo/communes/cas-e2e', {
      method: 'PUT',
      token: await idTokenFor('ministry_admin'),
      body: commune,
    });
    expect([200, 201]).toContain(stored.status);
    const listed = await api('/geo/provinces/MA-CAS/communes');
    expect(listed.json.communes.map((c: { id: string }) => c.id)).toContain('cas-e2e');
  });
});
