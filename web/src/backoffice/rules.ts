import { type Application, matches } from '../workspace/model.ts';

/** PIN_POLICY.maxAttempts (shared/domain/signing/pin.ts): the fifth wrong PIN in a row locks the key. */
export const MAX_PIN_ATTEMPTS = 5;

/** Attempts left before the key locks, from the key's own failure count (the API's refusals are identical on purpose). */
export const attemptsLeft = (failedAttempts: number) => Math.max(0, MAX_PIN_ATTEMPTS - failedAttempts);

/**
 * The desk's search over the page shown: receipt number, land title, applicant's name, address
 * (what the workspace's search covers) and the applicant's CIN, exactly (an identity number is
 * not matched by a fragment).
 */
export function deskMatches(app: Application, needle: string): boolean {
  const q = needle.trim();
  if (!q) return true;
  if (app.applicant.kind === 'person' && app.applicant.cin.toUpperCase() === q.toUpperCase()) return true;
  return matches(app, q);
}

/** A tariff rate as typed: centimes are typed in MAD (2 decimals), basis points as a percentage. */
export type RateKind = 'centimes' | 'basisPoints';

export const rateToInput = (value: number, kind: RateKind) =>
  kind === 'centimes' ? (value / 100).toFixed(2) : String(value / 100);

/**
 * The integer the API stores from what was typed ("12,50" or "12.5"): MAD → centimes and % → basis
 * points are both ×100. Undefined when it is not a number with at most two decimals.
 */
export function rateFromInput(typed: string): number | undefined {
  const s = typed.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return undefined;
  const [whole = '0', fraction = ''] = s.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}
