import { formatCasablancaDateTime, formatDate, parseInstant } from '../../../documents/format.ts';
import { loadPdfEngine } from '../../../documents/load-engine.ts';
import type { Application } from '../../applications/application.ts';
import { applicantName } from '../../applications/application.ts';
import type { Commune } from '../../geo/geo.ts';
import type { Procedure } from '../../procedures/schema.ts';

/**
 * The attestation that silence past the legal deadline counted as consent (law 55-19), as a
 * French/Arabic PDF (the printable HTML page says the same). Deterministic: its only date is the
 * recorded instant the tacit approval was established.
 */
export async function renderTacitApprovalPdf(
  app: Application,
  procedure: Procedure,
  commune: Pick<Commune, 'nameFr' | 'nameAr'>,
): Promise<Uint8Array> {
  const decidedAt = app.decision?.decidedAt;
  if (app.status !== 'TACITLY_APPROVED' || !decidedAt || !app.receiptNumber || !app.submittedAt) {
    throw new Error(`Application ${app.id} is not tacitly approved`);
  }
  const { BilingualWriter } = await loadPdfEngine();
  const w = await BilingualWriter.create(
    {
      title: `Attestation d'autorisation tacite ${app.receiptNumber}`,
      subject: `${procedure.labelFr} — ${commune.nameFr}`,
      author: commune.nameFr,
      keywords: [app.receiptNumber, app.id],
      language: 'fr-MA',
      at: parseInstant(decidedAt, 'decidedAt'),
    },
    {
      fr: 'Attestation délivrée par Rukhsa au vu du dossier électronique',
      ar: 'شهادة صادرة عن منصة رخصة بناء على الملف الإلكتروني',
    },
  );
  w.letterhead({ communeNameFr: commune.nameFr, communeNameAr: commune.nameAr });
  w.title("Attestation d'autorisation tacite", 'شهادة الموافقة الضمنية', `N° ${app.receiptNumber}`);
  w.paragraphs(
    'En application de la loi n° 55-19 relative à la simplification des procédures et formalités administratives, le silence de l’administration au-delà du délai légal vaut accord.',
    'تطبيقا للقانون رقم 55.19 المتعلق بتبسيط المساطر والإجراءات الإدارية، يعتبر سكوت الإدارة بعد انصرام الأجل القانوني بمثابة موافقة.',
  );
  w.field('Procédure', [procedure.labelFr, procedure.labelAr], 'المسطرة');
  w.field('Commune', [commune.nameFr, commune.nameAr], 'الجماعة');
  w.field('Pétitionnaire', applicantName(app.applicant), 'صاحب الطلب');
  w.field('Titre foncier', app.parcel.landTitle, 'الرسم العقاري');
  w.field('Adresse', app.parcel.address, 'العنوان');
  w.field('Déposée le', formatCasablancaDateTime(app.submittedAt), 'تاريخ الإيداع');
  if (app.deadlineDate)
    w.field('Délai légal expiré le', formatDate(app.deadlineDate), 'انصرام الأجل القانوني');
  w.field('Accord tacite constaté le', formatCasablancaDateTime(decidedAt), 'تاريخ معاينة الموافقة الضمنية');
  w.field('Référence', app.id, 'المرجع');
  return w.save();
}
