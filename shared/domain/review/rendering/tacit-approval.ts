import type { Application } from '../../applications/application.ts';
import { applicantName } from '../../applications/application.ts';
import type { Commune } from '../../geo/geo.ts';
import { escapeHtml } from '../../notifications/rendering.ts';
import type { Procedure } from '../../procedures/schema.ts';

/**
 * Printable attestation that silence past the legal deadline counted as consent (law 55-19), in
 * French and Arabic side by side. Values are escaped; the page carries no script.
 */
export function tacitApprovalAttestation(
  app: Application,
  procedure: Procedure,
  commune: Pick<Commune, 'nameFr' | 'nameAr'>,
): string {
  const e = (value: unknown) => escapeHtml(String(value ?? ''));
  const decidedAt = app.decision?.decidedAt?.slice(0, 10) ?? '';
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Attestation d'autorisation tacite ${e(app.receiptNumber)}</title>
<style>body{font-family:serif;margin:2cm}section{margin-bottom:2em}.ar{direction:rtl;text-align:right;font-family:'Amiri','Noto Naskh Arabic',serif}th{text-align:start;padding-right:1em}</style></head>
<body>
<section lang="fr">
<h1>Attestation d'autorisation tacite</h1>
<p>En application de la loi n° 55-19 relative à la simplification des procédures et formalités administratives, le silence
de l'administration au-delà du délai légal vaut accord.</p>
<table>
<tr><th>Récépissé</th><td>${e(app.receiptNumber)}</td></tr>
<tr><th>Procédure</th><td>${e(procedure.labelFr)}</td></tr>
<tr><th>Commune</th><td>${e(commune.nameFr)}</td></tr>
<tr><th>Pétitionnaire</th><td>${e(applicantName(app.applicant))}</td></tr>
<tr><th>Parcelle</th><td>${e(app.parcel.landTitle)} — ${e(app.parcel.address)}</td></tr>
<tr><th>Déposé le</th><td>${e(app.submittedAt?.slice(0, 10))}</td></tr>
<tr><th>Délai légal expiré le</th><td>${e(app.deadlineDate)}</td></tr>
<tr><th>Accord tacite constaté le</th><td>${e(decidedAt)}</td></tr>
</table>
</section>
<section lang="ar" dir="rtl" class="ar">
<h1>شهادة الموافقة الضمنية</h1>
<p>تطبيقا للقانون رقم 55.19 المتعلق بتبسيط المساطر والإجراءات الإدارية، يعتبر سكوت الإدارة بعد انصرام الأجل القانوني بمثابة موافقة.</p>
<table>
<tr><th>رقم وصل الإيداع</th><td>${e(app.receiptNumber)}</td></tr>
<tr><th>المسطرة</th><td>${e(procedure.labelAr)}</td></tr>
<tr><th>الجماعة</th><td>${e(commune.nameAr)}</td></tr>
<tr><th>صاحب الطلب</th><td>${e(applicantName(app.applicant))}</td></tr>
<tr><th>تاريخ الإيداع</th><td>${e(app.submittedAt?.slice(0, 10))}</td></tr>
<tr><th>انصرام الأجل القانوني</th><td>${e(app.deadlineDate)}</td></tr>
<tr><th>تاريخ معاينة الموافقة الضمنية</th><td>${e(decidedAt)}</td></tr>
</table>
</section>
<p>Référence / المرجع : ${e(app.id)}</p>
</body></html>
`;
}
