import type { Principal } from '../identity/principal.ts';
import { lateFilesDigest } from '../notifications/messages/late-files-digest.ts';
import type { EmailSender } from '../notifications/ports.ts';
import { renderEmail } from '../notifications/render.ts';
import type { StaffMember } from '../rollout/staff.ts';
import type { Phase } from './clock.ts';
import { type OverdueDeps, overdueWorklist } from './overdue.ts';

const STEP_NAMES: Record<'fr' | 'ar', Record<Phase, string>> = {
  fr: { ADMISSIBILITY: 'recevabilité', REVIEW: 'instruction', DECISION: 'décision' },
  ar: { ADMISSIBILITY: 'القبول', REVIEW: 'الدراسة', DECISION: 'القرار' },
};

/**
 * The daily digest of late files: each ACTIVE province contact gets, in their language, the late
 * files of their province by commune and step (nothing when none is late).
 */
export async function sendLateDigests(
  deps: OverdueDeps & {
    staff: { listAll(): Promise<StaffMember[]> };
    mailer: EmailSender;
    loginUrl?: string;
  },
  now: Date,
  provinceIds?: readonly string[],
): Promise<{ sent: number; lateFiles: number }> {
  const contacts = (await deps.staff.listAll()).filter(
    (m) =>
      m.status === 'ACTIVE' &&
      m.roles.includes('province_contact') &&
      m.scope.provinceId &&
      (!provinceIds || provinceIds.includes(m.scope.provinceId)),
  );
  let sent = 0;
  let lateFiles = 0;
  for (const contact of contacts) {
    const principal: Principal = {
      userId: contact.username,
      username: contact.username,
      roles: ['province_contact'],
      scope: { provinceId: contact.scope.provinceId as string },
    };
    const view = await overdueWorklist(deps, principal, {}, now);
    const count = view.communes.reduce((n, c) => n + c.files.length, 0);
    if (count === 0) continue;
    lateFiles += count;
    const lang = contact.preferredLanguage;
    const email = renderEmail(lateFilesDigest, lang, {
      applicationId: '-',
      procedureLabelFr: '-',
      procedureLabelAr: '-',
      communeNameFr: '-',
      communeNameAr: '-',
      recipientName: `${contact.firstName} ${contact.lastName}`,
      ...(deps.loginUrl ? { loginUrl: deps.loginUrl } : {}),
      lateCount: count,
      lateCommunes: view.communes.map((c) => ({
        name: lang === 'fr' ? c.communeNameFr : c.communeNameAr,
        detail: (Object.entries(c.byStep) as [Phase, number][])
          .filter(([, n]) => n > 0)
          .map(([step, n]) => `${STEP_NAMES[lang][step]} ${n}`)
          .join(lang === 'fr' ? ', ' : '، '),
      })),
    });
    await deps.mailer.send({ to: contact.email, ...email });
    sent++;
  }
  return { sent, lateFiles };
}
