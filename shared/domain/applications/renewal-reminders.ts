import type { Application, ApplicationEvent } from '../applications/application.ts';
import type { ApplicationRepository } from '../applications/ports.ts';
import { transition } from '../applications/state-machine.ts';
import { licenceValidUntil } from '../applications/use-cases.ts';
import { casablancaDate } from '../calendar.ts';
import { CATALOGUE } from '../procedures/catalogue.ts';
import { expires, getProcedure, licenceValidityMonths } from '../procedures/rules.ts';

/** Platform rule (data): the holder hears of a licence's expiry this many days before it. */
export const RENEWAL_NOTICE_DAYS = 30;

export interface RenewalReminderResult {
  communes: number;
  examined: number;
  reminded: string[];
  skipped: number;
}

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The longest validity the catalogue gives a licence, in months (the look-back of the daily query). */
const longestValidity = () => Math.max(0, ...CATALOGUE.procedures.map((p) => p.validityMonths ?? 0));

/** Renewals: procedures that follow a licence and give one themselves (a validity of their own). */
let renewalCodeList: string[] | undefined;
const renewalCodes = () =>
  (renewalCodeList ??= CATALOGUE.procedures
    .filter((p) => expires(p) && (p.follows ?? []).some((code) => expires(getProcedure(code))))
    .map((p) => p.code));

/** How far past today a closed renewal's deadline may fall (decided early, or pushed by returns). */
const CLOSED_LOOK_AHEAD_DAYS = 366;

/** A renewal the holder filed and that is not dead: being reviewed, decided or issued. */
const renewalStands = (app: Application) =>
  app.followsPermit !== undefined &&
  renewalCodes().includes(app.procedureCode) &&
  !['DRAFT', 'WITHDRAWN', 'REJECTED'].includes(app.status);

/** The licence numbers of a commune with a renewal filed or issued (open renewals, and closed ones in `closed`). */
async function renewedLicences(
  applications: Pick<ApplicationRepository, 'listByCommune'>,
  communeId: string,
  closed: Application[],
): Promise<Set<string>> {
  const renewals = closed.filter(renewalStands);
  for (const procedureCode of renewalCodes()) {
    let cursor: string | undefined;
    do {
      const page = await applications.listByCommune(communeId, {
        open: true,
        procedureCode,
        limit: 100,
        ...(cursor ? { cursor } : {}),
      });
      renewals.push(...page.items.filter(renewalStands));
      cursor = page.nextCursor;
    } while (cursor);
  }
  return new Set(renewals.map((app) => app.followsPermit?.number as string));
}

/**
 * Scheduled daily: every issued licence that expires within `RENEWAL_NOTICE_DAYS`, and whose holder
 * has not already filed its renewal (one under review, decided or issued), gets one
 * `LICENCE_RENEWAL_DUE` event (once per validity: the file remembers `renewalReminder`), which the
 * notifier turns into the holder's SMS and e-mail, in their language, stored on the file like every
 * message. Issued files are closed files; a licence issued up to its validity ago was decided (and
 * its legal deadline fell) in the window read from the commune's closed worklist.
 */
export async function remindLicenceRenewals(
  deps: {
    applications: Pick<ApplicationRepository, 'listClosedByDeadline' | 'listByCommune' | 'saveTransition'>;
  },
  now: Date,
  communeIds: string[],
): Promise<RenewalReminderResult> {
  const today = casablancaDate(now);
  const from = addDays(today, -(longestValidity() * 31 + RENEWAL_NOTICE_DAYS));
  const result: RenewalReminderResult = {
    communes: communeIds.length,
    examined: 0,
    reminded: [],
    skipped: 0,
  };
  const at = now.toISOString();
  for (const communeId of communeIds) {
    const closed = await deps.applications.listClosedByDeadline(
      communeId,
      from,
      addDays(today, CLOSED_LOOK_AHEAD_DAYS),
    );
    let renewed: Set<string> | undefined;
    for (const app of closed) {
      const validity = licenceValidityMonths(getProcedure(app.procedureCode), app.project);
      if (app.status !== 'ISSUED' || !validity || !app.permit) continue;
      const validUntil = licenceValidUntil(app.permit.issuedAt, validity);
      if (validUntil < today || validUntil > addDays(today, RENEWAL_NOTICE_DAYS)) continue;
      if (app.renewalReminder?.validUntil === validUntil) continue;
      // Read once per commune, and only when some licence is due.
      renewed ??= await renewedLicences(deps.applications, communeId, closed);
      if (renewed.has(app.permit.number)) continue;
      result.examined++;
      transition(app.status, 'REMIND_RENEWAL');
      const next: Application = {
        ...app,
        renewalReminder: { validUntil, at },
        version: app.version + 1,
        updatedAt: at,
      };
      const event: ApplicationEvent = {
        applicationId: app.id,
        type: 'LICENCE_RENEWAL_DUE',
        at,
        actor: 'system',
        role: 'system',
        details: { permitNumber: app.permit.number, validUntil },
      };
      try {
        await deps.applications.saveTransition({ next, expectedVersion: app.version, events: [event] });
        result.reminded.push(app.id);
      } catch {
        // Changed meanwhile (another run): tomorrow's run looks again.
        result.skipped++;
      }
    }
  }
  return result;
}
