import * as z from 'zod/mini';
import { CHECKS, fieldError } from '../checks.ts';
import { Email, Language, MoroccanPhone, PersonName } from '../contact.ts';
import { DomainError, forbidden } from '../errors.ts';
import { CommuneId, ProvinceId } from '../geo/geo.ts';
import { hasRole, type Principal, REQUIRED_SCOPE, type Scope } from '../identity/principal.ts';
import { AgencyCode } from '../procedures/schema.ts';
import { TrimmedText } from '../text.ts';
import { PROVINCE_GRANTABLE as GRANTABLE_BY_PROVINCE, STAFF_ROLES } from './staff-roles.ts';

export { STAFF_ROLES };
export const StaffRole = /* @__PURE__ */ (() => z.enum(STAFF_ROLES))();
export type StaffRole = z.infer<typeof StaffRole>;

/** Roles a province contact may grant, for the communes (and the agencies' territory) of their province. */
export const PROVINCE_GRANTABLE: readonly StaffRole[] = GRANTABLE_BY_PROVINCE;

export const STAFF_STATUSES = ['ACTIVE', 'SUSPENDED'] as const;
export const StaffStatus = /* @__PURE__ */ (() => z.enum(STAFF_STATUSES))();
export type StaffStatus = z.infer<typeof StaffStatus>;

const Roles = /* @__PURE__ */ (() =>
  z.array(StaffRole).check(
    z.minLength(1),
    z.maxLength(4),
    z.refine((roles) => new Set(roles).size === roles.length, CHECKS.roles_repeated),
  ))();

/** What an administrator says about a civil servant; the province of commune staff is derived from the commune. */
export const StaffInput = /* @__PURE__ */ (() =>
  z.object({
    roles: Roles,
    communeId: z.optional(CommuneId),
    /** The province of a province contact, or the territory of a commission member. */
    provinceId: z.optional(ProvinceId),
    agencyId: z.optional(AgencyCode),
    firstName: PersonName,
    lastName: PersonName,
    /** Function, e.g. "Agent du guichet unique", "Président du conseil communal". */
    title: TrimmedText(2, 160),
    phone: MoroccanPhone,
    email: Email,
    preferredLanguage: z._default(Language, 'fr'),
  }))();
export type StaffInput = z.infer<typeof StaffInput>;

/** A change: any field, plus the version read (optimistic concurrency). Scope fields set to null are removed. */
export const StaffPatch = /* @__PURE__ */ (() =>
  z.object({
    roles: z.optional(Roles),
    communeId: z.optional(z.nullable(CommuneId)),
    provinceId: z.optional(z.nullable(ProvinceId)),
    agencyId: z.optional(z.nullable(AgencyCode)),
    firstName: z.optional(PersonName),
    lastName: z.optional(PersonName),
    title: z.optional(TrimmedText(2, 160)),
    phone: z.optional(MoroccanPhone),
    email: z.optional(Email),
    preferredLanguage: z.optional(Language),
    version: z.number().check(z.int(), z.positive()),
  }))();
export type StaffPatch = z.infer<typeof StaffPatch>;

export const StaffScope = /* @__PURE__ */ (() =>
  z.object({
    communeId: z.optional(z.string()),
    provinceId: z.optional(z.string()),
    agencyId: z.optional(z.string()),
  }))();

export const StaffMember = /* @__PURE__ */ (() =>
  z.object({
    username: z.string(),
    roles: z.array(StaffRole),
    scope: StaffScope,
    firstName: z.string(),
    lastName: z.string(),
    title: z.string(),
    phone: z.string(),
    email: z.string(),
    preferredLanguage: Language,
    status: StaffStatus,
    createdAt: z.iso.datetime(),
    createdBy: z.string(),
    updatedAt: z.iso.datetime(),
    updatedBy: z.string(),
    suspendedAt: z.optional(z.iso.datetime()),
    version: z.number().check(z.int(), z.positive()),
  }))();
export type StaffMember = z.infer<typeof StaffMember>;

export const STAFF_ACTIONS = ['CREATED', 'UPDATED', 'SUSPENDED', 'REACTIVATED'] as const;

/** What the audit trail keeps of an account: its access (roles, scope, status), never contact details. */
export const AccessSnapshot = /* @__PURE__ */ (() =>
  z.object({ roles: z.array(StaffRole), scope: StaffScope, status: StaffStatus }))();
export type AccessSnapshot = z.infer<typeof AccessSnapshot>;

export const StaffEvent = /* @__PURE__ */ (() =>
  z.object({
    username: z.string(),
    action: z.enum(STAFF_ACTIONS),
    at: z.iso.datetime(),
    actor: z.string(),
    /** Names of the fields that changed (values of contact fields are not copied into the trail). */
    changes: z.array(z.string()),
    before: z.nullable(AccessSnapshot),
    after: AccessSnapshot,
    reason: z.optional(z.string()),
    /** Where the change came from: the API or the CSV import. */
    source: z.enum(['api', 'import']),
  }))();
export type StaffEvent = z.infer<typeof StaffEvent>;

export const accessOf = (member: Pick<StaffMember, 'roles' | 'scope' | 'status'>): AccessSnapshot => ({
  roles: [...member.roles],
  scope: { ...member.scope },
  status: member.status,
});

/**
 * Whether a change of the account changes who the person is to the platform (roles, commune,
 * province, agency, e-mail): then every session they hold ends at once, since their tokens carry
 * the old claims for up to an hour.
 */
