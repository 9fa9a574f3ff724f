import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as listCommunes } from '#functions/geo/list-communes.ts';
import { handler as listProvinces } from '#functions/geo/list-provinces.ts';
import { handler as listRegions } from '#functions/geo/list-regions.ts';
import { handler as putCommune } from '#functions/geo/put-commune.ts';
import { handler as health } from '#functions/platform/health.ts';
import { keys, partitions } from '#shared/adapters/dynamodb/keys.ts';
import { clientConfig, testCloud } from '../support/cloud.ts';
import { claimsOf, httpEvent, lambdaContext } from '../support/events.ts';

const cloud = testCloud();
const db = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig(cloud)));
const table = cloud.outputs.tableName;
const admin = claimsOf(['ministry_admin']);
const agent = claimsOf(['desk_agent'], { 'custom:commune': 'cas-casablanca', 'custom:province': 'MA-CAS' });
const body = (response: { body?: string }) => JSON.parse(response.body ?? 'null');
const commune = {
  provinceId: 'MA-CAS',
  nameFr: 'Commune Test Intégration',
  nameAr: 'جماعة تجريبية',
  kind: 'urban',
  population: 12000,
};

const put = (
  id: string,
  payload: unknown,
  claims: Record<string, unknown>,
  headers: Record<string, string> = {},
) =>
  putCommune(
    httpEvent({
      method: 'PUT',
      path: `/geo/communes/${id}`,
      pathParameters: { communeId: id },
      body: payload,
      claims,
      headers,
    }),
    lambdaContext('putCommune'),
  );

describe('geo handlers against the local cloud', () => {
  beforeAll(async () => {
    for (const id of ['cas-integration-a', 'cas-integration-b', 'cas-integration-c']) {
      await db.send(new DeleteCommand({ TableName: table, Key: keys.communeKey(id) }));
    }
  });

  it('reports the table reachable and the reference data loaded', async () => {
    const response = await health(httpEvent({ path: '/health' }), lambdaContext('health'));
    expect(response.statusCode).toBe(200);
    expect(body(response)).toMatchObject({ status: 'ok', referenceData: 'loaded', stage: 'local' });
  });

  it('lists the 12 seeded regions in id order', async () => {
    const response = await listRegions(httpEvent({ path: '/geo/regions' }), lambdaContext());
    const { regions } = body(response);
    expect(regions).toHaveLength(12);
    expect(regions[0]).toEqual({
      id: 'MA-01',
      nameFr: 'Tanger-Tétouan-Al Hoceïma',
      nameAr: expect.stringMatching(/طنجة/),
    });
    expect(regions.map((r: { id: string }) => r.id)).toEqual(
      [...regions.map((r: { id: string }) => r.id)].sort(),
    );
  });

  it('lists the provinces of Casablanca-Settat, sorted by name, without storage keys', async () => {
    const response = await listProvinces(
      httpEvent({ path: '/geo/regions/MA-06/provinces', pathParameters: { regionId: 'MA-06' } }),
      lambdaContext(),
    );
    const { region, provinces } = body(response);
    expect(region.id).toBe('MA-06');
    expect(provinces.map((p: { id: string }) => p.id)).toEqual(
      expect.arrayContaining(['MA-CAS', 'MA-MOH', 'MA-SET']),
    );
    expect(
      provinces.every(
        (p: Record<string, unknown>) => p.regionId === 'MA-06' && !('pk' in p) && !('gsi1pk' in p),
      ),
    ).toBe(true);
  });

  it('answers 404 problem+json for communes of an unknown province', async () => {
    const response = await listCommunes(
      httpEvent({ path: '/geo/provinces/MA-ZZZ/communes', pathParameters: { provinceId: 'MA-ZZZ' } }),
      lambdaContext(),
    );
    expect(response.statusCode).toBe(404);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(body(response)).toMatchObject({
      type: 'https://rukhsa.ma/problems/not-found',
      resource: 'Province',
      id: 'MA-ZZZ',
    });
  });

  it('creates a commune (201), then updates it (200), stored under its keys with the derived region', async () => {
    const created = await put('cas-integration-a', commune, admin);
    expect(created.statusCode).toBe(201);
    const updated = await put('cas-integration-a', { ...commune, population: 13000 }, admin);
    expect(updated.statusCode).toBe(200);
    const { Item } = await db.send(
      new GetCommand({ TableName: table, Key: keys.communeKey('cas-integration-a') }),
    );
    expect(Item).toMatchObject({
      ...keys.commune('cas-integration-a', 'MA-CAS', 'commune-test-integration'),
      regionId: 'MA-06',
      population: 13000,
    });
    const listed = await listCommunes(
      httpEvent({ path: '/geo/provinces/MA-CAS/communes', pathParameters: { provinceId: 'MA-CAS' } }),
      lambdaContext(),
    );
    expect(body(listed).communes.map((c: { id: string }) => c.id)).toContain('cas-integration-a');
  });

  it('refuses a desk agent with 403 and writes nothing', async () => {
    const response = await put('cas-integration-b', commune, agent);
    expect(response.statusCode).toBe(403);
    const { Item } = await db.send(
      new GetCommand({ TableName: table, Key: keys.communeKey('cas-integration-b') }),
    );
    expect(Item).toBeUndefined();
  });

  it('answers 400 naming each bad field and writes nothing', async () => {
    const response = await put(
      'cas-integration-b',
      { provinceId: 'casablanca', nameFr: 'B', kind: 'town' },
      admin,
    );
    expect(response.statusCode).toBe(400);
    expect(
      body(response)
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['body.kind', 'body.nameAr', 'body.nameFr', 'body.provinceId']);
    const { Item } = await db.send(
      new GetCommand({ TableName: table, Key: keys.communeKey('cas-integration-b') }),
    );
    expect(Item).toBeUndefined();
  });

  it('replays a retried request with the same Idempotency-Key and refuses the key with another body', async () => {
    const key = { 'idempotency-key': `it-${Date.now()}` };
    const first = await put('cas-integration-c', commune, admin, key);
    const retry = await put('cas-integration-c', commune, admin, key);
    expect(first.statusCode).toBe(201);
    // Without idempotency the retry would be an update (200); the replay keeps the first answer.
    expect(retry.statusCode).toBe(201);
    expect(retry.body).toBe(first.body);
    const reused = await put('cas-integration-c', { ...commune, population: 1 }, admin, key);
    expect(reused.statusCode).toBe(422);
    expect(body(reused).type).toBe('https://rukhsa.ma/problems/idempotency-key-reused');
    // The refused reuse must not erase the first request's record: the original retry still replays.
    const laterRetry = await put('cas-integration-c', commune, admin, key);
    expect(laterRetry.statusCode).toBe(201);
    expect(laterRetry.body).toBe(first.body);
    const records = await db.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partitions.idempotency('putCommune') },
      }),
    );
    expect(records.Items?.some((r) => r.status === 'COMPLETED' && typeof r.expiresAt === 'number')).toBe(
      true,
    );
  });
});
