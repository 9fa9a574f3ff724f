import * as z from 'zod/mini';
import { CHECKS } from '../checks.ts';
import { DomainError } from '../errors.ts';
import type { Role } from '../identity/principal.ts';
import { PIN_POLICY } from './pin.ts';

/**
 * The life of a signatory's signing key: issued by the ministry (DGCT), sent by express mail to the
 * province contact, handed by them to the commune, activated by the signatory's first PIN change.
 */
export const KEY_STATUSES = [
  'ISSUED',
  'HANDED_TO_CONTACT',
  'DELIVERED_TO_COMMUNE',
  'ACTIVE',
  'LOCKED',
  'REVOKED',
  'EXPIRED',
] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];

/** Statuses after which nothing can change any more (a new key is issued instead). */
export const FINAL_KEY_STATUSES: readonly KeyStatus[] = ['REVOKED', 'EXPIRED'];
const NON_FINAL = ['ISSUED', 'HANDED_TO_CONTACT', 'DELIVERED_TO_COMMUNE', 'ACTIVE', 'LOCKED'] as const;

/** `system` is the platform itself (PIN check, scheduled expiry sweep); it has no token. */
export type KeyActor = Role | 'system';

/** Express-mail tracking number (Amana/EMS: UPU S10 such as EE123456789MA, or the carrier's own format). */
export const TrackingNumberSchema = /* @__PURE__ */ (() =>
  z
    .string()
    .check(z.trim(), z.toUpperCase(), z.regex(/^[A-Z0-9-]{8,40}$/, CHECKS.invalid_tracking_number)))();

/**
 * Every status change of a signing key, as one table. ISSUE has no `from`: it creates the key in
 * ISSUED. UNLOCK comes with a new PIN sent to the signatory and leads back to DELIVERED_TO_COMMUNE,
 * so that PIN must be changed again (ACTIVATE) before the key can sign.
 */
export const KEY_TRANSITIONS = [
  { action: 'ISSUE', from: [], to: 'ISSUED', who: ['ministry_admin'] },
  {
    action: 'HAND_TO_CONTACT',
    from: ['ISSUED'],
    to: 'HANDED_TO_CONTACT',
    who: ['ministry_admin'],
    requires: 'trackingNumber',
  },
  {
    action: 'CONFIRM_DELIVERY',
    from: ['HANDED_TO_CONTACT'],
    to: 'DELIVERED_TO_COMMUNE',
    who: ['province_contact'],
  },
  { action: 'ACTIVATE', from: ['DELIVERED_TO_COMMUNE'], to: 'ACTIVE', who: ['signatory'] },
  { action: 'LOCK', from: ['DELIVERED_TO_COMMUNE', 'ACTIVE'], to: 'LOCKED', who: ['system'] },
  { action: 'UNLOCK', from: ['LOCKED'], to: 'DELIVERED_TO_COMMUNE', who: ['ministry_admin'] },
  { action: 'REVOKE', from: NON_FINAL, to: 'REVOKED', who: ['ministry_admin'] },
  { action: 'EXPIRE', from: NON_FINAL, to: 'EXPIRED', who: ['system'] },
] as const satisfies readonly {
  action: string;
  from: readonly KeyStatus[];
  to: KeyStatus;
  who: readonly KeyActor[];
  /** Input without which the transition is refused (422). */
  requires?: 'trackingNumber';
}[];

export type KeyAction = (typeof KEY_TRANSITIONS)[number]['action'];

export const keyRuleOf = (action: KeyAction) => KEY_TRANSITIONS.find((rule) => rule.action === action);

/** Who may take an action on a key (the use case still checks scope: the province, the signatory's own key). */
export const keyActorsOf = (action: KeyAction): readonly KeyActor[] => keyRuleOf(action)?.who ?? [];

/**
 * The status an action leads to, or a 409 `invalid-key-transition` naming the current status and where
 * the action is possible. HAND_TO_CONTACT also needs `input.trackingNumber` (422 `tracking-number-required`).
 */
export function keyTransition(
  status: KeyStatus,
  action: KeyAction,
  input: { trackingNumber?: string } = {},
): KeyStatus {
  const rule = keyRuleOf(action);
  const from = (rule?.from ?? []) as readonly KeyStatus[];
  if (!rule || !from.includes(status)) {
    const where =
      from.length > 0
        ? `; it is possible when the key is ${from.join(' or ')}`
        : '; a key is issued once, as a new key';
    throw new DomainError({
      type: 'invalid-key-transition',
      kind: 'conflict',
      title: 'Not possible in this key status',
      detail: `${action.toLowerCase().replaceAll('_', ' ')} is not possible while the signing key is ${status}${where}.`,
      details: { currentStatus: status, action, allowedFrom: from },
    });
  }
  if ('requires' in rule && rule.requires === 'trackingNumber') {
    if (!TrackingNumberSchema.safeParse(input.trackingNumber ?? '').success) {
      throw new DomainError({
        type: 'tracking-number-required',
        kind: 'unprocessable',
        title: 'Tracking number required',
        detail:
          'Handing a key to the province contact needs the express-mail tracking number (8 to 40 letters, digits or dashes, e.g. EE123456789MA).',
        details: { action },
      });
    }
  }
  return rule.to;
}

