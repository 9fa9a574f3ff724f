import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * Proof that a registering professional holds the e-mail address they typed: a one-time code is
 * mailed to it, and the account stays disabled until the code comes back. Only its salted SHA-256
 * is stored (a separate item, never in the profile), for 24 hours and 5 tries.
 */
export const EMAIL_PROOF_POLICY = { digits: 6, maxAttempts: 5, validHours: 24 } as const;

export interface EmailProof {
  professionalId: string;
  salt: string;
  codeHash: string;
  failedAttempts: number;
  /** ISO 8601: past it, the registration may be taken over by a new one with the same e-mail. */
  validUntil: string;
}

const digest = (salt: string, code: string) => createHash('sha256').update(`${salt}:${code}`).digest('hex');

export function newEmailProof(professionalId: string, now: Date): { proof: EmailProof; code: string } {
  const code = String(randomInt(0, 10 ** EMAIL_PROOF_POLICY.digits)).padStart(EMAIL_PROOF_POLICY.digits, '0');
  const salt = randomBytes(16).toString('hex');
  return {
    code,
    proof: {
      professionalId,
      salt,
      codeHash: digest(salt, code),
      failedAttempts: 0,
      validUntil: new Date(now.getTime() + EMAIL_PROOF_POLICY.validHours * 3_600_000).toISOString(),
    },
  };
}

export const emailProofExpired = (proof: EmailProof, now: Date) =>
  now.getTime() >= Date.parse(proof.validUntil) || proof.failedAttempts >= EMAIL_PROOF_POLICY.maxAttempts;

export function codeMatches(proof: EmailProof, code: string): boolean {
  const given = Buffer.from(digest(proof.salt, code), 'hex');
  const stored = Buffer.from(proof.codeHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
