import { describe, expect, it } from 'vitest';
import { Application } from '#shared/domain/applications/application.ts';
import type { Principal } from '#shared/domain/identity/principal.ts';
import type { AttemptCounter, SearchIndex } from '#shared/domain/search/ports.ts';
import { normalizeTerm, searchTerms } from '#shared/domain/search/terms.ts';
import {
  searchApplications,
  TRACKING_ATTEMPTS_PER_HOUR,
  trackApplication,
} from '#shared/domain/search/use-cases.ts';

const NOW = '2026-11-20T09:30:00.000Z';
const app = (id: string, communeId: string, overrides: Record<string, unknown> = {}) =>
  Application.parse({
    id,
    procedureCode: 'BUILDING_PERMIT',
    communeId,
    provinceId: 'MA-CAS',
    regionId: 'MA-06',
    applicant: {
      kind: 'person',
      firstName: 'Amina',
      lastName: 'El Idrissi',
      cin: 'BE123456',
      preferredLanguage: 'fr',
    },
    parcel: { landTitle: 'TF 4567/63', address: '12 rue des Orangers' },
    project: { description: 'Villa' },
    status: 'SUBMITTED',
    catalogueVersion: '2026-11',
    professionalId: 'pro-1',
    size: 'small',
    documents: {},
    followers: [],
    version: 2,
    createdAt: NOW,
    updatedAt: NOW,
    submittedAt: NOW,
    receiptNumber: `${communeId.toUpperCase()}/2026/00042`,
    deadlineDate: '2026-12-05',
    ...overrides,
  });

/** An in-memory index over the same terms the stream indexer writes. */
function given(apps: Application[]) {
  const byId = new Map(apps.map((a) => [a.id, a]));
  const search: SearchIndex = {
    index: async () => {},
    find: async (term, within, limit) =>
      apps
        .filter(
          (a) => searchTerms(a).includes(term) && `${a.provinceId}#${a.communeId}#${a.id}`.startsWith(within),
        )
        .slice(0, limit)
        .map((a) => a.id),
  };
  const counts = new Map<string, number>();
  const attempts: AttemptCounter = {
    add: async (key) => {
      counts.set(key, (counts.get(key) ?? 0) + 1);
      return counts.get(key) as number;
    },
  };
  return {
    applications: {
      get: async (id: string) => byId.get(id),
      events: async () =>
        [
          {
            applicationId: 'x',
            type: 'APPLICATION_SUBMITTED',
            at: NOW,
            actor: 'pro-1',
            role: 'professional',
            details: {},
          },
          { applicationId: 'x', type: 'DOCUMENT_UPLOADED', at: NOW, actor: 'pro-1', details: {} },
        ] as never,
    },
    search,
    attempts,
  };
}

const desk = (communeId: string): Principal => ({
  userId: 'sub-desk-1',
  username: 'desk-1',
  roles: ['desk_agent'],
  scope: { communeId, provinceId: 'MA-CAS' },
});

describe('search terms', () => {
  it('normalises case, accents and punctuation the same way for terms and queries', () => {
    expect(normalizeTerm('  TF  4567/63 ')).toBe('tf 4567/63');
    expect(normalizeTerm('Aït-Ourir')).toBe('ait ourir');
    expect(normalizeTerm('بنعلي')).toBe('بنعلي');
  });

  it('indexes the receipt, the land title, the name whole and by word, the CIN and the permit number', () => {
    const terms = searchTerms(app('a1', 'cas-casablanca', { permit: undefined }));
    expect(terms).toEqual(
      expect.arrayContaining([
        'cas casablanca/2026/00042',
        'tf 4567/63',
        'amina el idrissi',
        'amina',
        'idrissi',
        'be123456',
      ]),
    );
    expect(terms).not.toContain('el');
  });
});

describe('searchApplications', () => {
  const deps = given([app('a1', 'cas-casablanca'), app('a2', 'cas-ain-chock')]);

  it('finds by CIN within the desk’s commune only', async () => {
    expect((await searchApplications(deps, desk('cas-casablanca'), 'be 123456')).map((r) => r.id)).toEqual([
      'a1',
    ]);
    expect(await searchApplications(deps, desk('cas-elsewhere'), 'BE123456')).toEqual([]);
  });

  it('finds a name across the province for the province contact', async () => {
    const contact: Principal = {
      userId: 'sub-c',
      username: 'c',
      roles: ['province_contact'],
      scope: { provinceId: 'MA-CAS' },
    };
    expect((await searchApplications(deps, contact, 'Idrissi')).map((r) => r.id)).toEqual(['a1', 'a2']);
  });

  it('refuses a query under 3 characters', async () => {
    await expect(searchApplications(deps, desk('cas-casablanca'), 'a')).rejects.toMatchObject({
      type: 'search-too-short',
    });
  });
});

describe('trackApplication', () => {
  it('gives the status and the public steps with the right CIN, the same refusal otherwise, and counts attempts', async () => {
    const deps = given([app('a1', 'cas-casablanca')]);
    const tracked = await trackApplication(
      deps,
      { receiptNumber: 'CAS-CASABLANCA/2026/00042', cin: 'be123456' },
      new Date(),
    );
    expect(tracked).toMatchObject({
      status: 'SUBMITTED',
      timeline: [{ type: 'APPLICATION_SUBMITTED', at: NOW }],
    });
    expect(JSON.stringify(tracked)).not.toContain('Amina');
    const wrong = trackApplication(
      deps,
      { receiptNumber: 'CAS-CASABLANCA/2026/00042', cin: 'BE000000' },
      new Date(),
    );
    await expect(wrong).rejects.toMatchObject({ type: 'tracking-not-found' });
    const unknown = trackApplication(
      deps,
      { receiptNumber: 'CAS-CASABLANCA/2026/99999', cin: 'BE123456' },
      new Date(),
    );
    await expect(unknown).rejects.toMatchObject({ type: 'tracking-not-found' });
    for (let i = 2; i < TRACKING_ATTEMPTS_PER_HOUR; i++)
      await trackApplication(
        deps,
        { receiptNumber: 'CAS-CASABLANCA/2026/00042', cin: 'x1' },
        new Date(),
      ).catch(() => {});
    await expect(
      trackApplication(deps, { receiptNumber: 'CAS-CASABLANCA/2026/00042', cin: 'be123456' }, new Date()),
    ).rejects.toMatchObject({ kind: 'too-many', type: 'too-many-attempts' });
  });
});
