import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { handler as submitApplication } from '#functions/applications/submit-application.ts';
import { handler as search } from '#functions/search/search.ts';
import { handler as track } from '#functions/search/track.ts';
import type { Applicant } from '#shared/domain/applications/application.ts';
import { TRACKING_ATTEMPTS_PER_HOUR } from '#shared/domain/search/use-cases.ts';
import { testCloud } from '../support/cloud.ts';
import { httpEvent, lambdaContext } from '../support/events.ts';
import {
  buildingPermit,
  contactClaims,
  deskClaims,
  givenCompleteDraft,
  givenProfessional,
} from '../support/fixtures.ts';
import { waitFor } from '../support/journeys.ts';

const cloud = testCloud();
const json = (r: { body?: string }) => JSON.parse(r.body ?? 'null');
type Handler = (
  event: ReturnType<typeof httpEvent>,
  context: ReturnType<typeof lambdaContext>,
) => Promise<{ statusCode?: number; body?: string }>;

const find = async (q: string, claims: Record<string, unknown>) =>
  (search as Handler)(
    httpEvent({ method: 'GET', path: '/search', query: { q }, claims }),
    lambdaContext('search'),
  );
const follow = async (body: unknown, language = 'fr') =>
  (track as Handler)(
    httpEvent({ method: 'POST', path: '/tracking', body, headers: { 'accept-language': language } }),
    lambdaContext('track'),
  );

/** A submitted file of a fresh commune, with a CIN and a land title of its own. */
async function givenSubmitted() {
  const communeId = `cas-srch-${randomUUID().slice(0, 8)}`;
  const cin = `BK${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  const landTitle = `TF ${Math.floor(Math.random() * 1e5)}/63`;
  const { professional, claims } = await givenProfessional(cloud);
  const draft = await givenCompleteDraft(cloud, professional.id, communeId, {
    overrides: {
      applicant: { ...(buildingPermit().applicant as Extract<Applicant, { kind: 'person' }>), cin },
      parcel: { landTitle, address: '3 rue du Port, Casablanca' },
    },
  });
  const submitted = await (submitApplication as Handler)(
    httpEvent({
      method: 'POST',
      path: `/applications/${draft.id}/submission`,
      pathParameters: { applicationId: draft.id },
      claims,
      headers: { 'idempotency-key': randomUUID() },
    }),
    lambdaContext('submit'),
  );
  expect(submitted.statusCode).toBe(200);
  return { id: draft.id, communeId, cin, landTitle, receiptNumber: json(submitted).receiptNumber as string };
}

describe('search within the caller’s scope', () => {
  it('finds a file by CIN, receipt number and land title for its desk and province, and nothing for another commune', async () => {
    const file = await givenSubmitted();
    const desk = deskClaims(file.communeId);
    // The index is written from the table's stream by the deployed indexer.
    const byCin = await waitFor('the file indexed', async () => {
      const results = json(await find(file.cin.toLowerCase(), desk)).results as { id: string }[];
      return results.length > 0 ? results : undefined;
    });
    expect(byCin.map((r) => r.id)).toEqual([file.id]);
    expect(json(await find(file.receiptNumber, desk)).results.map((r: { id: string }) => r.id)).toEqual([
      file.id,
    ]);
    expect(json(await find(file.landTitle.toUpperCase(), desk)).results).toHaveLength(1);
    expect(
      json(await find(file.cin, contactClaims('MA-CAS'))).results.map((r: { id: string }) => r.id),
    ).toContain(file.id);
    expect(json(await find(file.cin, deskClaims('cas-casablanca-other'))).results).toEqual([]);
    expect(json(await find(file.cin, contactClaims('MA-RAB'))).results).toEqual([]);
    expect((await find('a', desk)).statusCode).toBe(400);
  });
});

describe('a citizen follows a file with receipt number and CIN', () => {
  it('shows status and steps with the right CIN, refuses a wrong one alike, and limits attempts', async () => {
    const file = await givenSubmitted();
    const tracked = await waitFor('the file trackable', async () => {
      const r = await follow({ receiptNumber: file.receiptNumber, cin: file.cin });
      return r.statusCode === 200 ? json(r) : undefined;
    });
    expect(tracked).toMatchObject({ receiptNumber: file.receiptNumber, status: 'SUBMITTED' });
    expect(tracked.timeline.map((e: { type: string }) => e.type)).toEqual(['APPLICATION_SUBMITTED']);
    expect(JSON.stringify(tracked)).not.toContain(
      buildingPermit().applicant.kind === 'person' ? 'Alami' : '',
    );

    const wrong = await follow({ receiptNumber: file.receiptNumber, cin: 'ZZ999999' }, 'ar');
    expect(wrong.statusCode).toBe(404);
    expect(json(wrong)).toMatchObject({ type: 'https://rukhsa.ma/problems/tracking-not-found' });
    expect(json(wrong).title).toMatch(/[\u0600-\u06FF]/);
    const unknown = await follow({ receiptNumber: `${file.receiptNumber}9`, cin: file.cin });
    expect(json(unknown).type).toBe(json(wrong).type);

    let last = wrong;
    for (let i = 0; i < TRACKING_ATTEMPTS_PER_HOUR; i++)
      last = await follow({ receiptNumber: file.receiptNumber, cin: 'ZZ999999' });
    expect(last.statusCode).toBe(429);
    expect(json(last).type).toBe('https://rukhsa.ma/problems/too-many-attempts');
    // Even the right CIN waits now: the limit is per receipt number.
    expect((await follow({ receiptNumber: file.receiptNumber, cin: file.cin })).statusCode).toBe(429);
  });
});
