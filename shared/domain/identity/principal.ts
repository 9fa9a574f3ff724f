import { fieldError } from '../checks.ts';
import { DomainError, forbidden } from '../errors.ts';

/** The roles of the platform; each maps to one Cognito group of the same name. */
export const ROLES = [
  'professional',
  'applicant',
  /** A merchant (trader or company) filing its own activity licences and public-domain occupations. */
  'business',
  'desk_agent',
  'commission_member',
  'signatory',
  'province_contact',
  'ministry_admin',
  /** The commune's treasury: sets the commune's rates and reconciles its payments. */
  'commune_treasurer',
  /** The treasurer of a beneficiary other than the commune (scope agencyId = the beneficiary id): reads and reconciles its payments. */
  'agency_treasurer',
] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => ROLES.includes(value as Role);

/**
 * Where a user may act. Commune staff carry a commune (and its province), province contacts a
 * province, commission members an agency (and a territory: a province), the ministry nothing (national).
 */
export interface Scope {
  communeId?: string;
  provinceId?: string;
  agencyId?: string;
}

export interface Principal {
  userId: string;
  username: string;
  roles: Role[];
  scope: Scope;
}

/** Which scope each role must carry, so a mis-provisioned account is refused instead of seeing too much. */
export const REQUIRED_SCOPE: Record<Role, (keyof Scope)[]> = {
  professional: [],
  applicant: [],
  business: [],
  desk_agent: ['communeId', 'provinceId'],
  commission_member: ['agencyId', 'provinceId'],
  signatory: ['communeId', 'provinceId'],
  province_contact: ['provinceId'],
  ministry_admin: [],
  commune_treasurer: ['communeId', 'provinceId'],
  agency_treasurer: ['agencyId'],
};

export const hasRole = (principal: Principal, ...roles: Role[]): boolean =>
  principal.roles.some((role) => roles.includes(role));

export function assertRole(principal: Principal, ...roles: Role[]): void {
  if (!hasRole(principal, ...roles)) {
    throw forbidden(
      `This action needs one of the roles: ${roles.join(', ')}. Your roles: ${principal.roles.join(', ') || 'none'}.`,
    );
  }
}

/** Roles whose scope is missing a required field are dropped: they would otherwise act nationally by accident. */
export function effectiveRoles(roles: Role[], scope: Scope): Role[] {
  return roles.filter((role) => REQUIRED_SCOPE[role].every((field) => Boolean(scope[field])));
}

/** A commune is in reach of the ministry (national), its province contact, and its own commune staff. */
export function canActOnCommune(principal: Principal, commune: { id: string; provinceId: string }): boolean {
  if (hasRole(principal, 'ministry_admin')) return true;
  if (
    hasRole(principal, 'province_contact', 'commission_member') &&
    principal.scope.provinceId === commune.provinceId
  )
    return true;
  return hasRole(principal, 'desk_agent', 'signatory') && principal.scope.communeId === commune.id;
}

/** The identity provider refused a password (its policy, enforced by the user pool). */
export const passwordRefused = () =>
  new DomainError({
    kind: 'invalid',
    type: 'validation',
    title: 'Password refused',
    detail:
      'The password does not meet the policy: at least 12 characters with upper and lower case, a digit and a symbol.',
    details: { errors: [fieldError('body.password', 'password_policy')] },
  });
