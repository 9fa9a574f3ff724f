import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { formatCasablancaDateTime } from '#shared/documents/format.ts';
import {
  paymentStatusPage,
  SIMULATOR_BANNER,
  simulatorPage,
} from '#shared/domain/payments/rendering/pages.ts';
import { type PaymentReceipt, renderReceiptPdf } from '#shared/domain/payments/rendering/receipt-pdf.ts';

const RECEIPT: PaymentReceipt = {
  receiptNumber: 'CAS-CASABLANCA/2026/Q00042',
  paidAt: '2026-03-14T09:05:00.000Z',
  communeNameFr: 'Casablanca',
  communeNameAr: 'الدار البيضاء',
  applicationReceiptNumber: 'CAS-CASABLANCA/2026/000123',
  applicationId: '01JQ5Z8X7K2M3N4P5Q6R7S8T9V',
  payerName: 'Yasmine El Idrissi',
  procedureLabelFr: 'Permis de construire — petit projet',
  procedureLabelAr: 'رخصة البناء — مشروع صغير',
  lines: [
    {
      label: 'Taxe sur les opérations de construction (120 m², logement individuel)',
      legalBasis: 'Loi 47-06, art. 50 ; arrêté fiscal de Casablanca',
      beneficiary: 'Commune de Casablanca',
      amountCentimes: 300_000,
    },
    {
      label: 'Frais de dossier',
      legalBasis: 'Arrêté fiscal communal',
      beneficiary: 'Commune de Casablanca',
      amountCentimes: 2_500,
    },
  ],
  totalCentimes: 302_500,
  gateway: {
    orderId: 'ORD-7F3A9C',
    transactionId: '26073123456',
    authCode: 'P12345',
    maskedPan: '4111 11** **** 1111',
  },
};

const header = (bytes: Uint8Array): string => new TextDecoder('latin1').decode(bytes.subarray(0, 5));

