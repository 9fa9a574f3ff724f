/**
 * SMS length arithmetic (3GPP TS 23.038 / 23.040), pure and dependency-free.
 *
 * A message is sent in the GSM 7-bit default alphabet when every character belongs to it
 * (basic set, or extension table at the cost of an escape septet), otherwise in UCS-2.
 * Single part: 160 septets / 70 UTF-16 units. Concatenated parts lose room to the UDH:
 * 153 septets / 67 units each. An escape pair or a surrogate pair is never split across parts.
 */

/** GSM 03.38 basic character set (127 printable entries; 0x1B is the escape to the extension table). */
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** GSM 03.38 extension table: each costs 2 septets (ESC + code). */
const GSM7_EXTENSION = '\f^{}\\[]~|€';

const BASIC = new Set(GSM7_BASIC);
const EXTENSION = new Set(GSM7_EXTENSION);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsParts {
  encoding: SmsEncoding;
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  units: number;
  parts: number;
}

const LIMITS: Record<SmsEncoding, { single: number; multi: number }> = {
  'GSM-7': { single: 160, multi: 153 },
  'UCS-2': { single: 70, multi: 67 },
};

/** True when every character is in the GSM 03.38 default alphabet or its extension table. */
export function isGsm7(text: string): boolean {
  for (const ch of text) {
    if (!BASIC.has(ch) && !EXTENSION.has(ch)) return false;
  }
  return true;
}

/** Cost of each character (code point) in the chosen encoding. */
function unitCosts(text: string, encoding: SmsEncoding): number[] {
  const costs: number[] = [];
  for (const ch of text) {
    costs.push(encoding === 'GSM-7' ? (EXTENSION.has(ch) ? 2 : 1) : ch.length);
  }
  return costs;
}

export function smsParts(text: string): SmsParts {
  const encoding: SmsEncoding = isGsm7(text) ? 'GSM-7' : 'UCS-2';
  const costs = unitCosts(text, encoding);
  const units = costs.reduce((sum, c) => sum + c, 0);
  const { single, multi } = LIMITS[encoding];
  if (units <= single) return { encoding, units, parts: 1 };
  // Greedy packing: a character (escape pair / surrogate pair) never straddles two parts.
  let parts = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > multi) {
      parts += 1;
      used = 0;
    }
    used += cost;
  }
  return { encoding, units, parts };
}

export function fitsOneSms(text: string): boolean {
  return smsParts(text).parts === 1;
}
