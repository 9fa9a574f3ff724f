import { PDFDict, PDFDocument, PDFName, type PDFRawStream, type PDFRef } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FontFace, loadFaces, type Weight } from '#shared/documents/fonts.ts';
import { shapeLine, wrapText } from '#shared/documents/text.ts';
import {
  type FilingReceipt,
  renderFilingReceiptPdf,
} from '#shared/domain/applications/rendering/filing-receipt-pdf.ts';
import { type PaymentReceipt, renderReceiptPdf } from '#shared/domain/payments/rendering/receipt-pdf.ts';
import { type PermitDocument, renderPermitPdf } from '#shared/domain/signing/rendering/permit-pdf.ts';
import { pdfTextItems, readPageQr, savePagePng } from '../support/pdf.ts';

// The machine is shared: a cold render parses five fonts.
const SLOW = 60_000;

let faces: Record<Weight, FontFace[]>;
beforeAll(async () => {
  faces = await loadFaces();
}, SLOW);

/** The characters of a shaped line in visual order (left to right), marks without text left out. */
const visual = (text: string, direction: 'ltr' | 'rtl' | 'auto' = 'auto') =>
  shapeLine(text, faces.regular, 10, direction)
    .glyphs.map((g) => g.text)
    .join('');
const reversed = (s: string) => Array.from(s).reverse().join('');

describe('shaping and ordering (shared/documents/text.ts)', () => {
  it('joins Arabic letters through the font’s contextual forms and lays the word out right to left', () => {
    const naskh = faces.regular.find((f) => f.arabic) as FontFace;
    const line = shapeLine('بيت', faces.regular, 10);
    expect(line.rtl).toBe(true);
    expect(visual('بيت')).toBe('تيب');
    // The initial beh is not the isolated (nominal) glyph: the GSUB `init` form was applied.
    const beh = line.glyphs.filter((g) => g.text === 'ب');
    expect(beh).toHaveLength(1);
    expect(beh[0]?.id).not.toBe(naskh.font.glyphForCodePoint('ب'.codePointAt(0) as number).id);
    // Its dot is a mark glyph (no text of its own) positioned by GPOS below the letter.
    expect(line.glyphs.some((g) => g.text === '' && g.y < 0)).toBe(true);
  });

  it('applies the required lam-alef forms (rlig), each glyph still mapped to its own letter', () => {
    const alef = (word: string) => shapeLine(word, faces.regular, 10).glyphs.find((g) => g.text === 'ا')?.id;
    // Final alef after lam takes the lam-alef shape, not the one it has after beh.
    expect(alef('سلا')).not.toBe(alef('سبا'));
    expect(visual('سلا')).toBe('الس');
  });

  it('keeps Latin names and numbers left to right inside an Arabic line', () => {
    expect(visual('الجماعة: Casablanca 2026')).toBe(`Casablanca 2026 :${reversed('الجماعة')}`);
    expect(visual('رقم 42')).toBe(`42 ${reversed('رقم')}`);
  });

  it('keeps an Arabic name right to left inside a French line', () => {
    expect(visual('Commune de الدار البيضاء n° 42')).toBe(`Commune de ${reversed('الدار البيضاء')} n° 42`);
  });

  it('mirrors brackets in right-to-left runs, mapping them back to the logical character', () => {
    const line = shapeLine('(مثال)', faces.regular, 10);
    const [first] = line.glyphs;
    expect(first?.text).toBe(')');
    // …drawn with the opening bracket's glyph, which looks right in a right-to-left run.
    expect(first?.id).toBe(first?.face.font.glyphForCodePoint('('.codePointAt(0) as number).id);
  });

  it('wraps a long Arabic paragraph into right-to-left lines that fit', () => {
    const text = 'يعتبر سكوت الإدارة بعد انصرام الأجل القانوني بمثابة موافقة '.repeat(4);
    const lines = wrapText(text, faces.regular, 10, 150);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) {
      expect(line.rtl).toBe(true);
      expect(line.width).toBeLessThanOrEqual(150);
    }
    expect(lines.map((l) => l.text).join(' ')).toBe(text.trim());
  });

  it('draws a character no face has as the empty box instead of failing', () => {
    expect(() => shapeLine('👷‍♀️ 漢', faces.regular, 10)).not.toThrow();
  });
});

