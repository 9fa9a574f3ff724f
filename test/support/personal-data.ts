/**
 * Looks for personal data in published text: e-mail addresses, Moroccan phone numbers, CIN numbers
 * (national identity cards: one or two letters then digits), and any of the given names (the people
 * of the test's own records). Returns what it found, with a few characters around it.
 */
const PATTERNS: [string, RegExp][] = [
  ['e-mail', /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g],
  ['phone', /(?:\+212|\b0)[5-7](?:[ .-]?\d){8}\b/g],
  ['CIN', /\b[A-Z]{1,2}\d{5,7}\b/g],
];

export function personalDataIn(text: string, names: readonly string[] = []): string[] {
  const found: string[] = [];
  const around = (index: number, length: number) =>
    text.slice(Math.max(0, index - 20), index + length + 20).replace(/\s+/g, ' ');
  for (const [kind, pattern] of PATTERNS) {
    for (const match of text.matchAll(pattern))
      found.push(`${kind}: …${around(match.index, match[0].length)}…`);
  }
  for (const name of names) {
    const index = text.indexOf(name);
    if (index >= 0) found.push(`name ${name}: …${around(index, name.length)}…`);
  }
  return found;
}
