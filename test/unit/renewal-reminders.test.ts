import { describe, expect, it } from 'vitest';
import { Application } from '#shared/domain/applications/application.ts';
import type { Transition, WorklistQuery } from '#shared/domain/applications/ports.ts';
import { remindLicenceRenewals } from '#shared/domain/applications/renewal-reminders.ts';

// Licences issued on 10 December 2025 expire on 10 December 2026; on 1 December 2026 they are due.
const NOW = new Date('2026-12-01T07:00:00.000Z');
const ISSUED_AT = '2025-12-10T10:00:00.000Z';
const COMMUNE = 'cas-casablanca';

const app = (id: string, fields: Record<string, unknown>) =>
  Application.parse({
    id,
    procedureCode: 'ACTIVITY_LICENCE',
    communeId: COMMUNE,
    provinceId: 'MA-CAS',
    regionId: 'MA-06',
    applicant: {
      kind: 'company',
      name: 'Café Atlas SARL',
      registrationNumber: 'RC 445566',
      representative: { firstName: 'Salma', lastName: 'Bennani' },
      email: 'gerance@cafe-atlas.ma',
      preferredLanguage: 'ar',
    },
    parcel: { landTitle: '45678/C', address: '12 boulevard Zerktouni' },
    project: { description: 'Café', activity: 'Café', floorAreaM2: 85 },
    status: 'ISSUED',
    catalogueVersion: '2026-11',
    professionalId: 'biz-1',
    size: 'small',
    documents: {},
    followers: [],
    version: 5,
    createdAt: '2025-11-01T10:00:00.000Z',
    updatedAt: ISSUED_AT,
    submittedAt: '2025-11-20T10:00:00.000Z',
    deadlineDate: '2025-12-11',
    ...fields,
  });

const licence = (number: string) =>
  app(`licence-${number}`, {
    permit: {
      number,
      issuedAt: ISSUED_AT,
      sha256: 'a'.repeat(64),
      verificationUrl: `https://rukhsa.example/verify/${number}`,
      keyFingerprint: 'f'.repeat(64),
    },
  });

const renewalOf = (number: string, status: string, deadlineDate: string) =>
  app(`renewal-of-${number}-${status}`, {
    procedureCode: 'ACTIVITY_LICENCE_RENEWAL',
    status,
    deadlineDate,
    followsPermit: {
      number,
      applicationId: `licence-${number}`,
      procedureCode: 'ACTIVITY_LICENCE',
      issuedAt: ISSUED_AT,
      validUntil: '2026-12-10',
      conditions: [],
      parcel: { landTitle: '45678/C', address: '12 boulevard Zerktouni' },
    },
  });

/** The repository's two lists over the commune's OPEN and CLOSED worklists, and the writes it received. */
function repository(open: Application[], closed: Application[]) {
  const saved: Transition[] = [];
  return {
    saved,
    applications: {
      listClosedByDeadline: async (_communeId: string, from: string, to: string) =>
        closed.filter((a) => (a.deadlineDate as string) >= from && (a.deadlineDate as string) <= to),
      listByCommune: async (_communeId: string, query: WorklistQuery) => ({
        items: (query.open ? open : closed).filter(
          (a) => !query.procedureCode || a.procedureCode === query.procedureCode,
        ),
      }),
      saveTransition: async (transition: Transition) => {
        saved.push(transition);
      },
    },
  };
}

describe('remindLicenceRenewals', () => {
  it('reminds a licence due for renewal, but not one whose renewal is filed (under review) or issued', async () => {
    const repo = repository(
      [renewalOf('L-FILED', 'SUBMITTED', '2026-12-20')],
      [
        licence('L-DUE'),
        licence('L-FILED'),
        licence('L-ISSUED'),
        licence('L-WITHDRAWN'),
        // Decided early: its deadline is still ahead, and it still counts.
        renewalOf('L-ISSUED', 'ISSUED', '2026-12-18'),
        // A renewal given up does not renew anything: its licence is still reminded.
        renewalOf('L-WITHDRAWN', 'WITHDRAWN', '2026-11-30'),
      ],
    );
    const result = await remindLicenceRenewals(repo, NOW, [COMMUNE]);
    expect(result.reminded.sort()).toEqual(['licence-L-DUE', 'licence-L-WITHDRAWN']);
    expect(repo.saved.map((t) => t.events[0]?.type)).toEqual(['LICENCE_RENEWAL_DUE', 'LICENCE_RENEWAL_DUE']);
    expect(repo.saved[0]?.events[0]?.details).toMatchObject({ validUntil: '2026-12-10' });
  });

  it('reminds nobody before the notice period, and each licence once per validity', async () => {
    const early = repository([], [licence('L-DUE')]);
    expect(
      (await remindLicenceRenewals(early, new Date('2026-11-01T07:00:00Z'), [COMMUNE])).reminded,
    ).toEqual([]);
    const reminded = licence('L-DUE');
    reminded.renewalReminder = { validUntil: '2026-12-10', at: '2026-11-15T07:00:00.000Z' };
    expect((await remindLicenceRenewals(repository([], [reminded]), NOW, [COMMUNE])).reminded).toEqual([]);
  });

  it('reminds a public-domain occupation at the end of the months authorised, unless its renewal is filed', async () => {
    // Authorised on 10 September 2026 for 3 months: it ends on 10 December 2026, as the licences above.
    const occupation = (id: string) =>
      app(id, {
        procedureCode: 'PUBLIC_DOMAIN_OCCUPATION',
        project: { description: 'Terrasse', activity: 'Café', occupiedAreaM2: 12, occupationMonths: 3 },
        deadlineDate: '2026-09-11',
        permit: {
          number: `OCC-${id}`,
          issuedAt: '2026-09-10T10:00:00.000Z',
          sha256: 'a'.repeat(64),
          verificationUrl: `https://rukhsa.example/verify/OCC-${id}`,
          keyFingerprint: 'f'.repeat(64),
        },
      });
    const renewal = app('occupation-renewal', {
      procedureCode: 'PUBLIC_DOMAIN_OCCUPATION_RENEWAL',
      project: { description: 'Terrasse', activity: 'Café', occupiedAreaM2: 12, occupationMonths: 12 },
      status: 'SUBMITTED',
      deadlineDate: '2026-12-15',
      followsPermit: {
        number: 'OCC-renewed',
        applicationId: 'renewed',
        procedureCode: 'PUBLIC_DOMAIN_OCCUPATION',
        issuedAt: '2026-09-10T10:00:00.000Z',
        validUntil: '2026-12-10',
        conditions: [],
        parcel: { landTitle: '45678/C', address: '12 boulevard Zerktouni' },
      },
    });
    const repo = repository([renewal], [occupation('due'), occupation('renewed')]);
    const result = await remindLicenceRenewals(repo, NOW, [COMMUNE]);
    expect(result.reminded).toEqual(['due']);
    expect(repo.saved[0]?.events[0]?.details).toMatchObject({
      permitNumber: 'OCC-due',
      validUntil: '2026-12-10',
    });
  });
});
