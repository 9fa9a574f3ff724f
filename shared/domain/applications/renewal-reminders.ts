import type { Application, ApplicationEvent } from '../applications/application.ts';
import type { ApplicationRepository } from '../applications/ports.ts';
import { transition } from '../applications/state-machine.ts';
import { licenceValidUntil } from '../applications/use-cases.ts';
import { casablancaDate } from '../calendar.ts';
import { CATALOGUE } from '../procedures/catalogue.ts';
import { getProcedure } from '../procedures/rules.ts';

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

/**
 * Scheduled daily: every issued licence that expires within `RENEWAL_NOTICE_DAYS` gets one
 * `LICENCE_RENEWAL_DUE` event (once per validity: the file remembers `renewalReminder`), which the
 * notifier turns into the holder's SMS and e-mail, in their language, stored on the file like every
 * message. Issued files are closed files; a licence issued up to its validity ago was decided (and
 * its legal deadline fell) in the window read from the commune's closed worklist.
 */
export async function remindLicenceRenewals(
  deps: { applications: Pick<ApplicationRepository, 'listClosedByDeadline' | 'saveTransition'> },
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
    for (const app of await deps.applications.listClosedByDeadline(communeId, from, today)) {
      const validity = getProcedure(app.procedureCode).validityMonths;
      if (app.status !== 'ISSUED' || !validity || !app.permit) continue;
      const validUntil = licenceValidUntil(app.permit.issuedAt, validity);
      if (validUntil < today || validUntil > addDays(today, RENEWAL_NOTICE_DAYS)) continue;
      if (app.renewalReminder?.validUntil === validUntil) continue;
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
