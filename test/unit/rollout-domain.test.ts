import { describe, expect, it } from 'vitest';
import { DomainError } from '#shared/domain/errors.ts';
import type { Principal } from '#shared/domain/identity/principal.ts';
import { CATALOGUE } from '#shared/domain/procedures/catalogue.ts';
import {
  assertRolloutTransition,
  ROLLOUT_STATUSES,
  ROLLOUT_TRANSITIONS,
  readiness,
  requiredAgencies,
} from '#shared/domain/rollout/onboarding.ts';
import {
  assertMayGrant,
  canManage,
  resolveScope,
  STAFF_ROLES,
  type StaffMember,
} from '#shared/domain/rollout/staff.ts';
import { parseStaffCsv, STAFF_CSV_HEADER } from '#shared/domain/rollout/staff-csv.ts';
import { computeStats, counterOf, statsWindow } from '#shared/domain/rollout/stats.ts';
import { statusOf as httpStatusOf } from '#shared/http/problem.ts';
import { issuedAt } from '#shared/http/session.ts';

const admin: Principal = { userId: 'a', username: 'admin', roles: ['ministry_admin'], scope: {} };
const contact: Principal = {
  userId: 'c',
  username: 'contact',
  roles: ['province_contact'],
  scope: { provinceId: 'MA-IFR' },
};
const desk: Principal = {
  userId: 'd',
  username: 'desk',
  roles: ['desk_agent'],
  scope: { communeId: 'ifr-azrou', provinceId: 'MA-IFR' },
};
const statusOf = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return error instanceof DomainError ? httpStatusOf(error) : 'other';
  }
};

const member = (over: Partial<StaffMember>): StaffMember => ({
  username: 'u',
  roles: ['desk_agent'],
  scope: { communeId: 'ifr-azrou', provinceId: 'MA-IFR' },
  firstName: 'A',
  lastName: 'B',
  title: 'T',
  phone: '+212600000000',
  email: 'a@b.ma',
  preferredLanguage: 'fr',
  status: 'ACTIVE',
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'x',
  updatedAt: '2026-01-01T00:00:00.000Z',
  updatedBy: 'x',
  version: 1,
  ...over,
});

describe('roles and scope', () => {
  it('derives the province of commune staff from the commune and refuses fields no role needs', () => {
    expect(resolveScope(['desk_agent', 'signatory'], { communeId: 'ifr-azrou' }, 'MA-IFR')).toEqual({
      communeId: 'ifr-azrou',
      provinceId: 'MA-IFR',
    });
    expect(
      resolveScope(['commission_member'], { agencyId: 'heritage', provinceId: 'MA-IFR' }, undefined),
    ).toEqual({
      agencyId: 'heritage',
      provinceId: 'MA-IFR',
    });
    const refused: [Parameters<typeof resolveScope>, RegExp][] = [
      [
        [['desk_agent'], { communeId: 'ifr-azrou', agencyId: 'heritage' }, 'MA-IFR'],
        /agencyId does not apply/,
      ],
      [
        [['desk_agent'], { communeId: 'ifr-azrou', provinceId: 'MA-CAS' }, 'MA-IFR'],
        /is in MA-IFR, not MA-CAS/,
      ],
      [[['desk_agent'], { communeId: 'ifr-nowhere' }, undefined], /does not exist/],
      [[['commission_member'], { provinceId: 'MA-IFR' }, undefined], /need agencyId/],
      [[['province_contact'], {}, undefined], /need provinceId/],
      [[['ministry_admin'], { provinceId: 'MA-IFR' }, undefined], /provinceId does not apply/],
      [[['ministry_admin', 'desk_agent'], { communeId: 'ifr-azrou' }, 'MA-IFR'], /national/],
    ];
    for (const [args, message] of refused) expect(() => resolveScope(...args)).toThrow(message);
  });

  it('lets the ministry grant everything and a province contact only commune/agency roles in their province', () => {
    for (const role of STAFF_ROLES) expect(statusOf(() => assertMayGrant(admin, [role], {}))).toBe('ok');
    const inProvince = { communeId: 'ifr-azrou', provinceId: 'MA-IFR' };
    expect(statusOf(() => assertMayGrant(contact, ['desk_agent', 'signatory'], inProvince))).toBe('ok');
    expect(statusOf(() => assertMayGrant(contact, ['commune_treasurer'], inProvince))).toBe('ok');
    expect(
      statusOf(() =>
        assertMayGrant(contact, ['commission_member'], { agencyId: 'health', provinceId: 'MA-IFR' }),
      ),
    ).toBe('ok');
    expect(
      statusOf(() => assertMayGrant(contact, ['desk_agent'], { communeId: 'cas-x', provinceId: 'MA-CAS' })),
    ).toBe(403);
    expect(statusOf(() => assertMayGrant(contact, ['province_contact'], { provinceId: 'MA-IFR' }))).toBe(403);
    expect(statusOf(() => assertMayGrant(contact, ['ministry_admin'], {}))).toBe(403);
    expect(statusOf(() => assertMayGrant(desk, ['desk_agent'], inProvince))).toBe(403);
  });

  it('hides from a province contact the accounts outside their province or above their reach', () => {
    expect(canManage(contact, member({}))).toBe(true);
    expect(canManage(contact, member({ scope: { communeId: 'cas-x', provinceId: 'MA-CAS' } }))).toBe(false);
    expect(canManage(contact, member({ roles: ['province_contact'], scope: { provinceId: 'MA-IFR' } }))).toBe(
      false,
    );
    expect(canManage(admin, member({ roles: ['ministry_admin'], scope: {} }))).toBe(true);
    expect(canManage(desk, member({}))).toBe(false);
  });
});

