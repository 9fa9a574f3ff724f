import { formatCasablancaDateTime, formatDate, parseInstant } from '../../../documents/format.ts';
import { loadPdfEngine } from '../../../documents/load-engine.ts';
import type { Procedure } from '../../procedures/schema.ts';
import type { Application } from '../application.ts';
import { applicantName } from '../application.ts';

/**
 * The filing receipt (récépissé de dépôt), given when an application is submitted: its number and
 * instant, who filed what, in which commune, the documents received and the legal deadline from
 * which silence counts as consent (law 55-19). French and Arabic; deterministic (the submission
 * instant is the only date in the file).
 */
export interface FilingReceipt {
  receiptNumber: string;
  submittedAt: string;
  applicationId: string;
  procedureLabelFr: string;
  procedureLabelAr: string;
  communeNameFr: string;
  communeNameAr: string;
  provinceNameFr?: string;
  provinceNameAr?: string;
  /** As recorded: Arabic or Latin script. */
  applicant: string;
  professional: string;
  parcel: { landTitle: string; address: string };
  documents: { labelFr: string; labelAr: string; version: number; fileName?: string }[];
  legalDeadlineDays: number;
  /** How the deadline counts its days (the procedure's): working days skip weekends and holidays. */
  dayCount?: 'calendar' | 'working';
  /** `YYYY-MM-DD`. */
  deadlineDate: string;
}

/** The receipt's content from the recorded application (documents in the procedure's order). */
export function filingReceiptOf(
  app: Application,
  procedure: Procedure,
  places: { communeNameFr: string; communeNameAr: string; provinceNameFr?: string; provinceNameAr?: string },
  professional: string,
): FilingReceipt {
  if (!app.receiptNumber || !app.submittedAt || !app.deadlineDate || !app.legalDeadlineDays) {
    throw new Error(`Application ${app.id} has no filing receipt: it was never submitted`);
  }
  const documents = procedure.documents.flatMap((requirement) => {
    const version = app.documents[requirement.code];
    return version
      ? [
          {
            labelFr: requirement.labelFr,
            labelAr: requirement.labelAr,
            version: version.version,
            ...(version.fileName ? { fileName: version.fileName } : {}),
          },
        ]
      : [];
  });
  return {
    receiptNumber: app.receiptNumber,
    submittedAt: app.submittedAt,
    applicationId: app.id,
    procedureLabelFr: procedure.labelFr,
    procedureLabelAr: procedure.labelAr,
    ...places,
    applicant: applicantName(app.applicant),
    professional,
    parcel: { landTitle: app.parcel.landTitle, address: app.parcel.address },
    documents,
    legalDeadlineDays: app.legalDeadlineDays,
    dayCount: procedure.deadline.calendar,
    deadlineDate: app.deadlineDate,
  };
}

export async function renderFilingReceiptPdf(receipt: FilingReceipt): Promise<Uint8Array> {
  const { BilingualWriter } = await loadPdfEngine();
  const w = await BilingualWriter.create(
    {
      title: `Récépissé de dépôt ${receipt.receiptNumber}`,
      subject: `${receipt.procedureLabelFr} — ${receipt.communeNameFr}`,
      author: receipt.communeNameFr,
      keywords: [receipt.receiptNumber, receipt.applicationId],
      language: 'fr-MA',
      at: parseInstant(receipt.submittedAt, 'submittedAt'),
    },
    {
      fr: 'Récépissé délivré par Rukhsa, guichet unique dématérialisé de la commune',
      ar: 'وصل صادر عن منصة رخصة، الشباك الوحيد اللامادي للجماعة',
    },
  );
  w.letterhead(receipt);
  w.title('Récépissé de dépôt', 'وصل إيداع', `N° ${receipt.receiptNumber}`);

  w.field('Déposée le', `${formatCasablancaDateTime(receipt.submittedAt)} (heure du Maroc)`, 'تاريخ الإيداع');
  w.field('Procédure', [receipt.procedureLabelFr, receipt.procedureLabelAr], 'المسطرة');
  w.field('Commune', [receipt.communeNameFr, receipt.communeNameAr], 'الجماعة');
  w.field('Identifiant', receipt.applicationId, 'المعرف');

  w.section('Pétitionnaire et projet', 'صاحب الطلب والمشروع');
  w.field('Pétitionnaire', receipt.applicant, 'صاحب الطلب');
  w.field('Professionnel', receipt.professional, 'المهني');
  w.field('Titre foncier', receipt.parcel.landTitle, 'الرسم العقاري');
  w.field('Adresse', receipt.parcel.address, 'العنوان');

  w.section(
    `Pièces reçues (${receipt.documents.length})`,
    `الوثائق المتوصل بها (${receipt.documents.length})`,
  );
  for (const d of receipt.documents) {
    w.field(
      `v${d.version}`,
      [d.labelFr, d.labelAr, ...(d.fileName ? [d.fileName] : [])],
      `النسخة ${d.version}`,
      {
        size: 9,
      },
    );
  }

  w.section('Délai légal', 'الأجل القانوني');
  const working = receipt.dayCount === 'working';
  w.field(
    'Délai',
    working
      ? `${receipt.legalDeadlineDays} jours ouvrables — ${receipt.legalDeadlineDays} يوم عمل`
      : `${receipt.legalDeadlineDays} jours — ${receipt.legalDeadlineDays} يوما`,
    'الأجل',
  );
  w.field('Échéance', formatDate(receipt.deadlineDate), 'تاريخ انصرام الأجل', { weight: 'bold' });
  w.gap(4);
  w.paragraphs(
    'En application de la loi n° 55-19, le silence de l’administration au-delà de cette échéance vaut accord ; une attestation d’autorisation tacite peut alors être téléchargée.',
    'تطبيقا للقانون رقم 55.19، يعتبر سكوت الإدارة بعد انصرام هذا الأجل بمثابة موافقة، ويمكن حينئذ تحميل شهادة الموافقة الضمنية.',
  );
  return w.save();
}
