import { formatCasablancaDateTime, parseInstant } from '../../../documents/format.ts';
import { loadPdfEngine } from '../../../documents/load-engine.ts';
import { formatMad } from '../../payments/tariffs.ts';

/**
 * The permit as an A4 PDF in French and Arabic (shared/documents: Arabic shaped and ordered, fonts
 * embedded and subset, text extractable in logical order). A QR code carries `qrContent` — an
 * opaque string from the signing use case — or else the verification URL.
 *
 * Deterministic: the same data renders the same bytes (metadata dates are the issue instant, no
 * document ID, subset names derived from their content), so the signed SHA-256 can be reproduced
 * from the record in a dispute.
 */
export interface PermitDocument {
  permitNumber: string;
  issuedAt: string;
  procedureLabelFr: string;
  procedureLabelAr: string;
  communeNameFr: string;
  communeNameAr: string;
  provinceNameFr: string;
  provinceNameAr: string;
  receiptNumber: string;
  submittedAt: string;
  decidedAt: string;
  /** As recorded: Arabic or Latin script. */
  applicant: string;
  professional: string;
  parcel: { landTitle: string; address: string };
  conditions: string[];
  fees: { label: string; labelAr?: string; amountCentimes: number }[];
  quittanceNumbers: string[];
  signatory: { name: string; title: string; keyFingerprint: string };
  verificationUrl: string;
  /** What the QR code encodes; the verification URL when absent. */
  qrContent?: string;
}

/** The signatory's preview: the same pages, marked unsigned on each, and a QR code with no token. */
const PREVIEW = {
  fr: 'APERÇU NON SIGNÉ — sans valeur juridique',
  ar: 'معاينة غير موقعة — بدون قيمة قانونية',
};

export async function renderPermitPdf(
  permit: PermitDocument,
  options: { preview?: boolean } = {},
): Promise<Uint8Array> {
  const issuedAt = parseInstant(permit.issuedAt, 'issuedAt');
  const preview = options.preview === true;
  const { BilingualWriter } = await loadPdfEngine();
  const w = await BilingualWriter.create(
    {
      title: `${preview ? 'Aperçu — ' : ''}Autorisation ${permit.permitNumber}`,
      subject: permit.permitNumber,
      author: permit.communeNameFr,
      keywords: [permit.permitNumber, permit.receiptNumber],
      language: 'fr-MA',
      at: issuedAt,
    },
    preview
      ? { fr: `${PREVIEW.fr} — ${permit.permitNumber}`, ar: `${PREVIEW.ar} — ${permit.permitNumber}` }
      : {
          fr: `Autorisation ${permit.permitNumber} — signée électroniquement, vérifiable en ligne`,
          ar: `رخصة موقعة إلكترونيا ويمكن التحقق منها عبر الإنترنت — ${permit.permitNumber}`,
        },
  );
  // The QR code sits at the foot of page 1, where a reader scans it, however long the permit.
  w.reserveQrBlock();
  w.letterhead({
    communeNameFr: permit.communeNameFr,
    communeNameAr: permit.communeNameAr,
    provinceNameFr: permit.provinceNameFr,
    provinceNameAr: permit.provinceNameAr,
  });
  w.title(permit.procedureLabelFr, permit.procedureLabelAr, `N° ${permit.permitNumber}`);
  if (preview) w.paragraphs(PREVIEW.fr, PREVIEW.ar);

  w.field('Délivrée le', `${formatCasablancaDateTime(permit.issuedAt)} (heure du Maroc)`, 'تاريخ التسليم');
  w.field('N° de récépissé', permit.receiptNumber, 'رقم وصل الإيداع');
  w.field('Demande déposée le', formatCasablancaDateTime(permit.submittedAt), 'تاريخ إيداع الطلب');
  w.field('Décision du', formatCasablancaDateTime(permit.decidedAt), 'تاريخ القرار');

  w.section('Bénéficiaire et projet', 'المستفيد والمشروع');
  w.field('Pétitionnaire', permit.applicant, 'صاحب الطلب');
  w.field('Professionnel', permit.professional, 'المهني');
  w.field('Commune', [permit.communeNameFr, permit.communeNameAr], 'الجماعة');
  w.field('Titre foncier', permit.parcel.landTitle, 'الرسم العقاري');
  w.field('Adresse', permit.parcel.address, 'العنوان');

  w.section('Conditions', 'الشروط');
  if (permit.conditions.length === 0) w.paragraphs('Aucune condition particulière.', 'لا توجد شروط خاصة.');
  for (const c of permit.conditions) w.item(c);

  w.section('Droits acquittés', 'الرسوم المؤداة');
  if (permit.fees.length === 0) w.paragraphs('Aucun droit dû.', 'لا توجد رسوم مستحقة.');
  for (const fee of permit.fees) {
    w.field(
      'Montant',
      [fee.label, ...(fee.labelAr ? [fee.labelAr] : []), formatMad(fee.amountCentimes)],
      'المبلغ',
    );
  }
  if (permit.quittanceNumbers.length > 0)
    w.field('Quittance(s)', permit.quittanceNumbers.join(', '), 'وصل الأداء');

  w.section('Signature électronique', 'التوقيع الإلكتروني');
  w.field('Signataire', [permit.signatory.name, permit.signatory.title], 'الموقع');
  w.field('Empreinte de la clé', permit.signatory.keyFingerprint, 'بصمة المفتاح', { size: 6.5 });
  w.field('Algorithme', 'ECDSA P-256 / SHA-256 (AWS KMS)', 'الخوارزمية');

  w.qrBlock(preview ? `${PREVIEW.fr} / ${PREVIEW.ar}` : (permit.qrContent ?? permit.verificationUrl), [
    { text: 'Vérifiez cette autorisation :', options: { direction: 'ltr' } },
    { text: permit.verificationUrl, options: { size: 8, direction: 'ltr' } },
    {
      text: 'La signature porte sur l’empreinte SHA-256 de ce fichier : toute modification la rend invalide.',
      options: { direction: 'ltr' },
    },
    {
      text: 'تحقق من صحة هذه الرخصة بمسح الرمز. أي تعديل على هذا الملف يبطل التوقيع.',
      options: { direction: 'rtl' },
    },
  ]);
  return w.save();
}