const APPLICANT_AR = 'محمد بن عبد الله العلوي';
const COMMUNE_AR = 'الدار البيضاء';

const PERMIT: PermitDocument = {
  permitNumber: 'RK-CAS-CASABLANCA-2026-00042',
  issuedAt: '2026-11-29T10:15:00.000Z',
  procedureLabelFr: 'Permis de construire',
  procedureLabelAr: 'رخصة البناء',
  communeNameFr: 'Casablanca',
  communeNameAr: COMMUNE_AR,
  provinceNameFr: 'Préfecture de Casablanca',
  provinceNameAr: 'عمالة الدار البيضاء',
  receiptNumber: 'CAS-CASABLANCA/2026/00042',
  submittedAt: '2026-10-01T08:00:00.000Z',
  decidedAt: '2026-11-20T08:00:00.000Z',
  applicant: APPLICANT_AR,
  professional: 'Salma Bennani',
  parcel: { landTitle: '12345/C', address: '12 زنقة البرتقال، سلا' },
  conditions: ['Respecter l’alignement.', 'احترام خط التصفيف (المادة 12).'],
  fees: [
    {
      label: 'Taxe sur les opérations de construction',
      labelAr: 'الرسم على عمليات البناء',
      amountCentimes: 550_000,
    },
  ],
  quittanceNumbers: ['CAS-CASABLANCA/2026/Q00007'],
  signatory: { name: 'Karim Tazi', title: 'Président du conseil communal', keyFingerprint: 'ab'.repeat(32) },
  verificationUrl: 'https://rukhsa.ma/verify/RK-CAS-CASABLANCA-2026-00042',
};

const QUITTANCE: PaymentReceipt = {
  receiptNumber: 'CAS-CASABLANCA/2026/Q00042',
  paidAt: '2026-03-14T09:05:00.000Z',
  communeNameFr: 'Casablanca',
  communeNameAr: COMMUNE_AR,
  applicationReceiptNumber: 'CAS-CASABLANCA/2026/000123',
  applicationId: '01JQ5Z8X7K2M3N4P5Q6R7S8T9V',
  payerName: APPLICANT_AR,
  procedureLabelFr: 'Permis de construire — petit projet',
  procedureLabelAr: 'رخصة البناء — مشروع صغير',
  lines: [
    {
      label: 'Taxe sur les opérations de construction (120 m², logement individuel)',
      labelAr: 'الرسم على عمليات البناء',
      legalBasis: 'Loi 47-06, art. 50',
      beneficiary: 'Commune de Casablanca',
      amountCentimes: 300_000,
    },
  ],
  totalCentimes: 300_000,
  gateway: {
    orderId: 'ORD-7F3A9C',
    transactionId: '26073123456',
    authCode: 'P12345',
    maskedPan: '4111 11** **** 1111',
  },
};

const RECEIPT: FilingReceipt = {
  receiptNumber: 'CAS-CASABLANCA/2026/000123',
  submittedAt: '2026-10-01T08:00:00.000Z',
  applicationId: '01JQ5Z8X7K2M3N4P5Q6R7S8T9V',
  procedureLabelFr: 'Permis de construire',
  procedureLabelAr: 'رخصة البناء',
  communeNameFr: 'Casablanca',
  communeNameAr: COMMUNE_AR,
  applicant: APPLICANT_AR,
  professional: 'Salma Bennani',
  parcel: { landTitle: '12345/C', address: '12 rue des Orangers, Casablanca' },
  documents: [
    { labelFr: 'Plan de situation', labelAr: 'تصميم الموقع', version: 1, fileName: 'situation.pdf' },
    { labelFr: 'Plans architecturaux', labelAr: 'التصاميم المعمارية', version: 2 },
  ],
  legalDeadlineDays: 30,
  deadlineDate: '2026-10-31',
};