export type CanSign =
  | { ok: true }
  | { ok: false; code: 'not-active' | 'expired' | 'pin-not-changed'; reason: string };

/** Whether a key may sign now: ACTIVE, not past its expiry, and its PIN changed at least once. */
export function canSign(
  key: { status: KeyStatus; expiresAt: string; pinChanged: boolean },
  now: Date,
): CanSign {
  if (key.status !== 'ACTIVE') {
    const hint: Partial<Record<KeyStatus, string>> = {
      ISSUED: 'it has not reached the commune yet',
      HANDED_TO_CONTACT: 'the province contact has not confirmed its delivery to the commune yet',
      DELIVERED_TO_COMMUNE: 'change the PIN received by SMS and e-mail to activate it',
      LOCKED: `it was locked after ${PIN_POLICY.maxAttempts} wrong PINs; ask the ministry to unlock it`,
      REVOKED: 'it was revoked; ask the ministry for a new key',
      EXPIRED: 'it has expired; ask the ministry for a new key',
    };
    return {
      ok: false,
      code: 'not-active',
      reason: `The signing key is ${key.status}, not ACTIVE: ${hint[key.status] ?? 'it cannot sign'}.`,
    };
  }
  const expiresAt = Date.parse(key.expiresAt);
  if (Number.isNaN(expiresAt) || now.getTime() >= expiresAt) {
    return {
      ok: false,
      code: 'expired',
      reason: `The signing key expired on ${key.expiresAt}; ask the ministry for a new key.`,
    };
  }
  if (!key.pinChanged) {
    return {
      ok: false,
      code: 'pin-not-changed',
      reason: 'The PIN received by SMS and e-mail must be changed once before the key can sign.',
    };
  }
  return { ok: true };
}

/**
 * Counts one PIN entry: a wrong one adds to the consecutive failures and the 5th locks the key
 * (status LOCKED, `locked` true); a correct one resets the counter. Only keys that accept a PIN
 * (DELIVERED_TO_COMMUNE for the first change, ACTIVE for signing) may be tried: any other status is a
 * 409, so a correct PIN on a LOCKED key can never reset its counter. After UNLOCK the caller sets
 * `failedAttempts` to 0 and `pinChanged` to false.
 */
export function registerPinAttempt(
  state: { failedAttempts: number; status: KeyStatus },
  correct: boolean,
): { failedAttempts: number; status: KeyStatus; locked: boolean; remainingAttempts: number } {
  const accepting = keyRuleOf('LOCK')?.from as readonly KeyStatus[];
  if (!accepting.includes(state.status)) {
    throw new DomainError({
      type: 'key-not-usable',
      kind: 'conflict',
      title: 'Key not usable',
      detail: `A PIN cannot be tried while the signing key is ${state.status}; it is accepted when the key is ${accepting.join(' or ')}.`,
      details: { currentStatus: state.status },
    });
  }
  const { maxAttempts } = PIN_POLICY;
  if (correct) {
    return { failedAttempts: 0, status: state.status, locked: false, remainingAttempts: maxAttempts };
  }
  const failedAttempts = Math.max(0, Math.trunc(state.failedAttempts) || 0) + 1;
  if (failedAttempts >= maxAttempts) {
    return {
      failedAttempts,
      status: keyTransition(state.status, 'LOCK'),
      locked: true,
      remainingAttempts: 0,
    };
  }
  return {
    failedAttempts,
    status: state.status,
    locked: false,
    remainingAttempts: maxAttempts - failedAttempts,
  };
}

/**
 * The expiry of a key issued at `issuedAt`, `years` later (2 by default), as ISO 8601 UTC. A key issued
 * on 29 February expires on 28 February of a non-leap year (the end of the same month, never
 * 1 March): validity is never longer than promised.
 */
export function expiryFor(issuedAt: Date, years = 2): string {
  if (!(issuedAt instanceof Date) || Number.isNaN(issuedAt.getTime())) {
    throw new RangeError('expiryFor needs a valid issue date.');
  }
  if (!Number.isInteger(years) || years < 1)
    throw new RangeError(`years must be a positive integer; got ${years}.`);
  const expiry = new Date(issuedAt.getTime());
  const month = issuedAt.getUTCMonth();
  expiry.setUTCFullYear(issuedAt.getUTCFullYear() + years, month, 1);
  const daysInMonth = new Date(Date.UTC(expiry.getUTCFullYear(), month + 1, 0)).getUTCDate();
  expiry.setUTCDate(Math.min(issuedAt.getUTCDate(), daysInMonth));
  return expiry.toISOString();
}
