import { formatCasablancaDateTime, parseInstant } from '../../../documents/format.ts';
import { loadPdfEngine } from '../../../documents/load-engine.ts';
import { formatMad } from '../tariffs.ts';

/**
 * The payment receipt (quittance) as an A4 PDF in French and Arabic (shared/documents: Arabic
 * shaped and ordered, fonts embedded and subset, text extractable in logical order). Any text
 * prints: a character no embedded face has becomes the face's empty box, never an error.
 *
 * The output is deterministic: the metadata dates are the payment instant, pdf-lib writes no
 * document ID, and nothing else depends on the clock — the same receipt renders the same bytes.
 */

export interface PaymentReceiptLine {
  label: string;
  labelAr?: string;
  legalBasis: string;
  beneficiary: string;
  amountCentimes: number;
}

export interface PaymentReceipt {
  /** The payment receipt's own number, e.g. `CAS-CASABLANCA/2026/Q00042`. */
  receiptNumber: string;
  /** ISO instant of the bank's approval. */
  paidAt: string;
  communeNameFr: string;
  communeNameAr: string;
  /** The application's récépissé (filing receipt) number. */
  applicationReceiptNumber: string;
  applicationId: string;
  /** As recorded: Arabic or Latin script. */
  payerName: string;
  procedureLabelFr: string;
  procedureLabelAr: string;
  lines: PaymentReceiptLine[];
  totalCentimes: number;
  gateway: { orderId: string; transactionId?: string; authCode?: string; maskedPan?: string };
}

export const RECEIPT_FOOTER = {
  fr: 'Document généré par Rukhsa — vérifiable auprès de la trésorerie communale',
  ar: 'وثيقة صادرة عن منصة رخصة — يمكن التحقق منها لدى الخزينة الجماعية',
};

/** Renders the receipt; throws only on an invalid `paidAt`. */
export async function renderReceiptPdf(receipt: PaymentReceipt): Promise<Uint8Array> {
  const { BilingualWriter } = await loadPdfEngine();
  const w = await BilingualWriter.create(
    {
      title: `Quittance de paiement ${receipt.receiptNumber}`,
      subject: `Paiement de la demande ${receipt.applicationReceiptNumber} — ${receipt.communeNameFr}`,
      author: receipt.communeNameFr,
      keywords: [receipt.receiptNumber, receipt.applicationReceiptNumber],
      language: 'fr-MA',
      at: parseInstant(receipt.paidAt, 'paidAt'),
    },
    RECEIPT_FOOTER,
  );
  w.letterhead({ communeNameFr: receipt.communeNameFr, communeNameAr: receipt.communeNameAr });
  w.title('Quittance de paiement', 'وصل الأداء', `N° ${receipt.receiptNumber}`);

  w.field('Date du paiement', `${formatCasablancaDateTime(receipt.paidAt)} (heure du Maroc)`, 'تاريخ الأداء');
  w.field('Payé par', receipt.payerName, 'المؤدي');

  w.section('Demande', 'الطلب');
  w.field('Procédure', [receipt.procedureLabelFr, receipt.procedureLabelAr], 'المسطرة');
  w.field('Commune', [receipt.communeNameFr, receipt.communeNameAr], 'الجماعة');
  w.field('N° de récépissé', receipt.applicationReceiptNumber, 'رقم وصل الإيداع');
  w.field('Identifiant', receipt.applicationId, 'المعرف');

  w.section('Détail des sommes payées', 'تفصيل المبالغ المؤداة');
  for (const [i, line] of receipt.lines.entries()) {
    w.field(
      `${i + 1}. ${formatMad(line.amountCentimes)}`,
      [
        line.label,
        ...(line.labelAr ? [line.labelAr] : []),
        ...(line.legalBasis.trim() ? [`Base légale : ${line.legalBasis}`] : []),
        `Bénéficiaire : ${line.beneficiary}`,
      ],
      `المبلغ ${formatMad(line.amountCentimes)}`,
    );
  }
  w.field('Total payé', formatMad(receipt.totalCentimes), 'المجموع المؤدى', { weight: 'bold', size: 11 });

  w.section('Références du paiement en ligne (CMI)', 'مراجع الأداء الإلكتروني');
  w.field('N° de commande', receipt.gateway.orderId, 'رقم الطلبية');
  if (receipt.gateway.transactionId)
    w.field('N° de transaction', receipt.gateway.transactionId, 'رقم المعاملة');
  if (receipt.gateway.authCode) w.field("Code d'autorisation", receipt.gateway.authCode, 'رمز الترخيص');
  if (receipt.gateway.maskedPan) w.field('Carte', receipt.gateway.maskedPan, 'البطاقة');

  return w.save();
}
