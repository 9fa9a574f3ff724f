import { DomainError } from '../errors.ts';
import { hasRole, type Principal, type Role } from '../identity/principal.ts';
import type { Application } from './application.ts';

/**
 * Who may see an application. Its professional and the applicants following it always; commune
 * staff, the province contact and the ministry once it is submitted (a draft is private); the
 * members of a consulted agency in the application's province once it is referred to them.
 * Everyone else gets a 404, so the existence of an application never leaks.
 */
export function canRead(principal: Principal, app: Application): boolean {
  if (hasRole(principal, 'professional', 'business') && app.professionalId === principal.username)
    return true;
  if (hasRole(principal, 'applicant') && app.followers.includes(principal.username)) return true;
  if (app.status === 'DRAFT') return false;
  if (hasRole(principal, 'ministry_admin')) return true;
  if (hasRole(principal, 'province_contact') && principal.scope.provinceId === app.provinceId) return true;
  if (
    hasRole(principal, 'commission_member') &&
    principal.scope.provinceId === app.provinceId &&
    principal.scope.agencyId &&
    (app.consultedAgencies ?? []).includes(principal.scope.agencyId as string)
  ) {
    return true;
  }
  return hasRole(principal, 'desk_agent', 'signatory') && principal.scope.communeId === app.communeId;
}

/** Only the filer (the professional, or the business filing for itself) may change an application. */
export const canEdit = (principal: Principal, app: Application): boolean =>
  hasRole(principal, 'professional', 'business') && app.professionalId === principal.username;

export const applicationNotFound = (id: string) =>
  new DomainError({
    type: 'not-found',
    kind: 'not-found',
    title: 'Not found',
    detail: `Application '${id}' does not exist or is not visible to you.`,
    details: { resource: 'Application', id },
  });

export function assertCanRead(principal: Principal, app: Application | undefined, id: string): Application {
  if (!app || !canRead(principal, app)) throw applicationNotFound(id);
  return app;
}

export function assertCanEdit(principal: Principal, app: Application | undefined, id: string): Application {
  if (!app || !canEdit(principal, app)) throw applicationNotFound(id);
  return app;
}

/** Commune staff of the application's commune (desk agents; signatories where the role allows it). */
export function assertCommuneStaff(
  principal: Principal,
  app: Application | undefined,
  id: string,
  roles: Role[],
): Application {
  const visible = assertCanRead(principal, app, id);
  const staff =
    roles.some((role) => hasRole(principal, role)) && principal.scope.communeId === visible.communeId;
  if (!staff) {
    throw new DomainError({
      type: 'forbidden',
      kind: 'forbidden',
      title: 'Forbidden',
      detail: `Only the ${roles.join(' or ')} of commune ${visible.communeId} can do this.`,
    });
  }
  return visible;
}

/**
 * A commission member acting for their agency on a file: the agency must be one the desk consulted,
 * in the file's province. Checked on its own, not through `canRead`: an account holding another role
 * (desk agent, province contact) reads the file without its agency being consulted.
 */
export function assertConsultedMember(principal: Principal, app: Application): string {
  const agency = principal.scope.agencyId;
  const consulted =
    hasRole(principal, 'commission_member') &&
    typeof agency === 'string' &&
    principal.scope.provinceId === app.provinceId &&
    (app.consultedAgencies ?? []).includes(agency);
  if (!consulted) {
    throw new DomainError({
      type: 'forbidden',
      kind: 'forbidden',
      title: 'Agency not consulted',
      detail: `Only a member of an agency consulted on this file, in its province, can give that agency's opinion; consulted: ${(app.consultedAgencies ?? []).join(', ') || 'none'}.`,
    });
  }
  return agency as string;
}
