import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from '#shared/domain/csv.ts';
import { reconciliationCsv } from '#shared/domain/payments/use-cases.ts';

describe('CSV cells people open in a spreadsheet', () => {
  it('makes every formula start inert: = + - @ tab and carriage return', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      const cell = csvCell(`${start}cmd|' /C calc'!A0`);
      expect(cell.replace(/^"/, '').startsWith("'")).toBe(true);
    }
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('@SUM(A1:A2)')).toBe("'@SUM(A1:A2)");
  });

  it('keeps numbers, plain numeric text and ordinary text as they are, quoting per RFC 4180', () => {
    expect(csvLine([-3, '-3', '12.50', 'Casablanca', null, undefined, 'a,b', 'say "hi"'])).toBe(
      '-3,-3,12.50,Casablanca,,,"a,b","say ""hi"""',
    );
  });

  it('neutralises what the card gateway sent in the reconciliation export', () => {
    const csv = reconciliationCsv({
      communeId: 'cas-casablanca',
      date: '2026-11-29',
      rows: [
        {
          receiptNumber: 'Q-1',
          paidAt: '2026-11-29T10:00:00.000Z',
          applicationId: 'app-1',
          orderId: 'o-1',
          transactionId: '=HYPERLINK("http://evil.example")',
          authCode: '+123',
          lineCode: 'CONSTRUCTION_TAX',
          beneficiary: 'commune',
          amountCentimes: 550000,
        },
      ],
      totals: { totalCentimes: 550000, byBeneficiary: { commune: 550000 } },
    } as unknown as Parameters<typeof reconciliationCsv>[0]);
    const row = csv.split('\r\n')[1] as string;
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(row).toContain(",'+123,");
  });
});
