/** Civil-servant accounts: creation, changes, suspension, listing, and signatory accounts for key issuance. */
import { randomUUID } from 'node:crypto';
import { fieldError } from '../../checks.ts';
import { DomainError, forbidden } from '../../errors.ts';
import type { GeoRepository } from '../../geo/ports.ts';
import { assertRole, hasRole, type Principal } from '../../identity/principal.ts';
import type { EmailSender } from '../../notifications/ports.ts';
import type { Page } from '../../pagination.ts';
import type { SignatoryAccounts } from '../../signing/ports.ts';
import type { StaffDirectory, StaffRepository } from '../ports.ts';
import { staffWelcomeEmail } from '../rendering/staff-mail.ts';
import {
  accessOf,
  assertMayGrant,
  canManage,
  changedFields,
  endsSessions,
  requiredScopeFields,
  resolveScope,
  type StaffEvent,
  type StaffInput,
  type StaffMember,
  type StaffPatch,
  type StaffRole,
  scopeAttributes,
} from '../staff.ts';

export interface StaffDeps {
  staff: StaffRepository;
  geo: GeoRepository;
  directory: StaffDirectory;
  mailer: EmailSender;
  loginUrl: string;
}

export type Source = StaffEvent['source'];

const hiddenAccount = (username: string) =>
  new DomainError({
    type: 'not-found',
    kind: 'not-found',
    title: 'Not found',
    detail: `Account '${username}' does not exist or is not managed by you.`,
    details: { resource: 'Account', id: username },
  });

const versionConflict = (expected: number, actual: number) =>
  new DomainError({
    type: 'version-conflict',
    kind: 'conflict',
    title: 'Changed by someone else',
    detail: `The account changed since you read it (your version ${expected}, current ${actual}). Reload it and apply your change again.`,
    details: { expectedVersion: expected, currentVersion: actual },
  });

const assertStaffAdmin = (principal: Principal) =>
  assertRole(principal, 'ministry_admin', 'province_contact');

/** Resolves roles + scope fields into a checked scope (commune and province must exist) the principal may grant. */
async function checkedScope(
  geo: GeoRepository,
  principal: Principal,
  roles: readonly StaffRole[],
  given: { communeId?: string | undefined; provinceId?: string | undefined; agencyId?: string | undefined },
) {
  const commune = given.communeId ? await geo.getCommune(given.communeId) : undefined;
  const scope = resolveScope(roles, given, commune?.provinceId);
  if (scope.provinceId && !scope.communeId && !(await geo.getProvince(scope.provinceId))) {
    throw new DomainError({
      type: 'validation',
      kind: 'unprocessable',
      title: 'Unknown province',
      detail: `Province '${scope.provinceId}' does not exist; see GET /geo/regions/{regionId}/provinces.`,
      details: { errors: [fieldError('body.provinceId', 'unknown_province')] },
    });
  }
  assertMayGrant(principal, roles, scope);
  return { scope, commune };
}

const placeOf = (member: Pick<StaffMember, 'scope'>) =>
  [member.scope.communeId, member.scope.agencyId, member.scope.provinceId].filter(Boolean).join(' / ') ||
  'national';

/** A new civil-servant username: opaque, never derived from personal data. */
export const newStaffUsername = () => `staff-${randomUUID().replaceAll('-', '').slice(0, 12)}`;

/**
 * Creates a civil-servant account: the record (with its e-mail claim, audit event and access
 * marker) first, then the Cognito user with a temporary password that only the e-mail carries;
 * if Cognito refuses, the record is removed again, so nothing is half-created.
 */
export async function createStaff(
  deps: StaffDeps,
  principal: Principal,
  input: StaffInput,
  now: Date,
  source: Source = 'api',
): Promise<StaffMember> {
  assertStaffAdmin(principal);
  const { scope } = await checkedScope(deps.geo, principal, input.roles, input);
  const at = now.toISOString();
  const member: StaffMember = {
    username: newStaffUsername(),
    roles: [...input.roles],
    scope,
    firstName: input.firstName,
    lastName: input.lastName,
    title: input.title,
    phone: input.phone,
    email: input.email,
    preferredLanguage: input.preferredLanguage,
    status: 'ACTIVE',
    createdAt: at,
    createdBy: principal.username,
    updatedAt: at,
    updatedBy: principal.username,
    version: 1,
  };
  await deps.staff.create(member, {
    username: member.username,
    action: 'CREATED',
    at,
    actor: principal.username,
    changes: ['roles', 'scope', 'firstName', 'lastName', 'title', 'phone', 'email', 'preferredLanguage'],
    before: null,
    after: accessOf(member),
    source,
  });
  let temporaryPassword: string;
  try {
    ({ temporaryPassword } = await deps.directory.createStaffUser({
      username: member.username,
      email: member.email,
      phone: member.phone,
      givenName: member.firstName,
      familyName: member.lastName,
      groups: member.roles,
      attributes: { ...scopeAttributes(member.scope), locale: member.preferredLanguage },
    }));
  } catch (error) {
    await deps.staff.remove(member);
    throw error;
  }
  await deps.mailer.send({
    to: member.email,
    ...staffWelcomeEmail(member.preferredLanguage, {
      name: `${member.firstName} ${member.lastName}`,
      username: member.username,
      temporaryPassword,
      roles: member.roles,
      where: placeOf(member),
      loginUrl: deps.loginUrl,
    }),
  });
  return member;
}

