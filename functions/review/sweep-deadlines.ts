/**
 * Scheduled daily: tacit approval (law 55-19) or overdue flag for every open file past its legal
 * deadline. The event may name communes (`{ "communeIds": [...] }`) to sweep only those, and a time
 * (`{ "now": "<ISO>" }`) on the local stage only, so the sweep can be run on a synthetic set.
 */
import { sweepDeadlines } from '#shared/domain/review/use-cases.ts';
import { clockOverrideAllowed } from '#shared/environment.ts';
import { logger } from '#shared/observability/logger.ts';
import { applications, geo } from '../wiring/table.ts';

export const handler = async (event: { communeIds?: string[]; now?: string } = {}) => {
  const now = event.now && clockOverrideAllowed() ? new Date(event.now) : new Date();
  const result = await sweepDeadlines({ applications: applications(), geo: geo() }, now, event.communeIds);
  logger.info('deadline sweep', {
    communes: result.communes,
    examined: result.examined,
    tacitlyApproved: result.tacitlyApproved.length,
    flaggedOverdue: result.flaggedOverdue.length,
    skipped: result.skipped,
  });
  return result;
};
