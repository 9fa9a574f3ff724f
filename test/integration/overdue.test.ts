import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { handler as submitApplication } from '#functions/applications/submit-application.ts';
import { handler as overdueWorklist } from '#functions/review/overdue-worklist.ts';
import { handler as sweepDeadlines } from '#functions/review/sweep-deadlines.ts';
import { DynamoGeoRepository } from '#shared/adapters/dynamodb/geo-repository.ts';
import { DynamoStaffRepository } from '#shared/adapters/dynamodb/staff-repository.ts';
import { casablancaDate } from '#shared/domain/calendar.ts';
import { workingDaysBetween } from '#shared/domain/holidays.ts';
import { addDays } from '#shared/domain/procedures/rules.ts';
import { ensureStaffRecord } from '../../scripts/local-cloud/rollout-bodies.ts';
import { testCloud } from '../support/cloud.ts';
import { httpEvent, lambdaContext } from '../support/events.ts';
import {
  adminClaims,
  contactClaims,
  documentClientFor,
  givenCompleteDraft,
  givenProfessional,
} from '../support/fixtures.ts';
import { inbox, waitFor } from '../support/journeys.ts';

const cloud = testCloud();
const json = (r: { body?: string }) => JSON.parse(r.body ?? 'null');
type Handler = (
  event: ReturnType<typeof httpEvent>,
  context: ReturnType<typeof lambdaContext>,
) => Promise<{ statusCode?: number; body?: string }>;
const DAY = 86_400_000;
const letters = () =>
  Array.from({ length: 2 }, () => String.fromCharCode(65 + Math.floor(Math.random() * 26))).join('');

const overdue = (claims: Record<string, unknown>, query?: Record<string, string>) =>
  (overdueWorklist as Handler)(
    httpEvent({ method: 'GET', path: '/worklists/overdue', claims, ...(query ? { query } : {}) }),
    lambdaContext('overdue'),
  );

describe('late files escalate', () => {
  it('shows a step past its budget in the province contact’s view and the ministry’s, by commune and step, and mails the daily digest', async () => {
    // A province of its own (no other test's files), with one commune and its contact, who reads Arabic.
    const provinceId = `MA-Q${letters()}`;
    const communeId = `cas-late-${randomUUID().slice(0, 8)}`;
    const db = documentClientFor(cloud);
    await new DynamoGeoRepository(db, cloud.outputs.tableName).putCommune({
      id: communeId,
      provinceId,
      regionId: 'MA-06',
      nameFr: 'Commune en retard',
      nameAr: 'جماعة متأخرة',
      kind: 'urban',
      population: null,
      updatedAt: new Date().toISOString(),
    });
    const contactEmail = `contact-${provinceId.toLowerCase()}-${randomUUID().slice(0, 6)}@fixtures.rukhsa.ma`;
    await ensureStaffRecord(
      new DynamoStaffRepository(db, cloud.outputs.tableName),
      {
        username: `contact-${provinceId}-${randomUUID().slice(0, 6)}`,
        roles: ['province_contact'],
        scope: { provinceId },
        firstName: 'Samira',
        lastName: 'Bennani',
        title: 'Point focal',
        phone: '+212600000009',
        email: contactEmail,
        preferredLanguage: 'ar',
      },
      'test',
    );
    // A large file submitted six working days ago (weekends and holidays do not count): its
    // admissibility step (receipt + referral, 4 working days) is late.
    const today = casablancaDate(new Date());
    let back = 6;
    while (workingDaysBetween(addDays(today, -back), today) < 6) back++;
    const { professional, claims } = await givenProfessional(cloud);
    const draft = await givenCompleteDraft(cloud, professional.id, communeId, {
      size: 'large',
      overrides: { provinceId },
    });
    const submitted = await (submitApplication as Handler)(
      httpEvent({
        method: 'POST',
        path: `/applications/${draft.id}/submission`,
        pathParameters: { applicationId: draft.id },
        claims,
        headers: {
          'idempotency-key': randomUUID(),
          'x-rukhsa-now': new Date(Date.now() - back * DAY).toISOString(),
        },
      }),
      lambdaContext('submit'),
    );
    expect(submitted.statusCode).toBe(200);

    const view = json(await overdue(contactClaims(provinceId)));
    expect(view).toMatchObject({ provinceId, totals: { ADMISSIBILITY: 1, REVIEW: 0, DECISION: 0 } });
    expect(view.communes).toEqual([
      expect.objectContaining({
        communeId,
        byStep: { ADMISSIBILITY: 1, REVIEW: 0, DECISION: 0 },
        files: [
          expect.objectContaining({ id: draft.id, step: 'ADMISSIBILITY', budgetDays: 4, overdue: false }),
        ],
      }),
    ]);
    expect(json(await overdue(adminClaims(), { provinceId })).totals.ADMISSIBILITY).toBe(1);
    expect((await overdue(contactClaims(provinceId), { provinceId: 'MA-CAS' })).statusCode).toBe(403);
    expect((await overdue(adminClaims())).statusCode).toBe(400);

    // The daily digest, in the contact's language.
    const result = await sweepDeadlines({ communeIds: [communeId], digestProvinces: [provinceId] });
    expect(result.digests).toEqual({ sent: 1, lateFiles: 1 });
    const mail = await waitFor('the digest', async () =>
      (await inbox()).find((m) => m.To.includes(contactEmail)),
    );
    expect(mail.Subject).toBe('رخصة: 1 ملف متأخر في الإقليم');
    expect(mail.BodyText).toContain('جماعة متأخرة');
    expect(mail.BodyText).toContain('القبول 1');
  });
});
