import { DomainError } from '../errors.ts';
import type { Role } from '../identity/principal.ts';
import type { ApplicationStatus } from './application.ts';

/**
 * Every status change of an application, as one table: who may do which action from which status.
 * Handlers never compare statuses themselves; they ask `transition()`. The review issue adds its rows.
 */
export const TRANSITIONS = [
  { action: 'EDIT', from: ['DRAFT'], to: 'DRAFT', roles: ['professional'] },
  { action: 'UPLOAD_DOCUMENT', from: ['DRAFT'], to: 'DRAFT', roles: ['professional'] },
  { action: 'DELETE', from: ['DRAFT'], to: null, roles: ['professional'] },
  { action: 'SUBMIT', from: ['DRAFT'], to: 'SUBMITTED', roles: ['professional'] },
  // Withdrawal is possible until a decision is taken (decided statuses come with the review issue).
  { action: 'WITHDRAW', from: ['SUBMITTED'], to: 'WITHDRAWN', roles: ['professional'] },
] as const satisfies readonly {
  action: string;
  from: readonly ApplicationStatus[];
  to: ApplicationStatus | null;
  roles: readonly Role[];
}[];

export type ApplicationAction = (typeof TRANSITIONS)[number]['action'];

/** The status an action leads to, or a 409 saying why it is not possible now. */
export function transition(status: ApplicationStatus, action: ApplicationAction): ApplicationStatus | null {
  const rule = TRANSITIONS.find((t) => t.action === action);
  if (!rule || !(rule.from as readonly string[]).includes(status)) {
    throw new DomainError({
      type: 'invalid-transition',
      status: 409,
      title: 'Not possible in this status',
      detail: `${action.toLowerCase().replaceAll('_', ' ')} is not possible while the application is ${status}${
        rule ? `; it is possible when ${rule.from.join(' or ')}` : ''
      }.`,
      details: { currentStatus: status, action },
    });
  }
  return rule.to;
}
