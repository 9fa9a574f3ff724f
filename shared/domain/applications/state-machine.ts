import { DomainError } from '../errors.ts';
import type { Role } from '../identity/principal.ts';
import type { ApplicationStatus } from './application.ts';

/** `system` is the scheduled sweep (tacit approval, overdue flags); it has no token. */
export type Actor = Role | 'system';

/** Statuses in which the legal clock runs (the file is with the administration). */
export const CLOCK_RUNNING: readonly ApplicationStatus[] = [
  'SUBMITTED',
  'IN_COMMISSION',
  'READY_FOR_DECISION',
];
/** Files still in review (with the administration or returned): the commune's OPEN worklist. */
export const OPEN_STATUSES: readonly ApplicationStatus[] = [...CLOCK_RUNNING, 'RETURNED_FOR_COMPLETION'];
/** Statuses after which nothing can change any more. */
export const FINAL: readonly ApplicationStatus[] = ['ISSUED', 'REJECTED', 'TACITLY_APPROVED', 'WITHDRAWN'];

/**
 * Every status change of an application, as one table: who may do which action from which status,
 * and where it leads. Handlers never compare statuses themselves; they ask `transition()`. Where an
 * action has two possible targets (admissible → commission or straight to decision), the use case
 * chooses with `to` among those listed.
 */
export const TRANSITIONS = [
  {
    action: 'EDIT',
    from: ['DRAFT', 'RETURNED_FOR_COMPLETION'],
    to: 'unchanged',
    roles: ['professional', 'business'],
  },
  {
    action: 'UPLOAD_DOCUMENT',
    from: ['DRAFT', 'RETURNED_FOR_COMPLETION'],
    to: 'unchanged',
    roles: ['professional', 'business'],
  },
  { action: 'DELETE', from: ['DRAFT'], to: [], roles: ['professional', 'business'] },
  { action: 'SUBMIT', from: ['DRAFT'], to: ['SUBMITTED'], roles: ['professional', 'business'] },
  {
    action: 'RETURN_FOR_COMPLETION',
    from: ['SUBMITTED'],
    to: ['RETURNED_FOR_COMPLETION'],
    roles: ['desk_agent'],
  },
  {
    action: 'RESUBMIT',
    from: ['RETURNED_FOR_COMPLETION'],
    to: ['SUBMITTED'],
    roles: ['professional', 'business'],
  },
  {
    action: 'DECLARE_ADMISSIBLE',
    from: ['SUBMITTED'],
    to: ['IN_COMMISSION', 'READY_FOR_DECISION'],
    roles: ['desk_agent'],
  },
  {
    action: 'GIVE_OPINION',
    from: ['IN_COMMISSION'],
    to: ['IN_COMMISSION', 'READY_FOR_DECISION'],
    roles: ['commission_member'],
  },
  // Approval opens the payment order; with nothing due (exemptions) the file is paid at once.
  {
    action: 'APPROVE',
    from: ['READY_FOR_DECISION'],
    to: ['AWAITING_PAYMENT', 'PAID'],
    roles: ['desk_agent', 'signatory'],
  },
  { action: 'PAY', from: ['AWAITING_PAYMENT'], to: ['PAID'], roles: ['system'] },
  // The signatory signs the permit with their key and PIN once the fees are paid.
  { action: 'SIGN', from: ['PAID'], to: ['ISSUED'], roles: ['signatory'] },
  { action: 'REJECT', from: ['READY_FOR_DECISION'], to: ['REJECTED'], roles: ['desk_agent', 'signatory'] },
  {
    action: 'TACITLY_APPROVE',
    from: ['SUBMITTED', 'IN_COMMISSION', 'READY_FOR_DECISION'],
    to: ['TACITLY_APPROVED'],
    roles: ['system'],
  },
  {
    action: 'FLAG_OVERDUE',
    from: ['SUBMITTED', 'IN_COMMISSION', 'READY_FOR_DECISION'],
    to: 'unchanged',
    roles: ['system'],
  },
  // A licence about to expire: its holder is reminded to renew it (the daily job); nothing else changes.
  { action: 'REMIND_RENEWAL', from: ['ISSUED'], to: 'unchanged', roles: ['system'] },
  {
    action: 'WITHDRAW',
    from: ['SUBMITTED', 'RETURNED_FOR_COMPLETION', 'IN_COMMISSION', 'READY_FOR_DECISION'],
    to: ['WITHDRAWN'],
    roles: ['professional', 'business'],
  },
] as const satisfies readonly {
  action: string;
  from: readonly ApplicationStatus[];
  /** Target statuses; `unchanged` for actions that keep the status (edits, uploads, flags). */
  to: readonly ApplicationStatus[] | 'unchanged';
  roles: readonly Actor[];
}[];

export type ApplicationAction = (typeof TRANSITIONS)[number]['action'];

export const ruleOf = (action: ApplicationAction) => TRANSITIONS.find((t) => t.action === action);

/** Who may take an action at all (the use case still checks scope: commune, agency, ownership). */
export const actorsOf = (action: ApplicationAction): readonly Actor[] => ruleOf(action)?.roles ?? [];

/**
 * The status an action leads to (the first target, `to` when the action has several and the use
 * case chose one, the current status for `unchanged`, null for a deletion), or a 409 naming the current status and where the action is possible.
 */
export function transition(
  status: ApplicationStatus,
  action: ApplicationAction,
  to?: ApplicationStatus,
): ApplicationStatus | null {
  const rule = ruleOf(action);
  if (!rule || !(rule.from as readonly string[]).includes(status)) {
    throw new DomainError({
      type: 'invalid-transition',
      kind: 'conflict',
      title: 'Not possible in this status',
      detail: `${action.toLowerCase().replaceAll('_', ' ')} is not possible while the application is ${status}${
        rule ? `; it is possible when ${rule.from.join(' or ')}` : ''
      }.`,
      details: { currentStatus: status, action },
    });
  }
  if (rule.to === 'unchanged') return status;
  const targets = rule.to as readonly ApplicationStatus[];
  if (targets.length === 0) return null;
  if (to !== undefined) {
    if (!targets.includes(to)) throw new Error(`${action} cannot lead to ${to}`);
    return to;
  }
  return targets[0] ?? null;
}
