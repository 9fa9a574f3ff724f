import { describe, expect, it } from 'vitest';
import { PIN_POLICY } from '../../shared/domain/signing/pin.ts';
import {
  attemptsLeft,
  deskMatches,
  MAX_PIN_ATTEMPTS,
  rateFromInput,
  rateToInput,
} from '../../web/src/backoffice/rules.ts';
import { buildingPermit } from '../support/fixtures.ts';

/** The back office's pure rules: attempts left before a key locks, the desk's search. */
describe('back office rules', () => {
  it('counts the attempts left with the API’s own limit', () => {
    expect(MAX_PIN_ATTEMPTS).toBe(PIN_POLICY.maxAttempts);
    expect(attemptsLeft(0)).toBe(5);
    expect(attemptsLeft(1)).toBe(4);
    expect(attemptsLeft(7)).toBe(0);
  });

  it('finds a file by receipt number, land title, applicant’s name or exact CIN', () => {
    const base = buildingPermit();
    const app = {
      ...base,
      id: 'app-1',
      status: 'SUBMITTED',
      receiptNumber: 'CAS-2026-00042',
      applicant: {
        ...base.applicant,
        kind: 'person',
        firstName: 'Youssef',
        lastName: 'Alami',
        cin: 'BK654321',
      },
      parcel: { landTitle: '12345/C', address: '12 rue des Orangers, Casablanca' },
    } as any;
    expect(deskMatches(app, '')).toBe(true);
    expect(deskMatches(app, '00042')).toBe(true);
    expect(deskMatches(app, '12345/c')).toBe(true);
    expect(deskMatches(app, 'alami')).toBe(true);
    expect(deskMatches(app, 'bk654321')).toBe(true);
    expect(deskMatches(app, 'BK65')).toBe(false);
    expect(deskMatches(app, 'Bennani')).toBe(false);
  });

  it('types rates in MAD and percent, stores centimes and basis points', () => {
    expect(rateToInput(1250, 'centimes')).toBe('12.50');
    expect(rateToInput(250, 'basisPoints')).toBe('2.5');
    expect(rateFromInput('12,50')).toBe(1250);
    expect(rateFromInput(' 1 000.5 ')).toBe(100050);
    expect(rateFromInput('2.5')).toBe(250);
    expect(rateFromInput('12')).toBe(1200);
    expect(rateFromInput('1.234')).toBeUndefined();
    expect(rateFromInput('-3')).toBeUndefined();
    expect(rateFromInput('')).toBeUndefined();
  });
});
