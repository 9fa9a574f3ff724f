import { Logger } from '@aws-lambda-powertools/logger';

/** Keys whose values never reach a log line, wherever they sit in the logged object. */
const SECRET_KEYS =
  /^(pin|newpin|oldpin|password|secret|token|idtoken|accesstoken|refreshtoken|authorization|cookie|storekey|hash|cin|phone|phonenumber|email)$/i;
/** E.164 or local Moroccan phone numbers inside free text: keep the last two digits only. */
const PHONE_IN_TEXT = /(\+?\d[\d\s.-]{6,}\d)(\d{2})\b/g;

export function redact(key: string, value: unknown): unknown {
  if (SECRET_KEYS.test(key.replace(/[-_]/g, '')) && value !== undefined && value !== null)
    return '[redacted]';
  if (typeof value === 'string' && /\d{7,}/.test(value.replace(/[\s.-]/g, ''))) {
    return value.replace(PHONE_IN_TEXT, (_match, _head: string, tail: string) => `***${tail}`);
  }
  return value;
}

/** One logger per container; correlation ids are attached per request by the HTTP middleware. */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'rukhsa',
  jsonReplacerFn: redact,
});
