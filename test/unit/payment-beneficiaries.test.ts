import { describe, expect, it } from 'vitest';
import type { Application } from '#shared/domain/applications/application.ts';
import {
  type Beneficiary,
  beneficiaryLines,
  formatBeneficiaryQuittance,
  isOnline,
  validateBeneficiary,
} from '#shared/domain/payments/beneficiaries.ts';
import { lotissementTax } from '#shared/domain/payments/fees.ts';
import type { PaymentOrder } from '#shared/domain/payments/payment.ts';
import {
  parseSettlementFile,
  reconcile,
  type SettlementReport,
  settlementReportCsv,
} from '#shared/domain/payments/settlement.ts';
import { CASABLANCA_TARIFF_2026 } from '#shared/domain/payments/tariffs.ts';
import { billConformityBalance, buildPaymentOrder } from '#shared/domain/payments/use-cases.ts';

const agency = (over: Partial<Beneficiary> = {}): Beneficiary => ({
  id: 'AURBA_CASA',
  nameFr: 'Agence urbaine de Casablanca',
  nameAr: 'الوكالة الحضرية للدار البيضاء',
  legalBasis: 'Décret n° 2-18-xxx (rémunération des services rendus)',
  maxFeeCentimes: 50_000,
  agencyCode: 'urban-agency',
  onlineFrom: '2027-01-01',
  schedules: [
    {
      effectiveFrom: '2026-01-01',
      fees: [
        {
          code: 'STUDY',
          label: "Frais d'étude",
          labelAr: 'واجبات الدراسة',
          procedures: ['BUILDING_PERMIT'],
          amountCentimes: 20_000,
          whenConsulted: true,
        },
      ],
    },
    {
      effectiveFrom: '2026-07-01',
      fees: [
        {
          code: 'STUDY',
          label: "Frais d'étude",
          labelAr: 'واجبات الدراسة',
          procedures: ['BUILDING_PERMIT'],
          amountCentimes: 25_000,
          whenConsulted: true,
        },
      ],
    },
  ],
  ...over,
});

const consulted = {
  procedureCode: 'BUILDING_PERMIT' as const,
  communeId: 'cas-casablanca',
  opinions: {
    'urban-agency': {
      agency: 'urban-agency',
      round: 1,
      opinion: 'FAVOURABLE' as const,
      conditions: [],
      reasons: [],
      binding: true,
      author: 'x',
      at: '2026-11-01T10:00:00.000Z',
    },
  },
};

describe('beneficiaries as data', () => {
  it('adds a line from the schedule in force, to pay at the counter until the ministry switches it online', () => {
    const before = beneficiaryLines(consulted, [agency()], '2026-11-29');
    expect(before).toEqual([
      expect.objectContaining({
        code: 'AURBA_CASA.STUDY',
        beneficiary: 'AURBA_CASA',
        amountCentimes: 25_000,
        collection: 'counter',
        mandatory: true,
      }),
    ]);
    expect(beneficiaryLines(consulted, [agency()], '2026-03-01')[0]?.amountCentimes).toBe(20_000);
    expect(beneficiaryLines(consulted, [agency()], '2027-01-01')[0]?.collection).toBe('online');
    expect(isOnline(agency({ onlineFrom: undefined }), '2030-01-01')).toBe(false);
  });

  it('charges a `whenConsulted` fee only where the agency gave an opinion, and only in its communes', () => {
    expect(beneficiaryLines({ ...consulted, opinions: {} }, [agency()], '2026-11-29')).toEqual([]);
    expect(beneficiaryLines(consulted, [agency({ communeIds: ['rab-rabat'] })], '2026-11-29')).toEqual([]);
    expect(beneficiaryLines({ ...consulted, procedureCode: 'DEMOLITION' }, [agency()], '2026-11-29')).toEqual(
      [],
    );
    expect(beneficiaryLines(consulted, [agency()], '2025-12-31')).toEqual([]);
  });

  it('refuses a fee above the cap of its legal basis', () => {
    expect(validateBeneficiary(agency())).toEqual([]);
    const problems = validateBeneficiary(agency({ maxFeeCentimes: 22_000 }));
    expect(problems).toEqual([
      expect.objectContaining({
        path: 'schedules.1.fees.0.amountCentimes',
        message: expect.stringContaining('22000'),
      }),
    ]);
  });

  it('numbers its quittances in its own series', () => {
    expect(formatBeneficiaryQuittance('AURBA_CASA', 2026, 7)).toBe('AURBA_CASA/2026/Q00007');
  });
});