/**
 * Signatories' accounts for key issuance (signing capability): the existing account of the
 * signatory's e-mail if it is an active signatory of the commune, a new civil-servant account
 * otherwise (created like any other: audited, temporary password by e-mail).
 */
export const signatoryAccounts = (deps: StaffDeps): SignatoryAccounts => ({
  async ensure(principal, holder, now) {
    // A commune's signatory, or a commission member of an agency in a province (their key signs opinions and minutes).
    const member = holder.mandate === 'commission_member';
    const seat = member ? `${holder.agencyId} in ${holder.provinceId}` : holder.communeId;
    const existing = await deps.staff.findByEmail(holder.email);
    if (existing) {
      const usable =
        existing.status === 'ACTIVE' &&
        (member
          ? existing.roles.includes('commission_member') &&
            existing.scope.provinceId === holder.provinceId &&
            existing.scope.agencyId === holder.agencyId
          : existing.roles.includes('signatory') && existing.scope.communeId === holder.communeId);
      if (usable) return existing.username;
      throw new DomainError({
        type: 'signatory-account-mismatch',
        kind: 'conflict',
        title: member ? 'Not a commission member of this agency' : 'Not a signatory of this commune',
        detail: `The account ${existing.username} of ${holder.email} is not an active ${member ? 'commission member' : 'signatory'} of ${seat}. Give it that role (PATCH /staff/${existing.username}) or use the holder's own e-mail.`,
        details: {
          username: existing.username,
          ...(member
            ? { provinceId: holder.provinceId, agencyId: holder.agencyId }
            : { communeId: holder.communeId }),
        },
      });
    }
    const created = await createStaff(
      deps,
      principal,
      {
        ...(member
          ? { roles: ['commission_member'], provinceId: holder.provinceId, agencyId: holder.agencyId }
          : { roles: ['signatory'], communeId: holder.communeId }),
        firstName: holder.firstName,
        lastName: holder.lastName,
        title: holder.title,
        phone: holder.phone,
        email: holder.email,
        preferredLanguage: holder.preferredLanguage,
      },
      now,
    );
    return created.username;
  },
});

async function managed(deps: Pick<StaffDeps, 'staff'>, principal: Principal, username: string) {
  assertStaffAdmin(principal);
  const member = await deps.staff.get(username);
  if (!member || !canManage(principal, member)) throw hiddenAccount(username);
  return member;
}

const notYourself = (principal: Principal, member: StaffMember, what: string) => {
  if (principal.username === member.username)
    throw forbidden(`You cannot ${what} your own account; ask another administrator.`);
};

/** Changes an account (roles, scope, contact details); the principal must be able to grant the result. */
export async function updateStaff(
  deps: Pick<StaffDeps, 'staff' | 'geo' | 'directory'>,
  principal: Principal,
  username: string,
  patch: StaffPatch,
  now: Date,
  source: Source = 'api',
): Promise<StaffMember> {
  const before = await managed(deps, principal, username);
  if (patch.version !== before.version) throw versionConflict(patch.version, before.version);
  const roles = patch.roles ?? before.roles;
  const needed = requiredScopeFields(roles);
  const given: { communeId?: string; provinceId?: string; agencyId?: string } = {};
  for (const field of ['communeId', 'provinceId', 'agencyId'] as const) {
    const value = patch[field];
    if (value === null) continue;
    if (value !== undefined) given[field] = value;
    // A field the patch does not mention is kept while the roles need it; commune staff's province
    // is derived from the commune again.
    else if (!needed.includes(field)) continue;
    else if (field === 'provinceId' && needed.includes('communeId') && !roles.includes('commission_member'))
      continue;
    else if (before.scope[field]) given[field] = before.scope[field];
  }
  const { scope } = await checkedScope(deps.geo, principal, roles, given);
  const accessChanged =
    JSON.stringify(accessOf(before)) !== JSON.stringify(accessOf({ ...before, roles: [...roles], scope }));
  if (accessChanged) notYourself(principal, before, 'change the roles or scope of');
  const at = now.toISOString();
  const next: StaffMember = {
    ...before,
    roles: [...roles],
    scope,
    firstName: patch.firstName ?? before.firstName,
    lastName: patch.lastName ?? before.lastName,
    title: patch.title ?? before.title,
    phone: patch.phone ?? before.phone,
    email: patch.email ?? before.email,
    preferredLanguage: patch.preferredLanguage ?? before.preferredLanguage,
    updatedAt: at,
    updatedBy: principal.username,
    version: before.version + 1,
  };
  const changes = changedFields(before, next);
  if (changes.length === 0) return before;
  await deps.staff.update(next, before, {
    username,
    action: 'UPDATED',
    at,
    actor: principal.username,
    changes,
    before: accessOf(before),
    after: accessOf(next),
    source,
  });
  await deps.directory.updateStaffUser(username, {
    attributes: {
      ...scopeAttributes(next.scope),
      email: next.email,
      phone_number: next.phone,
      given_name: next.firstName,
      family_name: next.lastName,
      locale: next.preferredLanguage,
    },
    addGroups: next.roles.filter((r) => !before.roles.includes(r)),
    removeGroups: before.roles.filter((r) => !next.roles.includes(r)),
  });
  // The access marker already refuses their tokens; Cognito now revokes the refresh tokens too.
  if (endsSessions(before, next)) await deps.directory.signOutEverywhere(username);
  return next;
}

