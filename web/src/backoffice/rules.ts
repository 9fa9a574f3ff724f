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