describe('nothing uncollected: the lotissement balance', () => {
  it('bills the balance on the permit file when the conformity certificate is requested, with the tariff of its authorisation', async () => {
    const permit = {
      id: 'app-lot',
      communeId: 'cas-casablanca',
      procedureCode: 'LOTISSEMENT',
      project: { worksCostCentimes: 123_456_789 },
    } as unknown as Application;
    // Authorised under the 2026 tariff (75 % at authorisation); a later tariff changed the share.
    const t2026 = CASABLANCA_TARIFF_2026;
    const t2027 = { ...t2026, effectiveFrom: '2027-01-01', lotissementShareAtAuthorisationBp: 5_000 };
    const stored = new Map<string, PaymentOrder>();
    stored.set('authorisation', buildPaymentOrder(permit, t2026, '2026-03-01T10:00:00.000Z'));
    const deps = {
      applications: { get: async (id: string) => (id === permit.id ? permit : undefined) },
      payments: {
        order: async (_id: string, stage: PaymentOrder['stage'] = 'authorisation') => stored.get(stage),
        createOrder: async (order: PaymentOrder) => {
          if (stored.has(order.stage)) return false;
          stored.set(order.stage, order);
          return true;
        },
      },
      tariffs: { history: async () => [t2026, t2027] },
    } as unknown as Parameters<typeof billConformityBalance>[0];
    const now = new Date('2027-06-01T10:00:00Z');
    const balance = await billConformityBalance(deps, permit.id, now);
    const split = lotissementTax(123_456_789, t2026);
    expect(balance).toMatchObject({
      stage: 'conformity',
      status: 'PAYABLE',
      tariffEffectiveFrom: '2026-01-01',
    });
    expect(balance?.lines.map((l) => [l.code, l.amountCentimes])).toEqual([
      ['LOTISSEMENT_TAX_CONFORMITY', split.conformityCentimes],
    ]);
    const atAuthorisation = stored
      .get('authorisation')
      ?.lines.find((l) => l.code === 'LOTISSEMENT_TAX_AUTHORISATION');
    expect((atAuthorisation?.amountCentimes ?? 0) + (balance?.dueCentimes ?? 0)).toBe(split.totalCentimes);
    // A second request bills nothing more; a building permit has no balance.
    expect(await billConformityBalance(deps, permit.id, now)).toEqual(balance);
    expect(stored.size).toBe(2);
    (permit as { procedureCode: string }).procedureCode = 'BUILDING_PERMIT';
    stored.delete('conformity');
    expect(await billConformityBalance(deps, permit.id, now)).toBeUndefined();
  });

  it('bills at conformity what was not billed at authorisation: the two shares add up to the whole', () => {
    for (const cost of [1, 99_999, 123_456_789, 1_000_000_01]) {
      const split = lotissementTax(cost, CASABLANCA_TARIFF_2026);
      expect(split.authorisationCentimes + split.conformityCentimes).toBe(split.totalCentimes);
      expect(split.conformityCentimes).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('settlement file', () => {
  const header = 'date,merchant_id,order_id,amount,auth_code,status';
  const row = (order: string, amount: string, status = 'SETTLED') =>
    `2026-11-29,600000001,${order},${amount},A1,${status}`;
  const ours = (orderId: string, amountCentimes: number) => ({
    orderId,
    amountCentimes,
    applicationId: 'app',
    receiptNumber: 'X/2026/Q00001',
  });

  it('reports one missing, one extra, one amount mismatch and one duplicate, each once, nothing else', () => {
    const file = parseSettlementFile(
      `\uFEFF${[
        header,
        row('A', '10.00'),
        row('B', '20.01'),
        row('C', '30.00'),
        row('C', '30.00'),
        row('X', '5.00'),
        row('R', '7.00', 'REFUSED'),
      ].join('\r\n')}\r\n`,
    );
    expect(file).toMatchObject({ date: '2026-11-29', merchantId: '600000001' });
    const found = reconcile(file.rows, [ours('A', 1000), ours('B', 2000), ours('C', 3000), ours('D', 4000)]);
    expect(found).toEqual([
      { kind: 'AMOUNT_MISMATCH', orderId: 'B', bankCentimes: 2001, ourCentimes: 2000 },
      { kind: 'DUPLICATE', orderId: 'C', bankCentimes: 3000, occurrences: 2 },
      { kind: 'OURS_ONLY', orderId: 'D', ourCentimes: 4000 },
      { kind: 'BANK_ONLY', orderId: 'X', bankCentimes: 500 },
    ]);
    expect(reconcile(file.rows.slice(0, 3), [ours('A', 1000), ours('B', 2001), ours('C', 3000)])).toEqual([]);
  });

  it('refuses a file it cannot read exactly: columns, amounts, several days or merchants', () => {
    expect(() => parseSettlementFile('date,order_id,amount\n2026-11-29,A,1.00')).toThrow(/lacks merchant_id/);
    expect(() => parseSettlementFile(`${header}\n${row('A', '10,00')}`)).toThrow();
    expect(() => parseSettlementFile(`${header}\n${row('A', '10')}`)).toThrow(/two decimals/);
    expect(() =>
      parseSettlementFile(`${header}\n${row('A', '1.00')}\n2026-11-30,600000001,B,1.00,A,SETTLED`),
    ).toThrow(/one day/);
    expect(() => parseSettlementFile(header)).toThrow(/no transaction/);
  });

  it('exports the report with every cell inert in a spreadsheet (= + - @)', () => {
    const report: SettlementReport = {
      beneficiary: 'AURBA_CASA',
      date: '2026-11-29',
      merchantId: '600000001',
      fileSha256: 'x',
      importedAt: '2026-11-29T20:00:00.000Z',
      importedBy: 't',
      bankCount: 4,
      bankTotalCentimes: 0,
      ourCount: 0,
      ourTotalCentimes: 0,
      status: 'OPEN',
      discrepancies: ['=HYPERLINK("x")', '+1+1', '-2+3', '@SUM(A1)'].map((orderId) => ({
        kind: 'BANK_ONLY' as const,
        orderId,
        bankCentimes: 100,
      })),
    };
    const lines = settlementReportCsv(report).split('\r\n');
    expect(lines[0]).toBe('beneficiary,date,status,kind,orderId,bankAmountMad,ourAmountMad,occurrences');
    const cells = lines.slice(1, 5).map((l) => l.split(',')[4]);
    expect(cells).toEqual(['"\'=HYPERLINK(""x"")"', "'+1+1", "'-2+3", "'@SUM(A1)"]);
  });
});
