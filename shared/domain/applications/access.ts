import { DomainError } from '../errors.ts';
import { hasRole, type Principal } from '../identity/principal.ts';
import type { Application } from './application.ts';

/**
 * Who may see an application. Its professional and the applicants following it always; commune
 * staff, the province contact and the ministry once it is submitted (a draft is private).
 * Everyone else gets a 404, so the existence of an application never leaks.
 */
export function canRead(principal: Principal, app: Application): boolean {
  if (hasRole(principal, 'professional') && app.professionalId === principal.username) return true;
  if (hasRole(principal, 'applicant') && app.followers.includes(principal.username)) return true;
  if (app.status === 'DRAFT') return false;
  if (hasRole(principal, 'ministry_admin')) return true;
  if (hasRole(principal, 'province_contact') && principal.scope.provinceId === app.provinceId) return true;
  return hasRole(principal, 'desk_agent', 'signatory') && principal.scope.communeId === app.communeId;
}

/** Only the professional who filed it may change an application. */
export const canEdit = (principal: Principal, app: Application): boolean =>
  hasRole(principal, 'professional') && app.professionalId === principal.username;

export const applicationNotFound = (id: string) =>
  new DomainError({
    type: 'not-found',
    status: 404,
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
