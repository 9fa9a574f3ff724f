import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DynamoGeoRepository } from '#shared/adapters/dynamodb/geo-repository.ts';
import { DynamoStaffRepository } from '#shared/adapters/dynamodb/staff-repository.ts';
import { casablancaDate } from '#shared/domain/calendar.ts';
import { workingDaysBetween } from '#shared/domain/holidays.ts';
import { addDays } from '#shared/domain/procedures/rules.ts';
import { ensureStaffRecord } from '../../scripts/local-cloud/rollout-bodies.ts';
import { api, idTokenFor, testCloud } from '../support/cloud.ts';
import { documentClientFor, givenCompleteDraft } from '../support/fixtures.ts';
import { inbox, invokeDeadlineSweep, staffToken, waitFor } from '../support/journeys.ts';

/**
 * Late files escalate, through the HTTP API and the deployed daily job: a file whose admissibility
 * step ran past its budget shows in the province contact's view and the ministry's, and the contact
 * gets it in the daily digest, in their language. A province of its own (no other file's late files,
 * and no need to hold Casablanca-Anfa's contact), with one commune and a contact who reads Arabic.
 */

const cloud = testCloud();
const DAY = 86_400_000;
const letters = () =>
  Array.from({ length: 2 }, () => String.fromCharCode(65 + Math.floor(Math.random() * 26))).join('');

describe('late files escalate', () => {
  it('shows a step past its budget in the province contact’s view and the ministry’s, by commune and step, and mails the daily digest', async () => {
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
    const contactUsername = `contact-${provinceId.toLowerCase()}-${randomUUID().slice(0, 6)}`;
    const contactEmail = `${contactUsername}@fixtures.rukhsa.ma`;
    await ensureStaffRecord(
      new DynamoStaffRepository(db, cloud.outputs.tableName),
      {
        username: contactUsername,
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
    const contact = await staffToken(contactUsername, 'province_contact', { provinceId });

    // A large file submitted six working days ago (weekends and holidays do not count, whatever day
    // the suite runs on): its admissibility step (receipt + referral, 4 working days) is late.
    const today = casablancaDate(new Date());
    let back = 6;
    while (workingDaysBetween(addDays(today, -back), today) < 6) back++;
    const draft = await givenCompleteDraft(cloud, 'demo-professional', communeId, {
      size: 'large',
      overrides: { provinceId },
    });
    const submitted = await api(`/applications/${draft.id}/submission`, {
      method: 'POST',
      token: await idTokenFor('professional'),
      headers: {
        'idempotency-key': randomUUID(),
        'x-rukhsa-now': new Date(Date.now() - back * DAY).toISOString(),
      },
    });
    expect(submitted.status, submitted.text).toBe(200);

    const view = await api('/worklists/overdue', { token: contact });
    expect(view.status, view.text).toBe(200);
    expect(view.json).toMatchObject({ provinceId, totals: { ADMISSIBILITY: 1, REVIEW: 0, DECISION: 0 } });
    expect(view.json.communes).toEqual([
      expect.objectContaining({
        communeId,
        byStep: { ADMISSIBILITY: 1, REVIEW: 0, DECISION: 0 },
        files: [
          expect.objectContaining({ id: draft.id, step: 'ADMISSIBILITY', budgetDays: 4, overdue: false }),
        ],
      }),
    ]);
    const admin = await idTokenFor('ministry_admin');
    expect(
      (await api(`/worklists/overdue?provinceId=${provinceId}`, { token: admin })).json.totals.ADMISSIBILITY,
    ).toBe(1);
    expect((await api('/worklists/overdue?provinceId=MA-CAS', { token: contact })).status).toBe(403);
    expect((await api('/worklists/overdue', { token: admin })).status).toBe(400);

    // The daily job, through the Lambda Invoke API: the digest, in the contact's language.
    const result = await invokeDeadlineSweep({ communeIds: [communeId], digestProvinces: [provinceId] });
    expect(result.digests).toEqual({ sent: 1, lateFiles: 1 });
    const mail = await waitFor('the digest', async () =>
      (await inbox()).find((m) => m.To.includes(contactEmail)),
    );
    expect(mail.Subject).toBe('رخصة: 1 ملف متأخر في الإقليم');
    expect(mail.BodyText).toContain('جماعة متأخرة');
    expect(mail.BodyText).toContain('القبول 1');
  }, 120_000);
});
