import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import openapi from '../../docs/openapi.json' with { type: 'json' };
import { READINESS_CODES } from '../../shared/domain/rollout/onboarding.ts';
import { ar } from '../../web/src/i18n/ar.ts';
import { fr } from '../../web/src/i18n/fr.ts';

/** Every key the web sources use exists in both dictionaries; both have the same keys and placeholders. */
const SRC = path.join(import.meta.dirname, '..', '..', 'web', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.tsx?$/.test(name) && !name.endsWith('.gen.ts') ? [full] : [];
  });
}

const code = sources(SRC)
  .filter((f) => !f.includes(`${path.sep}i18n${path.sep}`))
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');
const keys = new Set(Object.keys(fr));
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('web i18n dictionaries', () => {
  it('French and Arabic have exactly the same keys, none empty, with the same placeholders', () => {
    expect(Object.keys(ar).sort()).toEqual(Object.keys(fr).sort());
    for (const [key, value] of Object.entries(fr)) {
      const arabic = ar[key as keyof typeof ar];
      expect(value.trim(), key).not.toBe('');
      expect(arabic.trim(), key).not.toBe('');
      expect(placeholders(arabic), key).toEqual(placeholders(value));
    }
  });

  it('Arabic strings are written in Arabic (apart from names, codes and units)', () => {
    const latinOnly = Object.entries(ar).filter(([, v]) => !/[\u0600-\u06FF]/.test(v));
    expect(latinOnly.map(([k]) => k)).toEqual([]);
  });

  it('every literal key used in web/src exists', () => {
    const literal = [...code.matchAll(/\bt\(\s*'([^']+)'/g)].map((m) => m[1] as string);
    const inObjects = [...code.matchAll(/\bkey: '([a-z]+\.[\w.-]+)'/g)].map((m) => m[1] as string);
    const keyTyped = [...code.matchAll(/'([a-z]+\.[\w.-]+)'(?= as Key|\]: \[)/g)].map((m) => m[1] as string);
    const used = [...new Set([...literal, ...inObjects, ...keyTyped])];
    expect(used.length).toBeGreaterThan(100);
    expect(used.filter((k) => !keys.has(k))).toEqual([]);
  });

  it('every key built from a prefix (step.<value>) exists for every value the API can send', () => {
    const prefixes = [
      ...code.matchAll(/\bt\(\s*`([\w.]+\.)\$\{/g),
      ...code.matchAll(/`([\w.]+\.)\$\{[^`]*\}` as Key/g),
    ].map((m) => m[1] as string);
    expect(prefixes.length).toBeGreaterThan(5);
    for (const prefix of new Set(prefixes))
      expect(
        [...keys].some((k) => k.startsWith(prefix)),
        `no key starts with ${prefix}`,
      ).toBe(true);
    const schemas = JSON.stringify(openapi);
    const enumOf = (property: string): string[] => {
      const m = new RegExp(`"${property}":\\{"type":"string","enum":\\[([^\\]]+)\\]`).exec(schemas);
      return m ? (JSON.parse(`[${m[1]}]`) as string[]) : [];
    };
    const expectations: [string, string[]][] = [
      ['step.', enumOf('step')],
      ['family.', enumOf('family')],
      ['profession.', enumOf('profession')],
      ['category.', enumOf('buildingCategory')],
      ['check.', enumOf('name').filter((n) => n.includes('-') || n === 'signature')],
      ['commission.', ['always', 'large', 'never']],
      // The rollout board names what a commune still lacks (RolloutBoard.tsx, missingLabel).
      ['bo.check.', [...READINESS_CODES]],
      [
        'role.',
        [
          'professional',
          'applicant',
          'desk_agent',
          'commission_member',
          'signatory',
          'province_contact',
          'ministry_admin',
          'commune_treasurer',
          'agency_treasurer',
        ],
      ],
      [
        'workspace.next.',
        [
          'professional',
          'applicant',
          'desk_agent',
          'commission_member',
          'signatory',
          'province_contact',
          'ministry_admin',
          'commune_treasurer',
          'agency_treasurer',
        ],
      ],
      [
        'keyStatus.',
        ['ISSUED', 'HANDED_TO_CONTACT', 'DELIVERED_TO_COMMUNE', 'ACTIVE', 'LOCKED', 'REVOKED', 'EXPIRED'],
      ],
      ['agency.', ['urban-agency', 'civil-protection', 'utilities', 'heritage', 'health', 'equipment']],
      [
        'project.',
        [
          'floorAreaM2',
          'floors',
          'units',
          'heightM',
          'plotAreaM2',
          'lots',
          'worksCostCentimes',
          'buildingCategory',
          'occupiedAreaM2',
          'occupationMonths',
          'activity',
        ],
      ],
    ];
    for (const [prefix, values] of expectations) {
      expect(values.length, prefix).toBeGreaterThan(0);
      expect(
        values.filter((v) => !keys.has(`${prefix}${v}`)),
        prefix,
      ).toEqual([]);
    }
  });
});
