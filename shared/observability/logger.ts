import { Logger } from '@aws-lambda-powertools/logger';
import { optionalEnv } from '../environment.ts';

/** Keys whose values never reach a log line, wherever they sit in the logged object. */
const SECRET_KEYS =
  /^(pin|newpin|oldpin|currentpin|password|secret|token|idtoken|accesstoken|refreshtoken|authorization|cookie|storekey|hash|cin|phone|phonenumber|email)$/i;
/** E.164 / international (+212…, 00212…) and Moroccan national (06…, 07…, 05…) phone numbers in free text. */
const PHONE_IN_TEXT = /(?:\+|\b00)[1-9](?:[\s.-]?\d){7,13}\b|\b0[5-7](?:[\s.-]?\d){8}\b/g;
/** `password=…`, `pin: …` and the like inside messages (e.g. an SDK error quoting a request). */
const SECRET_IN_TEXT = /\b(pin|password|secret|token|storekey)(\s*[=:]\s*)("[^"]*"|[^\s,;&]+)/gi;

const maskPhone = (phone: string) => `***${phone.replace(/\D/g, '').slice(-2)}`;

/** JSON replacer used by the logger: hides secret keys, phone numbers and inline secrets. */
export function redact(key: string, value: unknown): unknown {
  if (value === undefined || value === null) return value;
  if (SECRET_KEYS.test(key.replace(/[-_]/g, ''))) return '[redacted]';
  if (typeof value === 'string') {
    return value
      .replace(PHONE_IN_TEXT, maskPhone)
      .replace(SECRET_IN_TEXT, (_m, name: string, sep: string) => `${name}${sep}[redacted]`);
  }
  return value;
}

/** One logger per container; the HTTP middleware sets the correlation id per request. */
export const logger = new Logger({
  serviceName: optionalEnv('POWERTOOLS_SERVICE_NAME') ?? 'rukhsa',
  jsonReplacerFn: redact,
});