describe('commune onboarding', () => {
  it('allows exactly the transitions of the table', () => {
    for (const from of ROLLOUT_STATUSES)
      for (const to of ROLLOUT_STATUSES) {
        const allowed = ROLLOUT_TRANSITIONS[from].includes(to);
        expect([from, to, statusOf(() => assertRolloutTransition(from, to))]).toEqual([
          from,
          to,
          allowed ? 'ok' : 409,
        ]);
      }
    expect(ROLLOUT_TRANSITIONS.NOT_STARTED).not.toContain('LIVE');
  });

  it('requires a commission member for every agency the catalogue consults', () => {
    const consulted = new Set(
      CATALOGUE.procedures.flatMap((p) => (p.commission.when === 'never' ? [] : p.commission.agencies)),
    );
    expect(new Set(requiredAgencies())).toEqual(consulted);
  });

  it('lists what is missing, counting only active people of the right commune, agency and territory', () => {
    const now = new Date('2026-06-01T10:00:00Z');
    const commune = { id: 'ifr-azrou', provinceId: 'MA-IFR' };
    const agencies = ['urban-agency', 'heritage'] as const;
    const staff = [
      member({ username: 'd1', status: 'SUSPENDED' }),
      member({ username: 'd2', scope: { communeId: 'ifr-ifrane', provinceId: 'MA-IFR' } }),
      member({
        username: 'm1',
        roles: ['commission_member'],
        scope: { agencyId: 'urban-agency', provinceId: 'MA-IFR' },
      }),
      member({
        username: 'm2',
        roles: ['commission_member'],
        scope: { agencyId: 'heritage', provinceId: 'MA-CAS' },
      }),
      member({ username: 's1', roles: ['signatory'] }),
    ];
    const key = { keyId: 'k', signatoryUsername: 's1', status: 'ACTIVE', validUntil: '2027-01-01T00:00:00Z' };
    const first = readiness({ commune, staff, keys: [], agencies: [...agencies], now });
    expect(first.missing).toEqual([
      'DESK_AGENT',
      'COMMISSION_MEMBER:heritage',
      'SIGNING_KEY',
      'TARIFF',
      'TREASURER',
    ]);
    expect(first.ready).toBe(false);
    const expired = readiness({
      commune,
      staff,
      keys: [{ ...key, validUntil: '2026-05-31T00:00:00Z' }],
      agencies: [...agencies],
      now,
    });
    expect(expired.missing).toContain('SIGNING_KEY');
    const completeInput = {
      commune,
      staff: [
        ...staff,
        member({ username: 'd3' }),
        member({
          username: 'm3',
          roles: ['commission_member'],
          scope: { agencyId: 'heritage', provinceId: 'MA-IFR' },
        }),
        member({ username: 't1', roles: ['commune_treasurer'] }),
      ],
      keys: [key],
      agencies: [...agencies],
      now,
      tariffEffectiveFrom: '2026-01-01',
    };
    const complete = readiness(completeInput);
    expect([complete.ready, complete.missing]).toEqual([true, []]);
    // Nothing uncollected (#16): without a tariff in force, or with a suspended treasurer, not ready.
    expect(readiness({ ...completeInput, tariffEffectiveFrom: undefined }).missing).toEqual(['TARIFF']);
    const suspendedTreasurer = completeInput.staff.map((m) =>
      m.username === 't1' ? { ...m, status: 'SUSPENDED' as const } : m,
    );
    expect(readiness({ ...completeInput, staff: suspendedTreasurer }).missing).toEqual(['TREASURER']);
    const signatorySuspended = readiness({
      commune,
      staff: complete.ready
        ? [member({ username: 'd3' }), member({ username: 's1', roles: ['signatory'], status: 'SUSPENDED' })]
        : [],
      keys: [key],
      agencies: [],
      now,
    });
    expect(signatorySuspended.missing).toEqual(['SIGNATORY', 'SIGNING_KEY', 'TARIFF', 'TREASURER']);
  });
});

