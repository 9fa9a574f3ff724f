import { canRead } from '../applications/access.ts';
import { type Application, applicantName, PUBLIC_EVENT_TYPES } from '../applications/application.ts';
import type { ApplicationRepository } from '../applications/ports.ts';
import { DomainError } from '../errors.ts';
import { hasRole, type Principal } from '../identity/principal.ts';
import type { AttemptCounter, SearchIndex } from './ports.ts';
import { compact, normalizeTerm } from './terms.ts';

export interface SearchDeps {
  applications: Pick<ApplicationRepository, 'get' | 'events'>;
  search: SearchIndex;
}

/** How many index entries one search reads before the caller's scope filters them. */
const SEARCH_LIMIT = 50;

/** The narrowest part of the index the caller may see: their commune, their province, or everything. */
function scopePrefix(principal: Principal): string {
  const { provinceId, communeId } = principal.scope;
  if (
    hasRole(principal, 'ministry_admin') ||
    hasRole(principal, 'professional') ||
    hasRole(principal, 'applicant')
  )
    return '';
  if (provinceId && communeId && hasRole(principal, 'desk_agent', 'signatory', 'commune_treasurer'))
    return `${provinceId}#${communeId}#`;
  return provinceId ? `${provinceId}#` : '\u0000';
}

export const searchResult = (app: Application) => ({
  id: app.id,
  status: app.status,
  procedureCode: app.procedureCode,
  communeId: app.communeId,
  applicantName: applicantName(app.applicant),
  landTitle: app.parcel.landTitle,
  ...(app.receiptNumber ? { receiptNumber: app.receiptNumber } : {}),
  ...(app.submittedAt ? { submittedAt: app.submittedAt } : {}),
  ...(app.deadlineDate ? { deadlineDate: app.deadlineDate } : {}),
  ...(app.permit ? { permitNumber: app.permit.number } : {}),
});

/**
 * Files matching a receipt number, land title, applicant name or CIN, or permit number, among those
 * the caller may read (the same rule as opening the file): another commune's desk finds nothing.
 */
export async function searchApplications(deps: SearchDeps, principal: Principal, q: string) {
  const term = normalizeTerm(q);
  if (term.length < 3) {
    // 422: any text is a well-formed query (its letters and digits are counted once normalised).
    throw new DomainError({
      kind: 'unprocessable',
      type: 'search-too-short',
      title: 'Search too short',
      detail:
        'Search with at least 3 letters or digits: a receipt number, a land title, a name, a CIN or a permit number.',
      details: { minimum: 3 },
    });
  }
  const within = scopePrefix(principal);
  const found = await Promise.all(
    [...new Set([term, compact(term)])].map((t) => deps.search.find(t, within, SEARCH_LIMIT)),
  );
  const ids = [...new Set(found.flat())];
  const apps = await Promise.all(ids.map((id) => deps.applications.get(id)));
  return apps
    .filter((app): app is Application => app !== undefined && canRead(principal, app))
    .map(searchResult);
}

/** Tries per receipt number and hour before tracking refuses (a CIN is not a password). */
export const TRACKING_ATTEMPTS_PER_HOUR = 10;

const trackingRefused = () =>
  new DomainError({
    kind: 'not-found',
    type: 'tracking-not-found',
    title: 'No file for this receipt number and CIN',
    detail: 'No file matches this receipt number and CIN. Check both on the filing receipt (récépissé).',
  });

/**
 * A citizen without an account follows a file with its receipt number and the applicant's CIN (or a
 * company's trade-register number): its status and the steps it went through, nothing personal.
 * An unknown receipt and a wrong CIN get the same answer; attempts per receipt are counted.
 */
export async function trackApplication(
  deps: SearchDeps & { attempts: AttemptCounter },
  input: { receiptNumber: string; cin: string },
  now: Date,
) {
  const receipt = compact(normalizeTerm(input.receiptNumber));
  const tries = await deps.attempts.add(`TRACKING#${receipt}`, 3600, now);
  if (tries > TRACKING_ATTEMPTS_PER_HOUR) {
    throw new DomainError({
      kind: 'too-many',
      type: 'too-many-attempts',
      title: 'Too many attempts',
      detail: `Too many attempts for this receipt number; try again in an hour (at most ${TRACKING_ATTEMPTS_PER_HOUR} per hour).`,
      details: { limit: TRACKING_ATTEMPTS_PER_HOUR, retryAfterSeconds: 3600 },
    });
  }
  const ids = await deps.search.find(receipt, '', 5);
  const apps = await Promise.all(ids.map((id) => deps.applications.get(id)));
  const given = compact(normalizeTerm(input.cin));
  const app = apps.find((a) => {
    if (!a?.receiptNumber || compact(normalizeTerm(a.receiptNumber)) !== receipt) return false;
    const id = a.applicant.kind === 'person' ? a.applicant.cin : a.applicant.registrationNumber;
    return compact(normalizeTerm(id)) === given;
  });
  if (!app) throw trackingRefused();
  const events = await deps.applications.events(app.id);
  return {
    receiptNumber: app.receiptNumber as string,
    status: app.status,
    procedureCode: app.procedureCode,
    communeId: app.communeId,
    ...(app.submittedAt ? { submittedAt: app.submittedAt } : {}),
    ...(app.deadlineDate ? { deadlineDate: app.deadlineDate } : {}),
    ...(app.permit ? { permitNumber: app.permit.number, verificationUrl: app.permit.verificationUrl } : {}),
    timeline: events.filter((e) => PUBLIC_STEPS.has(e.type)).map((e) => ({ type: e.type, at: e.at })),
  };
}

const PUBLIC_STEPS: ReadonlySet<string> = new Set(PUBLIC_EVENT_TYPES);