export const endsSessions = (
  before: Pick<StaffMember, 'roles' | 'scope' | 'email'>,
  next: Pick<StaffMember, 'roles' | 'scope' | 'email'>,
): boolean =>
  before.email !== next.email ||
  JSON.stringify([...before.roles].sort()) !== JSON.stringify([...next.roles].sort()) ||
  (['communeId', 'provinceId', 'agencyId'] as const).some(
    (f) => (before.scope[f] ?? '') !== (next.scope[f] ?? ''),
  );

const invalid = (detail: string, path: string) =>
  new DomainError({
    type: 'validation',
    kind: 'unprocessable',
    title: 'Roles and scope do not match',
    detail,
    details: { errors: [{ ...fieldError(path, 'scope_mismatch'), message: detail }] },
  });

/** The scope fields the roles need together (a commission member's province is its territory). */
export function requiredScopeFields(roles: readonly StaffRole[]): (keyof Scope)[] {
  const fields = new Set<keyof Scope>();
  for (const role of roles) for (const field of REQUIRED_SCOPE[role]) fields.add(field);
  return (['communeId', 'provinceId', 'agencyId'] as const).filter((f) => fields.has(f));
}

/**
 * Checks that roles and scope fit together and completes the scope: commune roles take their
 * province from the commune; a field no role needs is refused rather than silently stored
 * (it would widen what the account can see). `communeProvince` is the commune's province (looked up by the caller).
 */
export function resolveScope(
  roles: readonly StaffRole[],
  given: { communeId?: string | undefined; provinceId?: string | undefined; agencyId?: string | undefined },
  communeProvince: string | undefined,
): Scope {
  if (roles.includes('ministry_admin') && roles.length > 1)
    throw invalid('ministry_admin is national: give it alone, not with scoped roles.', 'body.roles');
  const needed = requiredScopeFields(roles);
  for (const field of ['communeId', 'provinceId', 'agencyId'] as const) {
    const value = given[field];
    const derivable = field === 'provinceId' && needed.includes('communeId');
    if (value && !needed.includes(field))
      throw invalid(
        `${field} does not apply to the roles ${roles.join(', ')}; leave it out.`,
        `body.${field}`,
      );
    if (!value && needed.includes(field) && !derivable)
      throw invalid(`The roles ${roles.join(', ')} need ${field}.`, `body.${field}`);
  }
  const scope: Scope = {};
  if (needed.includes('communeId')) {
    if (!communeProvince) throw invalid(`Commune '${given.communeId}' does not exist.`, 'body.communeId');
    if (given.provinceId && given.provinceId !== communeProvince)
      throw invalid(
        `Commune '${given.communeId}' is in ${communeProvince}, not ${given.provinceId}: a commission territory and a commune must be in the same province.`,
        'body.provinceId',
      );
    scope.communeId = given.communeId as string;
    scope.provinceId = communeProvince;
  } else if (given.provinceId) scope.provinceId = given.provinceId;
  if (given.agencyId) scope.agencyId = given.agencyId;
  return scope;
}

/**
 * Nobody grants wider than their own reach: the ministry grants every staff role anywhere; a
 * province contact grants commune and agency roles inside their province, never province_contact
 * nor ministry_admin. 403 otherwise.
 */
export function assertMayGrant(principal: Principal, roles: readonly StaffRole[], scope: Scope): void {
  if (hasRole(principal, 'ministry_admin')) return;
  if (!hasRole(principal, 'province_contact'))
    throw forbidden('Only the ministry and province contacts manage civil-servant accounts.');
  const refused = roles.filter((role) => !PROVINCE_GRANTABLE.includes(role));
  if (refused.length > 0)
    throw forbidden(
      `A province contact cannot grant ${refused.join(', ')}: ask the ministry (DGCT). You may grant ${PROVINCE_GRANTABLE.join(', ')}.`,
    );
  if (scope.provinceId !== principal.scope.provinceId)
    throw forbidden(
      `You manage the accounts of ${principal.scope.provinceId} only; ${scope.communeId ?? scope.provinceId ?? 'this scope'} is outside your province.`,
    );
}

/** Whether an existing account is within the principal's reach (to read, change, suspend): else it is hidden (404). */
export function canManage(principal: Principal, member: Pick<StaffMember, 'roles' | 'scope'>): boolean {
  if (hasRole(principal, 'ministry_admin')) return true;
  if (!hasRole(principal, 'province_contact')) return false;
  return (
    member.scope.provinceId === principal.scope.provinceId &&
    member.roles.every((role) => PROVINCE_GRANTABLE.includes(role))
  );
}

/** Cognito attributes of an account's scope (absent fields are removed from the user). */
export const scopeAttributes = (scope: Scope) => ({
  'custom:commune': scope.communeId,
  'custom:province': scope.provinceId,
  'custom:agency': scope.agencyId,
});

/** Fields that differ between two versions of an account (names only). */
export function changedFields(before: StaffMember, after: StaffMember): string[] {
  const fields = [
    'roles',
    'firstName',
    'lastName',
    'title',
    'phone',
    'email',
    'preferredLanguage',
    'status',
  ] as const;
  const changed: string[] = fields.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]));
  for (const f of ['communeId', 'provinceId', 'agencyId'] as const)
    if (before.scope[f] !== after.scope[f]) changed.push(`scope.${f}`);
  return changed;
}
