import { httpHandler } from '#shared/http/handler.ts';
import { tariffs } from '../wiring/table.ts';
import { listBeneficiariesRoute } from './routes.ts';

export const handler = httpHandler(listBeneficiariesRoute, async () => ({
  body: { beneficiaries: await tariffs().beneficiaries() },
  headers: { 'cache-control': 'public, max-age=60' },
}));
