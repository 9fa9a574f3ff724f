import { reconciliation, reconciliationCsv } from '#shared/domain/payments/use-cases.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applications, payments } from '../wiring/table.ts';
import { reconciliationRoute } from './routes.ts';

export const handler = httpHandler(
  reconciliationRoute,
  async ({
    event,
    principal,
    params,
    query,
  }): Promise<{ body: unknown; headers: Record<string, string> }> => {
    const report = await reconciliation(
      { payments: payments(), applications: applications() },
      principal,
      params.communeId,
      query.date,
      requestTime(event),
    );
    if (query.format === 'csv') {
      return {
        body: reconciliationCsv(report),
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="paiements-${params.communeId}-${report.date}.csv"`,
          'cache-control': 'no-store',
        },
      };
    }
    return { body: report, headers: { 'cache-control': 'no-store' } };
  },
);
