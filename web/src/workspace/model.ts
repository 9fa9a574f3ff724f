import { APPLICATION_STATUSES } from '../../../shared/domain/applications/statuses.ts';
import { workingDaysBetween } from '../../../shared/domain/holidays.ts';
import type { paths } from '../api/schema.gen.ts';
import type { DayCount } from '../lib/days.ts';
import { href } from '../paths.ts';

/** The API's shapes the workspace works with (generated from docs/openapi.json). */
export type Application =
  paths['/applications/{applicationId}']['get']['responses'][200]['content']['application/json'];
export type ApplicationStatus = Application['status'];
export type NewApplicationBody = paths['/applications']['post']['requestBody'] extends {
  content: { 'application/json': infer B };
}
  ? B
  : never;
export type Catalogue = paths['/procedures']['get']['responses'][200]['content']['application/json'];
export type Procedure = Catalogue['procedures'][number];
export type DocumentRequirement = Procedure['documents'][number];
export type DocumentVersion = NonNullable<Application['documents'][string]>;
export type HistoryEvent =
  paths['/applications/{applicationId}/history']['get']['responses'][200]['content']['application/json']['events'][number];

/** The statuses in the order of a file's life: the domain's own list. */
export const STATUSES: readonly ApplicationStatus[] = APPLICATION_STATUSES;

/** Who files and completes files: a professional for clients, or a business for itself (its licences). */
export const isFiler = (roles: readonly string[]) =>
  roles.includes('professional') || roles.includes('business');

/** What the file waits for from the person looking at it, if anything (the "à faire" column). */
export type Action = 'complete' | 'resubmit' | 'pay' | 'download';
export function waitingOnMe(app: Pick<Application, 'status'>, roles: readonly string[]): Action | undefined {
  const pro = isFiler(roles);
  if (pro && app.status === 'DRAFT') return 'complete';
  if (pro && app.status === 'RETURNED_FOR_COMPLETION') return 'resubmit';
  if (app.status === 'AWAITING_PAYMENT') return 'pay';
  if (app.status === 'ISSUED') return 'download';
  return undefined;
}

/** The documents the procedure requires for this project's size, and the optional ones after them. */
export function checklist(procedure: Procedure, size: 'small' | 'large') {
  const required = (d: DocumentRequirement) =>
    d.mandatory === true || (d.mandatory === 'large' && size === 'large');
  return procedure.documents
    .map((d) => ({ ...d, required: required(d) }))
    .sort((a, b) => Number(b.required) - Number(a.required));
}

const DAY_MS = 86_400_000;
const dayNumber = (isoDate: string) => Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);

/** Today's calendar date in Casablanca (YYYY-MM-DD). */
export const casablancaToday = (now = new Date()) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Casablanca' }).format(now);

/**
 * The legal clock of a listed file from its own fields (the list has no clock call per row): days
 * used = allowed − days left to the deadline date, which the desk's returns already pushed back.
 * The file page shows the server's clock (`GET …/clock`).
 */
export function listClock(
  app: Pick<Application, 'status' | 'legalDeadlineDays' | 'deadlineDate'>,
  today = casablancaToday(),
  dayCount: DayCount = 'calendar',
): { used: number; allowed: number; dayCount: DayCount; paused: boolean; overdue: boolean } | undefined {
  if (!app.legalDeadlineDays || !app.deadlineDate) return undefined;
  // Days left to the deadline, counted as the procedure counts its delay (working days: weekends
  // and Moroccan public holidays excluded, as the server's clock does).
  const left =
    dayCount === 'working'
      ? workingDaysBetween(today, app.deadlineDate) - workingDaysBetween(app.deadlineDate, today)
      : dayNumber(app.deadlineDate) - dayNumber(today);
  const used = Math.max(0, app.legalDeadlineDays - left);
  return {
    used,
    allowed: app.legalDeadlineDays,
    dayCount,
    paused: app.status === 'RETURNED_FOR_COMPLETION',
    overdue: left < 0 && ['SUBMITTED', 'IN_COMMISSION', 'READY_FOR_DECISION'].includes(app.status),
  };
}

export const applicantLabel = (a: Application['applicant']) =>
  a.kind === 'person' ? `${a.firstName} ${a.lastName}` : a.name;

/** Free-text search over what people remember of a file: receipt number, applicant, address, land title, commune. */
export function matches(app: Application, needle: string, communeName = ''): boolean {
  const q = needle.trim().toLowerCase();
  if (!q) return true;
  return [
    app.receiptNumber ?? '',
    applicantLabel(app.applicant),
    app.parcel.address,
    app.parcel.landTitle,
    app.communeId,
    communeName,
    app.project.description,
  ].some((s) => s.toLowerCase().includes(q));
}

/** Where to go after signing in: a `next` workspace path of this site (in the current language), else the workspace. */
export function afterSignIn(next: string | null, l: 'fr' | 'ar'): string {
  if (next && /^\/(fr|ar)\/espace(\/[\w/-]*)?(\?[^#]*)?$/.test(next))
    return next.replace(/^\/(fr|ar)/, `/${l}`);
  return href('workspace', l);
}
