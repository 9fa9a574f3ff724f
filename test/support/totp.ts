/**
 * TOTP as an authenticator app computes it (RFC 6238: HMAC-SHA1 over 30-second steps, 6 digits,
 * the secret in base32 as Cognito's AssociateSoftwareToken gives it), and the enrolment and
 * sign-in steps a ministry administrator or province contact goes through (issue 17, finding 12).
 */
import { createHmac } from 'node:crypto';
import {
  AssociateSoftwareTokenCommand,
  type CognitoIdentityProviderClient,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { signInWithSrp } from '../../scripts/local-cloud/srp-sign-in.ts';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Decode(text: string): Buffer {
  const clean = text.replace(/=+$/, '').replace(/\s+/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error(`not base32: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The 6-digit code of `secret` (base32) at `at`, `step` 30 s, as any authenticator app shows it. */
export function totpCode(secret: string, at: Date = new Date(), digits = 6): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at.getTime() / 1000 / 30)));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = (mac[mac.length - 1] as number) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** A code that is certainly wrong now (not the current one, nor the steps either side). */
export function wrongTotpCode(secret: string, at: Date = new Date()): string {
  const near = [-30_000, 0, 30_000].map((d) => totpCode(secret, new Date(at.getTime() + d)));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0');
    if (!near.includes(code)) return code;
  }
}

/**
 * Enrols the signed-in account (its access token) as the web enrolment page does: associate a
 * secret, verify a code, make TOTP the preferred (and enabled) factor. Returns the secret.
 */
export async function enrolTotp(
  cognito: CognitoIdentityProviderClient,
  accessToken: string,
): Promise<string> {
  const { SecretCode } = await cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
  if (!SecretCode) throw new Error('AssociateSoftwareToken gave no secret');
  const verified = await cognito.send(
    new VerifySoftwareTokenCommand({
      AccessToken: accessToken,
      UserCode: totpCode(SecretCode),
      FriendlyDeviceName: 'tests',
    }),
  );
  if (verified.Status !== 'SUCCESS') throw new Error(`VerifySoftwareToken: ${verified.Status}`);
  await cognito.send(
    new SetUserMFAPreferenceCommand({
      AccessToken: accessToken,
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
    }),
  );
  return SecretCode;
}

/**
 * SRP sign-in, then the SOFTWARE_TOKEN_MFA step answered with the current code when Cognito asks
 * for it (an enrolled account). Answers like `signInWithSrp`: tokens, or another challenge.
 */
export async function signInWithTotp(
  cognito: CognitoIdentityProviderClient,
  sign: { userPoolId: string; clientId: string; username: string; password: string },
  secret: string | undefined,
  code: (secret: string) => string = totpCode,
) {
  const first = await signInWithSrp(cognito, sign);
  if (first.ChallengeName !== 'SOFTWARE_TOKEN_MFA') return first;
  if (!secret) throw new Error(`${sign.username} is asked for a TOTP code and the test has no secret`);
  return cognito.send(
    new RespondToAuthChallengeCommand({
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      ClientId: sign.clientId,
      Session: first.Session,
      ChallengeResponses: {
        USERNAME: first.ChallengeParameters?.USER_ID_FOR_SRP ?? sign.username,
        SOFTWARE_TOKEN_MFA_CODE: code(secret),
      },
    }),
  );
}
