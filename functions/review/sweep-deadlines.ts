/**
 * Scheduled daily: tacit approval (law 55-19) or overdue flag for every open file past its legal
 * deadline. The event may name communes (`{ "communeIds": [...] }`) to sweep only those, and a time
 * (`{ "now": "<ISO>" }`) on the local stage only, so the sweep can be run on a synthetic set.
 * After the full sweep (or for the provinces named in `{ "digestProvinces": [...] }`), each province
 * contact gets the daily digest of their province's late files.
 */
import { remindLicenceRenewals } from '#shared/domain/applications/renewal-reminders.ts';
import { sendLateDigests } from '#shared/domain/review/digest.ts';
import { allCommuneIds, sweepDeadlines } from '#shared/domain/review/use-cases.ts';
import { clockOverrideAllowed } from '#shared/environment.ts';
import { logger } from '#shared/observability/logger.ts';
import { BUSINESS_METRICS, JOBS } from '#shared/observability/metric-names.ts';
import { countEvent, jobSucceeded } from '#shared/observability/metrics.ts';
import { mailer } from '../wiring/messaging.ts';
import { applications, geo, staff, tariffs } from '../wiring/table.ts';

export const handler = async (
  event: { communeIds?: string[]; now?: string; digestProvinces?: string[] } = {},
) => {
  const now = event.now && clockOverrideAllowed() ? new Date(event.now) : new Date();
  const result = await sweepDeadlines(
    { applications: applications(), geo: geo(), tariffs: tariffs() },
    now,
    event.communeIds,
  );
  logger.info('deadline sweep', {
    communes: result.communes,
    examined: result.examined,
    tacitlyApproved: result.tacitlyApproved.length,
    flaggedOverdue: result.flaggedOverdue.length,
    skipped: result.skipped,
  });
  countEvent(BUSINESS_METRICS.applicationTacitlyApproved, {}, result.tacitlyApproved.length);
  countEvent(BUSINESS_METRICS.applicationOverdue, {}, result.flaggedOverdue.length);
  const digests =
    event.digestProvinces || !event.communeIds
      ? await sendLateDigests(
          { applications: applications(), geo: geo(), staff: staff(), mailer: mailer() },
          now,
          event.digestProvinces,
        )
      : undefined;
  if (digests) logger.info('late-file digests', digests);
  // Licences about to expire: their holders are reminded to renew (the notifier sends it).
  const renewals = await remindLicenceRenewals(
    { applications: applications() },
    now,
    event.communeIds ?? (await allCommuneIds(geo())),
  );
  logger.info('licence renewal reminders', { reminded: renewals.reminded.length, skipped: renewals.skipped });
  // The heartbeat: a sweep that did not finish sends none, and the missed-run alarm notices.
  jobSucceeded(JOBS.deadlineSweep);
  return { ...result, ...(digests ? { digests } : {}), renewals };
};
