import { describe, expect, it } from 'vitest';
import { canActOnCommune, effectiveRoles } from '#shared/domain/identity/principal.ts';
import { claimList, principalFromClaims } from '#shared/http/principal.ts';

describe('claimList', () => {
  it.each([
    [
      ['desk_agent', 'signatory'],
      ['desk_agent', 'signatory'],
    ],
    ['["desk_agent","signatory"]', ['desk_agent', 'signatory']],
    ['[desk_agent signatory]', ['desk_agent', 'signatory']],
    ['[desk_agent, signatory]', ['desk_agent', 'signatory']],
    ['desk_agent', ['desk_agent']],
    ['', []],
    [undefined, []],
  ])('reads %j', (value, expected) => {
    expect(claimList(value)).toEqual(expected);
  });
});

describe('principalFromClaims', () => {
  it('builds role and scope from JSON-valued claims', () => {
    const principal = principalFromClaims({
      sub: 'u-1',
      'cognito:username': 'agent',
      'cognito:groups': ['desk_agent'],
      'custom:commune': 'cas-casablanca',
      'custom:province': 'MA-CAS',
    });
    expect(principal).toEqual({
      userId: 'u-1',
      username: 'agent',
      roles: ['desk_agent'],
      scope: { communeId: 'cas-casablanca', provinceId: 'MA-CAS' },
    });
  });

  it('accepts the stringified claims real API Gateway sends', () => {
    const principal = principalFromClaims({
      sub: 'u-2',
      'cognito:groups': '[province_contact ministry_admin]',
      'custom:province': 'MA-RAB',
    });
    expect(principal.roles).toEqual(['province_contact', 'ministry_admin']);
    expect(principal.username).toBe('u-2');
  });

  it('ignores groups that are not platform roles', () => {
    expect(principalFromClaims({ sub: 'u', 'cognito:groups': ['admins', 'professional'] }).roles).toEqual([
      'professional',
    ]);
  });

  it('drops a role whose required scope is missing instead of granting it nationally', () => {
    const principal = principalFromClaims({ sub: 'u', 'cognito:groups': ['desk_agent', 'professional'] });
    expect(principal.roles).toEqual(['professional']);
  });

  it('refuses claims without a subject', () => {
    expect(() => principalFromClaims({ 'cognito:groups': ['professional'] })).toThrow(/Sign in/);
  });
});

describe('effectiveRoles and canActOnCommune', () => {
  const casablanca = { id: 'cas-casablanca', provinceId: 'MA-CAS' };
  const principal = (roles: Parameters<typeof effectiveRoles>[0], scope = {}) => ({
    userId: 'u',
    username: 'u',
    roles: effectiveRoles(roles, scope),
    scope,
  });

  it('lets commune staff act on their own commune only', () => {
    const agent = principal(['desk_agent'], { communeId: 'cas-casablanca', provinceId: 'MA-CAS' });
    expect(canActOnCommune(agent, casablanca)).toBe(true);
    expect(canActOnCommune(agent, { id: 'cas-mechouar-de-casablanca', provinceId: 'MA-CAS' })).toBe(false);
  });

  it('lets a province contact act on every commune of the province and no other', () => {
    const contact = principal(['province_contact'], { provinceId: 'MA-CAS' });
    expect(canActOnCommune(contact, casablanca)).toBe(true);
    expect(canActOnCommune(contact, { id: 'rab-rabat', provinceId: 'MA-RAB' })).toBe(false);
  });

  it('lets the ministry act nationally and professionals on no commune', () => {
    expect(canActOnCommune(principal(['ministry_admin']), casablanca)).toBe(true);
    expect(canActOnCommune(principal(['professional']), casablanca)).toBe(false);
  });
});
