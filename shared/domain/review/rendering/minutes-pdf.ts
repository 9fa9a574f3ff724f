import { formatCasablancaDateTime, parseInstant } from '../../../documents/format.ts';
import { loadPdfEngine } from '../../../documents/load-engine.ts';
import type { Application } from '../../applications/application.ts';
import { applicantName } from '../../applications/application.ts';
import type { Commune, Province } from '../../geo/geo.ts';
import { CATALOGUE } from '../../procedures/catalogue.ts';
import type { Procedure } from '../../procedures/schema.ts';
import { minutesDocument } from '../signed-review.ts';

const OPINION_LABELS: Record<string, [string, string]> = {
  FAVOURABLE: ['Favorable', 'موافق'],
  FAVOURABLE_WITH_CONDITIONS: ['Favorable sous conditions', 'موافق بشروط'],
  UNFAVOURABLE: ['Défavorable', 'غير موافق'],
};

const agencyLabels = (code: string): [string, string] => {
  const agency = CATALOGUE.agencies.find((a) => a.code === code);
  return [agency?.labelFr ?? code, agency?.labelAr ?? code];
};

/**
 * The commission's minutes (procès-verbal) of a round as a French/Arabic PDF: the file, each
 * consulted agency's opinion (conditions, reasons, who gave it and whether it is signed), then the
 * members who signed the minutes with their key fingerprint and time-stamp. The PDF is a reading of
 * the signed minutes document (its SHA-256 is printed); the signatures are over that document,
 * checked at `GET /applications/{id}/signatures`. Deterministic: its date is the last signature's.
 */
export async function renderMinutesPdf(
  app: Application,
  procedure: Procedure,
  commune: Pick<Commune, 'nameFr' | 'nameAr'>,
  province: Pick<Province, 'nameFr' | 'nameAr'> | undefined,
): Promise<Uint8Array> {
  const document = minutesDocument(app);
  const signatures = app.minutes?.sha256 ? app.minutes.signatures : [];
  const at = signatures.at(-1)?.signedAt ?? document.opinions.at(-1)?.at ?? app.updatedAt;
  const reference = app.receiptNumber ?? app.id;
  const { BilingualWriter } = await loadPdfEngine();
  const w = await BilingualWriter.create(
    {
      title: `Procès-verbal de la commission ${reference}`,
      subject: `${procedure.labelFr} — ${commune.nameFr}`,
      author: commune.nameFr,
      keywords: [reference, app.id, `round ${document.round}`],
      language: 'fr-MA',
      at: parseInstant(at, 'signedAt'),
    },
    {
      fr: 'Procès-verbal établi par Rukhsa à partir des avis enregistrés et signés électroniquement',
      ar: 'محضر صادر عن منصة رخصة انطلاقا من الآراء المسجلة والموقعة إلكترونيا',
    },
  );
  w.letterhead({
    communeNameFr: commune.nameFr,
    communeNameAr: commune.nameAr,
    ...(province ? { provinceNameFr: province.nameFr, provinceNameAr: province.nameAr } : {}),
  });
  w.title('Procès-verbal de la commission', 'محضر اللجنة', `N° ${reference} — tour ${document.round}`);
  w.field('Procédure', [procedure.labelFr, procedure.labelAr], 'المسطرة');
  w.field('Pétitionnaire', applicantName(app.applicant), 'صاحب الطلب');
  w.field('Titre foncier', app.parcel.landTitle, 'الرسم العقاري');
  w.field('Adresse', app.parcel.address, 'العنوان');
  w.section('Avis des services consultés', 'آراء المصالح المستشارة');
  for (const o of document.opinions) {
    const [agencyFr, agencyAr] = agencyLabels(o.agency);
    const [valueFr, valueAr] = OPINION_LABELS[o.opinion] ?? [o.opinion, o.opinion];
    w.field(agencyFr, [valueFr, valueAr], agencyAr);
    w.field('Rendu le', formatCasablancaDateTime(o.at), 'بتاريخ');
    w.field(
      'Signature',
      o.signedDocumentSha256 ? `SHA-256 ${o.signedDocumentSha256}` : 'non signé / غير موقع',
      'التوقيع',
    );
    for (const c of o.conditions) w.item(c);
    for (const r of o.reasons) w.item(r.text ? `${r.reasonCode} — ${r.text}` : r.reasonCode);
  }
  w.section('Membres signataires', 'الأعضاء الموقعون');
  if (signatures.length === 0) w.paragraphs('Aucune signature à ce jour.', 'لا يوجد أي توقيع إلى حدود الآن.');
  for (const s of signatures) {
    const [agencyFr, agencyAr] = agencyLabels(s.signer.agencyId ?? '');
    w.field(agencyFr, [s.signer.name, s.signer.title], agencyAr);
    w.field('Horodatage', formatCasablancaDateTime(s.signedAt), 'الختم الزمني');
    w.field('Empreinte de la clé', s.fingerprint, 'بصمة المفتاح');
  }
  w.section('Vérification', 'التحقق');
  w.field('SHA-256 du procès-verbal', app.minutes?.sha256 ?? '—', 'بصمة المحضر');
  w.paragraphs(
    'Chaque signature (CMS détachée, horodatée par la plateforme) porte sur le document du procès-verbal en JSON canonique ; elle se vérifie avec le certificat de l’autorité de certification publié.',
    'كل توقيع ينصب على وثيقة المحضر بصيغة JSON القانونية، ويتم التحقق منه بواسطة شهادة سلطة التصديق المنشورة.',
  );
  return w.save();
}
