import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { fieldError } from '../checks.ts';
import { DomainError, notFound } from '../errors.ts';
import type { EmailProofs, IdentityProvider } from './ports.ts';

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

const codeRefused = (remaining: number) =>
  new DomainError({
    type: 'wrong-email-code',
    // 422 as for an unknown commune: the request is well formed, its code is not the one mailed.
    kind: 'unprocessable',
    title: 'Wrong code',
    detail:
      remaining > 0
        ? `This is not the code we e-mailed. ${remaining} attempt(s) left.`
        : 'Too many wrong codes, or the code expired: register again to receive a new one.',
    details: { errors: [fieldError('body.code', 'email_code_wrong')] },
  });

/**
 * The code mailed at registration comes back (a professional's or a business's account): the e-mail
 * is proven and the account can sign in. Five wrong codes, or 24 hours, end the proof (register again).
 * `registered` is the account's profile, read beside the proof: without either, 404.
 */
export async function proveEmail(
  deps: { proofs: EmailProofs; identity: Pick<IdentityProvider, 'confirmEmail'> },
  accountId: string,
  registered: (id: string) => Promise<unknown>,
  code: string,
  now: Date,
): Promise<void> {
  const proof = await deps.proofs.get(accountId);
  const account = await registered(accountId);
  if (!proof || !account) throw notFound('Pending registration', accountId);
  if (emailProofExpired(proof, now)) throw codeRefused(0);
  if (!codeMatches(proof, code)) {
    await deps.proofs.recordFailure(proof);
    throw codeRefused(EMAIL_PROOF_POLICY.maxAttempts - proof.failedAttempts - 1);
  }
  await deps.identity.confirmEmail(accountId);
  await deps.proofs.delete(accountId);
}
