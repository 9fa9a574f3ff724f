/** Two-step verification's text forms (pure: unit-tested without a browser). */

/** The `otpauth://` address authenticator apps read from the QR code (Key Uri Format). */
export const otpauthUri = (secret: string, account: string, issuer = 'Rukhsa') =>
  `otpauth://totp/${encodeURIComponent(`${issuer}:${account}`)}?secret=${secret}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30`;

/** The secret in groups of four, easier to type into an app by hand. */
export const groupedSecret = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

/** A code as typed: digits only (spaces and dashes some apps show are dropped). */
export const typedCode = (value: string) => value.replace(/[\s-]/g, '');
export const isCode = (value: string) => /^\d{6}$/.test(typedCode(value));
