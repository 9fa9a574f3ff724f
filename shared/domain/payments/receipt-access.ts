import type { Application } from '../applications/application.ts';
import { hasRole, type Principal } from '../identity/principal.ts';

/**
 * Who may read a payment's receipt (it names the payer and the amounts): the audience the route
 * promises, no wider than that. The file's professional (who pays on the applicant's behalf), the
 * applicants following the file (the payer), and the commune's treasury. Desk, commission,
 * province and ministry see the file and the payment order, not the receipt.
 */
export function canReadReceipt(
  principal: Principal,
  app: Pick<Application, 'professionalId' | 'followers' | 'communeId'>,
): boolean {
  if (hasRole(principal, 'professional') && app.professionalId === principal.username) return true;
  if (hasRole(principal, 'applicant') && app.followers.includes(principal.username)) return true;
  return hasRole(principal, 'commune_treasurer') && principal.scope.communeId === app.communeId;
}
