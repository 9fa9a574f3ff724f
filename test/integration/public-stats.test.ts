import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Handler } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler as submitApplication } from '#functions/applications/submit-application.ts';
import { handler as getStats } from '#functions/rollout/get-stats.ts';
import { parseKeys } from '#shared/adapters/dynamodb/keys.ts';
import { casablancaDate } from '#shared/domain/procedures/rules.ts';
import { testCloud } from '../support/cloud.ts';
import { httpEvent, lambdaContext } from '../support/events.ts';
import { documentClientFor, givenCompleteDraft, givenProfessional } from '../support/fixtures.ts';

/**
 * `GET /stats` (the public figures) against counts computed from a scan of the whole table. It needs
 * a table nobody else is writing to, so `npm test` runs it alone, before the other cloud files (some
 * of them tamper with events on purpose; scripts/test.ts). On its own
 * (`npm test -- test/integration/public-stats.test.ts`) it just runs.
 */
const cloud = testCloud();
const db = documentClientFor(cloud);
const json = (r: { body?: string }) => JSON.parse(r.body ?? 'null');

const call = (
  handler: Handler,
  options: { method?: string; params?: Record<string, string>; claims?: Record<string, unknown> },
) =>
  handler(
    httpEvent({
      method: options.method ?? 'GET',
      path: '/x',
      ...(options.params ? { pathParameters: options.params } : {}),
      ...(options.claims ? { claims: options.claims } : {}),
      headers: { 'idempotency-key': randomUUID() },
    }),
    lambdaContext(),
    () => undefined,
  ) as Promise<{ statusCode: number; body?: string }>;

/** Every item of the table, read with a Scan (tests only: the product never scans). */
async function scanAll(client: DynamoDBDocumentClient) {
  const items: Record<string, any>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: cloud.outputs.tableName, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The public figures, computed independently from the raw items (not through the product's indexes). */
function expectedStats(items: Record<string, any>[], now: Date) {
  const live = items.filter((i) => i.entity === 'CommuneRollout' && i.status === 'LIVE');
  const communesLive = Object.fromEntries(
    items
      .filter((i) => i.entity === 'Region')
      .map((r) => [r.id, live.filter((c) => c.regionId === r.id).length]),
  );
  const pros = items.filter((i) => i.entity === 'Professional' && i.status === 'VERIFIED');
  const staff = items.filter((i) => i.entity === 'Staff' && i.status === 'ACTIVE');
  const roles = [
    'desk_agent',
    'commission_member',
    'signatory',
    'commune_treasurer',
    'province_contact',
    'ministry_admin',
  ];
  const days: Record<string, { received: number; decided: number }> = {};
  const today = casablancaDate(now);
  const first = casablancaDate(new Date(Date.parse(`${today}T12:00:00Z`) - 29 * 86_400_000));
  for (const e of items.filter(
    (i) => i.entity === 'Event' && parseKeys.applicationId(String(i.pk)) !== undefined,
  )) {
    const day = casablancaDate(new Date(e.at));
    if (day < first || day > today) continue;
    days[day] ??= { received: 0, decided: 0 };
    if (e.type === 'APPLICATION_SUBMITTED') days[day].received++;
    if (['APPLICATION_APPROVED', 'APPLICATION_REJECTED', 'APPLICATION_TACITLY_APPROVED'].includes(e.type))
      days[day].decided++;
  }
  return {
    communesLive,
    professionals: Object.fromEntries(
      ['architect', 'surveyor_engineer', 'topographer', 'engineer'].map((p) => [
        p,
        pros.filter((x) => x.profession === p).length,
      ]),
    ),
    civilServants: {
      total: staff.length,
      ...Object.fromEntries(roles.map((r) => [r, staff.filter((s) => s.roles.includes(r)).length])),
    },
    // In date order, as the API lists them (other files' test clocks put events on earlier days).
    days: Object.fromEntries(
      Object.entries(days)
        .filter(([, d]) => d.received + d.decided > 0)
        .sort(([a], [b]) => a.localeCompare(b)),
    ),
  };
}

function reported(stats: any) {
  return {
    communesLive: Object.fromEntries(stats.communesLive.byRegion.map((r: any) => [r.regionId, r.live])),
    professionals: stats.professionals.byProfession,
    civilServants: { total: stats.civilServants.total, ...stats.civilServants.byRole },
    days: Object.fromEntries(
      stats.applications.days
        .filter((d: any) => d.received + d.decided > 0)
        .map((d: any) => [d.date, { received: d.received, decided: d.decided }]),
    ),
  };
}

describe('public figures', () => {
  it('GET /stats equals the counts computed from the raw data (after the stream counters settle)', async () => {
    // Seed some activity of our own: a submission in a live commune.
    const { professional, claims } = await givenProfessional(cloud);
    const draft = await givenCompleteDraft(cloud, professional.id, `ifr-stats-${randomUUID().slice(0, 6)}`, {
      overrides: { provinceId: 'MA-IFR', regionId: 'MA-03' },
    });
    const submitted = await call(submitApplication as Handler, {
      method: 'POST',
      params: { applicationId: draft.id },
      claims,
    });
    expect(submitted.statusCode).toBe(200);
    // Other test files write concurrently and the day counters follow the stream: compare when a
    // scan before and after the call agree, for up to about three minutes.
    let last: unknown;
    for (let attempt = 0; attempt < 60; attempt++) {
      const now = new Date();
      const before = expectedStats(await scanAll(db), now);
      const response = await call(getStats as Handler, {});
      expect(response.statusCode).toBe(200);
      const after = expectedStats(await scanAll(db), now);
      const got = reported(json(response));
      last = { expected: after, got };
      if (JSON.stringify(before) === JSON.stringify(after) && JSON.stringify(got) === JSON.stringify(after)) {
        expect(got).toEqual(after);
        expect(got.days[casablancaDate(now)]?.received ?? 0).toBeGreaterThanOrEqual(1);
        return;
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
    expect.fail(`GET /stats never matched the data: ${JSON.stringify(last)}`);
  }, 300_000);
});
