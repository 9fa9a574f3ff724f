import { setTariff } from '#shared/domain/payments/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { tariffs } from '../wiring/table.ts';
import { putTariffRoute } from './routes.ts';

export const handler = httpHandler(putTariffRoute, async ({ principal, params, body }) => ({
  body: await setTariff(
    { tariffs: tariffs() },
    principal,
    { ...body, communeId: params.communeId, effectiveFrom: params.effectiveFrom },
    new Date(),
  ),
}));