describe('public figures', () => {
  it('covers the last 30 Moroccan days, zero-filled, and counts active civil servants by role', () => {
    // 23:30 UTC on 30 June is already 1 July in Casablanca (UTC+1).
    const now = new Date('2026-06-30T23:30:00Z');
    expect(statsWindow(now)).toEqual({ from: '2026-06-02', to: '2026-07-01' });
    const stats = computeStats({
      regions: [
        { id: 'MA-06', nameFr: 'Casablanca-Settat', nameAr: 'الدار البيضاء سطات' },
        { id: 'MA-03', nameFr: 'Fès-Meknès', nameAr: 'فاس مكناس' },
      ],
      liveCommunes: [{ regionId: 'MA-06' }, { regionId: 'MA-06' }, { regionId: 'MA-03' }],
      verifiedProfessions: ['architect', 'architect', 'topographer'],
      staff: [
        { roles: ['desk_agent', 'signatory'], status: 'ACTIVE' },
        { roles: ['desk_agent'], status: 'SUSPENDED' },
        { roles: ['commission_member'], status: 'ACTIVE' },
      ],
      days: [
        { date: '2026-07-01', received: 3, decided: 1 },
        { date: '2026-06-01', received: 9, decided: 9 },
      ],
      now,
    });
    expect(stats.communesLive).toMatchObject({
      total: 3,
      byRegion: [
        { regionId: 'MA-03', live: 1 },
        { regionId: 'MA-06', live: 2 },
      ],
    });
    expect(stats.professionals).toEqual({
      total: 3,
      byProfession: { architect: 2, surveyor_engineer: 0, topographer: 1, engineer: 0 },
    });
    expect(stats.civilServants.total).toBe(2);
    expect(stats.civilServants.byRole).toMatchObject({ desk_agent: 1, signatory: 1, commission_member: 1 });
    expect(stats.applications.days).toHaveLength(30);
    expect([stats.applications.received, stats.applications.decided]).toEqual([3, 1]);
    expect(stats.applications.days.at(-1)).toEqual({ date: '2026-07-01', received: 3, decided: 1 });
  });

  it('counts first submissions as received and the three decisions as decided', () => {
    expect(counterOf('APPLICATION_SUBMITTED')).toBe('received');
    expect(counterOf('APPLICATION_RESUBMITTED')).toBeUndefined();
    for (const t of ['APPLICATION_APPROVED', 'APPLICATION_REJECTED', 'APPLICATION_TACITLY_APPROVED'])
      expect(counterOf(t)).toBe('decided');
    expect(counterOf('APPLICATION_WITHDRAWN')).toBeUndefined();
  });
});

describe('staff CSV', () => {
  const header = STAFF_CSV_HEADER.join(',');
  const context = {
    principal: contact,
    communeProvinces: new Map([
      ['ifr-azrou', 'MA-IFR'],
      ['cas-casablanca', 'MA-CAS'],
    ]),
    provinces: new Set(['MA-IFR', 'MA-CAS']),
  };

  it('accepts good rows (several roles, quoted fields) and reports each bad row by its line', () => {
    const text = [
      header,
      'a@x.ma,desk_agent|signatory,ifr-azrou,,,Amina,Tazi,"Agent, guichet",0612345678,FR',
      'b@x.ma,desk_agent,cas-casablanca,,,Omar,Idrissi,Agent,0612345678,fr',
      'c@x.ma,ministry_admin,,,,Laila,Amrani,DGCT,0612345678,ar',
      'A@X.MA,commission_member,,MA-IFR,heritage,Nora,Alami,Membre,0612345678,ar',
      'd@x.ma,desk_agent,ifr-azrou,,,Sara,Kettani,Agent,12,fr',
      'e@x.ma,astronaut,ifr-azrou,,,Sara,Kettani,Agent,0612345678,fr',
      'too,few',
    ].join('\r\n');
    const { rows, errors } = parseStaffCsv(text, context);
    expect(rows.map((r) => [r.line, r.input.roles, r.scope, r.input.title])).toEqual([
      [2, ['desk_agent', 'signatory'], { communeId: 'ifr-azrou', provinceId: 'MA-IFR' }, 'Agent, guichet'],
    ]);
    expect(errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(errors[0]?.message).toMatch(/outside your province/);
    expect(errors[1]?.message).toMatch(/cannot grant ministry_admin/);
    expect(errors[2]?.message).toMatch(/already on line 2/);
    expect(errors[3]?.message).toMatch(/phone/);
    expect(errors[4]?.message).toMatch(/roles/);
    expect(errors[5]?.message).toMatch(/expected 10 fields/);
  });

  it('refuses a file whose header is not the expected one', () => {
    expect(parseStaffCsv('email,role\n', context).errors).toEqual([
      { line: 1, message: expect.stringMatching(/header/) },
    ]);
  });
});

describe('session check', () => {
  it('reads iat from JSON or API Gateway string claims', () => {
    expect(issuedAt({ iat: 1700000000 })).toBe(1700000000);
    expect(issuedAt({ iat: '1700000000' })).toBe(1700000000);
    expect(issuedAt({})).toBeUndefined();
    expect(issuedAt(undefined)).toBeUndefined();
  });
});
