import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Applicant } from '#shared/domain/applications/application.ts';
import { TRACKING_ATTEMPTS_PER_HOUR } from '#shared/domain/search/use-cases.ts';
import { api, idTokenFor, testCloud } from '../support/cloud.ts';
import { buildingPermit, givenCompleteDraft } from '../support/fixtures.ts';
import { staffToken, waitFor } from '../support/journeys.ts';

/**
 * Finding a file through the HTTP API: the desk of its commune finds it by CIN (and receipt number,
 * land title), the desk of another commune does not; a citizen without an account follows it with
 * the receipt number and the CIN, and a wrong CIN is refused like an unknown file.
 */

const cloud = testCloud();

/** A file submitted through the API in a commune of its own, with a CIN and a land title of its own. */
async function givenSubmitted() {
  const communeId = `cas-srch-${randomUUID().slice(0, 8)}`;
  const cin = `BK${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  const landTitle = `TF ${Math.floor(Math.random() * 1e5)}/63`;
  const draft = await givenCompleteDraft(cloud, 'demo-professional', communeId, {
    overrides: {
      applicant: { ...(buildingPermit().applicant as Extract<Applicant, { kind: 'person' }>), cin },
      parcel: { landTitle, address: '3 rue du Port, Casablanca' },
    },
  });
  const submitted = await api(`/applications/${draft.id}/submission`, {
    method: 'POST',
    token: await idTokenFor('professional'),
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(submitted.status, submitted.text).toBe(200);
  return { id: draft.id, communeId, cin, landTitle, receiptNumber: submitted.json.receiptNumber as string };
}

const follow = (body: unknown, language = 'fr') => api('/tracking', { method: 'POST', body, language });

describe('search within the caller’s scope', () => {
  it('finds a file by CIN, receipt number and land title for its desk and province, and nothing for another commune', async () => {
    const file = await givenSubmitted();
    const desk = await staffToken(`srch-desk-${randomUUID().slice(0, 8)}`, 'desk_agent', {
      communeId: file.communeId,
      provinceId: 'MA-CAS',
    });
    const find = async (q: string, token: string) => api(`/search?q=${encodeURIComponent(q)}`, { token });
    // The index is written from the table's stream by the deployed indexer.
    const byCin = await waitFor('the file indexed', async () => {
      const results = (await find(file.cin.toLowerCase(), desk)).json.results as { id: string }[];
      return results.length > 0 ? results : undefined;
    });
    expect(byCin.map((r) => r.id)).toEqual([file.id]);
    const ids = async (q: string, token: string) =>
      ((await find(q, token)).json.results as { id: string }[]).map((r) => r.id);
    expect(await ids(file.receiptNumber, desk)).toEqual([file.id]);
    expect(await ids(file.landTitle.toUpperCase(), desk)).toEqual([file.id]);
    expect(await ids(file.cin, await idTokenFor('province_contact'))).toContain(file.id);
    // Casablanca's desk agent: another commune of the same province.
    expect(await ids(file.cin, await idTokenFor('desk_agent'))).toEqual([]);
    expect((await find('a', desk)).status).toBe(422);
  });
});

describe('a citizen follows a file with receipt number and CIN', () => {
  it('shows status and steps with the right CIN, refuses a wrong one alike, and limits attempts', async () => {
    const file = await givenSubmitted();
    const tracked = await waitFor('the file trackable', async () => {
      const r = await follow({ receiptNumber: file.receiptNumber, cin: file.cin });
      return r.status === 200 ? r.json : undefined;
    });
    expect(tracked).toMatchObject({ receiptNumber: file.receiptNumber, status: 'SUBMITTED' });
    expect(tracked.timeline.map((e: { type: string }) => e.type)).toEqual(['APPLICATION_SUBMITTED']);
    expect(JSON.stringify(tracked)).not.toContain('Alami');

    const wrong = await follow({ receiptNumber: file.receiptNumber, cin: 'ZZ999999' }, 'ar');
    expect(wrong.status).toBe(404);
    expect(wrong.json).toMatchObject({ type: 'https://rukhsa.ma/problems/tracking-not-found' });
    expect(wrong.json.title).toMatch(/[\u0600-\u06FF]/);
    const unknown = await follow({ receiptNumber: `${file.receiptNumber}9`, cin: file.cin });
    expect(unknown.json.type).toBe(wrong.json.type);

    let last = wrong;
    for (let i = 0; i < TRACKING_ATTEMPTS_PER_HOUR; i++)
      last = await follow({ receiptNumber: file.receiptNumber, cin: 'ZZ999999' });
    expect(last.status).toBe(429);
    expect(last.json.type).toBe('https://rukhsa.ma/problems/too-many-attempts');
    // Even the right CIN waits now: the limit is per receipt number.
    expect((await follow({ receiptNumber: file.receiptNumber, cin: file.cin })).status).toBe(429);
  });
});