describe('renderReceiptPdf', () => {
  it('renders a one-page A4 PDF whose metadata names the receipt', async () => {
    const bytes = await renderReceiptPdf(RECEIPT);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(header(bytes)).toBe('%PDF-');

    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(doc.getPageCount()).toBe(1);
    const page = doc.getPage(0);
    expect(page.getWidth()).toBeCloseTo(595.28, 1);
    expect(page.getHeight()).toBeCloseTo(841.89, 1);
    expect(doc.getTitle()).toContain('CAS-CASABLANCA/2026/Q00042');
    expect(doc.getProducer()).toBe('Rukhsa');
    expect(doc.getSubject()).toContain('CAS-CASABLANCA/2026/000123');
    expect(doc.getCreationDate()?.toISOString()).toBe(RECEIPT.paidAt);
    expect(doc.getModificationDate()?.toISOString()).toBe(RECEIPT.paidAt);
  });

  it('does not throw on Arabic, emoji, control characters or a very long label', async () => {
    const longWord = 'Supercalifragilistique'.repeat(20);
    const bytes = await renderReceiptPdf({
      ...RECEIPT,
      communeNameFr: 'Jamaâ Shaim — Ōkubo ş ț',
      payerName: 'ياسمين الإدريسي 🏗️👷‍♀️',
      procedureLabelFr: 'Permis\nde\tconstruire',
      lines: [
        {
          label: `${'Taxe sur les opérations de construction '.repeat(15)}${longWord}`,
          legalBasis: 'قانون 47-06',
          beneficiary: `Commune 🏛️ ${longWord}`,
          amountCentimes: 123_456_789,
        },
        ...RECEIPT.lines,
      ],
      gateway: { orderId: 'ORD-😀' },
    });
    expect(header(bytes)).toBe('%PDF-');
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
  });

  it('starts a new page instead of overflowing when there are many lines', async () => {
    const lines = Array.from({ length: 80 }, (_, i) => ({
      label: `Ligne ${i + 1}`,
      legalBasis: 'Loi 47-06',
      beneficiary: 'Commune',
      amountCentimes: 100,
    }));
    const bytes = await renderReceiptPdf({ ...RECEIPT, lines, totalCentimes: 8_000 });
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBeGreaterThan(1);
  });

  it('is deterministic: the same receipt renders identical bytes', async () => {
    const a = await renderReceiptPdf(RECEIPT);
    const b = await renderReceiptPdf(structuredClone(RECEIPT));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('rejects an invalid paidAt', async () => {
    await expect(renderReceiptPdf({ ...RECEIPT, paidAt: 'yesterday' })).rejects.toThrow(/paidAt/);
  });

  it('formats the date in Moroccan legal time as DD/MM/YYYY HH:mm', () => {
    // Morocco is UTC+1 outside Ramadan.
    expect(formatCasablancaDateTime('2026-01-05T23:30:00Z')).toBe('06/01/2026 00:30');
  });
});

describe('paymentStatusPage', () => {
  it('escapes a malicious order id and is not indexed', () => {
    const html = paymentStatusPage({
      orderId: '<script>alert("x")</script>',
      status: 'PENDING',
      language: 'fr',
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).not.toMatch(/<(link|script|img|iframe)\b/i);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('says the bank confirmation is what counts and that pending may take a minute', () => {
    const html = paymentStatusPage({
      orderId: 'ORD-1',
      status: 'PENDING',
      amountCentimes: 302_500,
      language: 'fr',
    });
    expect(html).toContain('lang="fr" dir="ltr"');
    expect(html).toContain('en attente de confirmation');
    expect(html).toContain('une minute');
    expect(html).toContain('fait foi');
    expect(html).toContain('3,025.00 MAD');
  });

  it('shows the approved receipt references', () => {
    const html = paymentStatusPage({
      orderId: 'ORD-1',
      status: 'APPROVED',
      amountCentimes: 302_500,
      applicationReceiptNumber: 'CAS-CASABLANCA/2026/000123',
      receiptNumber: 'CAS-CASABLANCA/2026/Q00042',
      language: 'fr',
    });
    expect(html).toContain('Paiement accepté');
    expect(html).toContain('CAS-CASABLANCA/2026/000123');
    expect(html).toContain('CAS-CASABLANCA/2026/Q00042');
  });

  it('renders the Arabic version right-to-left', () => {
    const html = paymentStatusPage({ orderId: 'ORD-1', status: 'DECLINED', language: 'ar' });
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('تم رفض الأداء');
    expect(html).toContain('<bdi dir="ltr">ORD-1</bdi>');
    expect(html).toContain('البنك');
  });
});

describe('simulatorPage', () => {
  const gatewayFields = {
    clientid: '600000000',
    oid: 'ORD-<b>42</b>',
    amount: '3025.00',
    okUrl: 'https://example.test/ok?a=1&b=2',
    hash: 'abc+/="\'',
  };
  const html = simulatorPage({
    gatewayFields,
    amountCentimes: 302_500,
    decisionUrl: '/cmi-simulator/decision',
  });

  it('shows the red banner, the amount and the escaped order id', () => {
    expect(html).toContain(SIMULATOR_BANNER);
    expect(html).toContain('SIMULATEUR — aucun paiement réel / محاكي — لا يوجد أداء حقيقي');
    expect(html).toContain('3,025.00 MAD');
    expect(html).toContain('ORD-&lt;b&gt;42&lt;/b&gt;');
    expect(html).not.toContain('<b>42');
    expect(html).toContain('<meta name="robots" content="noindex">');
  });

  it('has an approve form and a decline form posting to decisionUrl', () => {
    const forms =
      html.match(/<form method="post" action="\/cmi-simulator\/decision">[\s\S]*?<\/form>/g) ?? [];
    expect(forms).toHaveLength(2);
    expect(forms[0]).toContain('<input type="hidden" name="decision" value="approve">');
    expect(forms[0]).toContain('Approuver');
    expect(forms[1]).toContain('<input type="hidden" name="decision" value="decline">');
    expect(forms[1]).toContain('Refuser');
    for (const form of forms) {
      expect(form).toContain('<input type="hidden" name="clientid" value="600000000">');
      expect(form).toContain('<input type="hidden" name="oid" value="ORD-&lt;b&gt;42&lt;/b&gt;">');
      expect(form).toContain('<input type="hidden" name="amount" value="3025.00">');
      expect(form).toContain(
        '<input type="hidden" name="okUrl" value="https://example.test/ok?a=1&amp;b=2">',
      );
      expect(form).toContain('<input type="hidden" name="hash" value="abc+/=&quot;&#39;">');
    }
  });

  it('refuses a javascript: decision URL and a reserved field name', () => {
    expect(() =>
      simulatorPage({ gatewayFields, amountCentimes: 1, decisionUrl: 'javascript:alert(1)' }),
    ).toThrow(/decisionUrl/);
    expect(() =>
      simulatorPage({ gatewayFields: { decision: 'approve' }, amountCentimes: 1, decisionUrl: '/x' }),
    ).toThrow(/decision/);
  });

  it('accepts an absolute http(s) decision URL, escaped', () => {
    const page = simulatorPage({
      gatewayFields: {},
      amountCentimes: 1,
      decisionUrl: 'http://localhost:3000/d?a=1&b=2',
    });
    expect(page).toContain('action="http://localhost:3000/d?a=1&amp;b=2"');
  });
});
