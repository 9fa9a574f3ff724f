import { settlementReportCsv } from '#shared/domain/payments/settlement.ts';
import { settlementReport } from '#shared/domain/payments/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { payments } from '../wiring/table.ts';
import { getSettlementRoute } from './routes.ts';

export const handler = httpHandler(
  getSettlementRoute,
  async ({ principal, params, query }): Promise<{ body: unknown; headers: Record<string, string> }> => {
    const report = await settlementReport(
      { payments: payments() },
      principal,
      params.beneficiaryId,
      params.date,
    );
    if (query.format === 'csv') {
      return {
        body: settlementReportCsv(report),
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="rapprochement-${report.beneficiary}-${report.date}.csv"`,
          'cache-control': 'no-store',
        },
      };
    }
    return { body: report, headers: { 'cache-control': 'no-store' } };
  },
);
