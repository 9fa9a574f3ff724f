import { describe, expect, it } from 'vitest';
import { Application } from '#shared/domain/applications/application.ts';
import type { Principal } from '#shared/domain/identity/principal.ts';
import { overdueWorklist } from '#shared/domain/review/overdue.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-11-20T09:30:00.000Z');
const ago = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();

const file = (id: string, communeId: string, submittedDaysAgo: number, status = 'SUBMITTED') =>
  Application.parse({
    id,
    procedureCode: 'BUILDING_PERMIT',
    communeId,
    provinceId: 'MA-CAS',
    regionId: 'MA-06',
    applicant: {
      kind: 'person',
      firstName: 'Amina',
      lastName: 'Idrissi',
      cin: 'BE123456',
      preferredLanguage: 'fr',
    },
    parcel: { landTitle: 'TF 1/63', address: '12 rue des Orangers' },
    project: { description: 'Villa' },
    status,
    catalogueVersion: '2026-11',
    professionalId: 'pro-1',
    size: 'large',
    documents: {},
    followers: [],
    version: 2,
    createdAt: ago(submittedDaysAgo),
    updatedAt: ago(submittedDaysAgo),
    submittedAt: ago(submittedDaysAgo),
    receiptNumber: `R-${id}`,
    deadlineDate: '2026-12-31',
  });

// Building permits count working days: from Thursday 12 November 10:30 to Friday 20 November 10:30
// in Casablanca, 5 working days ran (the weekend and Independence Day, 18 November, do not count),
// past the 4-day admissibility budget (receipt 1 + referral 3); 'early', filed the Sunday before,
// has 3.44 working days behind it, 5 calendar days, and is not late.
const files = [
  file('late', 'cas-a', 8),
  file('early', 'cas-a', 5),
  file('fresh', 'cas-a', 0),
  file('other', 'cas-b', 0),
];
const deps = {
  applications: {
    listByCommune: async (communeId: string) => ({ items: files.filter((f) => f.communeId === communeId) }),
    events: async (id: string) => [
      {
        applicationId: id,
        type: 'APPLICATION_SUBMITTED',
        at: files.find((f) => f.id === id)?.submittedAt as string,
        actor: 'pro-1',
        details: {},
      },
    ],
  },
  geo: {
    listCommunes: async (provinceId: string) =>
      provinceId === 'MA-CAS'
        ? [
            { id: 'cas-a', nameFr: 'A', nameAr: 'أ' },
            { id: 'cas-b', nameFr: 'B', nameAr: 'ب' },
          ]
        : [],
  },
} as never;

const contact = (provinceId: string): Principal => ({
  userId: 'sub-c',
  username: 'contact',
  roles: ['province_contact'],
  scope: { provinceId },
});

describe('overdueWorklist', () => {
  it('lists, by commune and step, the files whose running step passed its budget', async () => {
    const view = await overdueWorklist(deps, contact('MA-CAS'), {}, NOW);
    expect(view.totals).toEqual({ ADMISSIBILITY: 1, REVIEW: 0, DECISION: 0 });
    expect(view.communes.map((c) => [c.communeId, c.files.map((f) => f.id)])).toEqual([['cas-a', ['late']]]);
    expect(view.communes[0]?.files[0]).toMatchObject({
      step: 'ADMISSIBILITY',
      elapsedDays: 5,
      budgetDays: 4,
      overdue: false,
    });
  });

  it('keeps a province contact to their province and asks the ministry to name one', async () => {
    await expect(
      overdueWorklist(deps, contact('MA-CAS'), { provinceId: 'MA-RAB' }, NOW),
    ).rejects.toMatchObject({
      kind: 'forbidden',
    });
    const ministry: Principal = { userId: 'sub-m', username: 'm', roles: ['ministry_admin'], scope: {} };
    await expect(overdueWorklist(deps, ministry, {}, NOW)).rejects.toMatchObject({
      type: 'province-required',
    });
    expect((await overdueWorklist(deps, ministry, { provinceId: 'MA-CAS' }, NOW)).totals.ADMISSIBILITY).toBe(
      1,
    );
  });
});