/**
 * Suspends an account: the record and its access marker first (from then on the platform refuses
 * every token of the account, including ones issued before), then Cognito disables the user and
 * signs it out everywhere (no new tokens, refresh tokens revoked).
 */
export async function suspendStaff(
  deps: Pick<StaffDeps, 'staff' | 'directory'>,
  principal: Principal,
  username: string,
  reason: string,
  now: Date,
): Promise<StaffMember> {
  const before = await managed(deps, principal, username);
  notYourself(principal, before, 'suspend');
  if (before.status === 'SUSPENDED')
    throw new DomainError({
      type: 'already-suspended',
      kind: 'conflict',
      title: 'Already suspended',
      detail: `Account '${username}' is already suspended; reactivate it to give access back.`,
    });
  const at = now.toISOString();
  const next: StaffMember = {
    ...before,
    status: 'SUSPENDED',
    suspendedAt: at,
    updatedAt: at,
    updatedBy: principal.username,
    version: before.version + 1,
  };
  await deps.staff.update(next, before, {
    username,
    action: 'SUSPENDED',
    at,
    actor: principal.username,
    changes: ['status'],
    before: accessOf(before),
    after: accessOf(next),
    reason,
    source: 'api',
  });
  await deps.directory.suspendUser(username);
  return next;
}

/** Gives access back; tokens issued before the suspension stay refused: the person signs in again. */
export async function reactivateStaff(
  deps: Pick<StaffDeps, 'staff' | 'directory'>,
  principal: Principal,
  username: string,
  reason: string | undefined,
  now: Date,
): Promise<StaffMember> {
  const before = await managed(deps, principal, username);
  if (before.status !== 'SUSPENDED')
    throw new DomainError({
      type: 'not-suspended',
      kind: 'conflict',
      title: 'Not suspended',
      detail: `Account '${username}' is active; only a suspended account can be reactivated.`,
    });
  const at = now.toISOString();
  const { suspendedAt, ...rest } = before;
  const next: StaffMember = {
    ...rest,
    status: 'ACTIVE',
    updatedAt: at,
    updatedBy: principal.username,
    version: before.version + 1,
  };
  await deps.staff.update(next, before, {
    username,
    action: 'REACTIVATED',
    at,
    actor: principal.username,
    changes: ['status'],
    before: accessOf(before),
    after: accessOf(next),
    ...(reason ? { reason } : {}),
    source: 'api',
  });
  await deps.directory.enableUser(username);
  return next;
}

export async function getStaff(deps: Pick<StaffDeps, 'staff'>, principal: Principal, username: string) {
  return managed(deps, principal, username);
}

export async function staffHistory(deps: Pick<StaffDeps, 'staff'>, principal: Principal, username: string) {
  const member = await managed(deps, principal, username);
  return { username: member.username, events: await deps.staff.history(username) };
}

export interface StaffQuery {
  provinceId?: string | undefined;
  communeId?: string | undefined;
  role?: StaffRole | undefined;
  status?: StaffMember['status'] | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** The ministry lists every account (or a province's); a province contact the accounts they manage. */
export async function listStaff(
  deps: Pick<StaffDeps, 'staff'>,
  principal: Principal,
  query: StaffQuery,
): Promise<Page<StaffMember>> {
  assertStaffAdmin(principal);
  const national = hasRole(principal, 'ministry_admin');
  const provinceId = national ? query.provinceId : principal.scope.provinceId;
  if (!national && query.provinceId && query.provinceId !== provinceId)
    throw forbidden(`You manage the accounts of ${provinceId} only.`);
  const matches = (m: StaffMember) =>
    canManage(principal, m) &&
    (!query.communeId || m.scope.communeId === query.communeId) &&
    (!query.role || m.roles.includes(query.role)) &&
    (!query.status || m.status === query.status);
  if (provinceId) {
    const items = (await deps.staff.listByProvince(provinceId)).filter(matches);
    return { items: items.sort((a, b) => a.username.localeCompare(b.username)) };
  }
  const page = await deps.staff.list(query.cursor, query.limit);
  return { ...page, items: page.items.filter(matches) };
}

// ---------------------------------------------------------------------------------------------
// Commune onboarding and national progress