const documents = [
  { name: 'permit', render: () => renderPermitPdf(PERMIT) },
  { name: 'quittance', render: () => renderReceiptPdf(QUITTANCE) },
  { name: 'recepisse', render: () => renderFilingReceiptPdf(RECEIPT) },
];

describe.each(documents)('the $name PDF', ({ name, render }) => {
  it(
    'gives back the Arabic applicant and commune names, in logical order, to pdf.js',
    async () => {
      const items = await pdfTextItems(await render());
      expect(items).toContain(APPLICANT_AR);
      expect(items).toContain(COMMUNE_AR);
      // And the French side is there too.
      expect(items).toContain('Casablanca');
    },
    SLOW,
  );

  it(
    'renders the same bytes twice, on one A4 page, with its fonts embedded and subset',
    async () => {
      const [a, b] = [await render(), await render()];
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
      const doc = await PDFDocument.load(a, { updateMetadata: false });
      expect(doc.getPageCount()).toBe(1);
      const fonts = doc.context
        .enumerateIndirectObjects()
        .map(([, o]) => o)
        .filter(
          (o): o is PDFDict =>
            o instanceof PDFDict && o.get(PDFName.of('Type')) === PDFName.of('FontDescriptor'),
        );
      const names = fonts.map((f) => String(f.get(PDFName.of('FontName'))));
      expect(names.some((n) => /^\/[A-Z]{6}\+NotoNaskhArabic-/.test(n))).toBe(true);
      expect(names.some((n) => /^\/[A-Z]{6}\+NotoSans-/.test(n))).toBe(true);
      for (const font of fonts) {
        const program = doc.context.lookup(font.get(PDFName.of('FontFile2')) as PDFRef) as PDFRawStream;
        // A subset: a few kilobytes, where the source faces weigh 17 to 88 KB compressed.
        expect(program.getContents().length).toBeLessThan(40_000);
      }
    },
    SLOW,
  );

  it(
    'is saved as a page image for a person to look at',
    async () => {
      const file = await savePagePng(await render(), name);
      expect(file).toMatch(new RegExp(`documents/${name}\\.png$`));
    },
    SLOW,
  );
});

describe('the permit’s QR code', () => {
  it(
    'is read by a decoder from the rendered first page, carrying the verification URL',
    async () => {
      expect(await readPageQr(await renderPermitPdf(PERMIT))).toBe(PERMIT.verificationUrl);
    },
    SLOW,
  );

  it(
    'stays on the first page of a permit long enough for two, however dense its content',
    async () => {
      // A signed token makes the code denser; forty conditions push the text onto page 2.
      const qrContent = `${PERMIT.verificationUrl}#${'eyJhbGciOiJFUzI1NiJ9.'.padEnd(330, 'x')}`;
      const conditions = Array.from({ length: 40 }, (_, i) => `Condition ${i + 1} : respecter le plan.`);
      const bytes = await renderPermitPdf({ ...PERMIT, conditions, qrContent });
      expect((await PDFDocument.load(bytes)).getPageCount()).toBe(2);
      expect(await readPageQr(bytes, 1)).toBe(qrContent);
      expect(await readPageQr(bytes, 2)).toBeUndefined();
      // The text still flows in order: the last condition and the signature are on page 2.
      const items = await pdfTextItems(bytes);
      expect(items.indexOf('Condition 40 : respecter le plan.')).toBeLessThan(items.indexOf('Signataire'));
      await savePagePng(bytes, 'permit-long-page-1', 1);
    },
    SLOW,
  );
});
