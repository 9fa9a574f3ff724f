import { setBeneficiary } from '#shared/domain/payments/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { tariffs } from '../wiring/table.ts';
import { putBeneficiaryRoute } from './routes.ts';

export const handler = httpHandler(putBeneficiaryRoute, async ({ principal, params, body }) => ({
  body: await setBeneficiary(
    { tariffs: tariffs() },
    principal,
    { ...body, id: params.beneficiaryId },
    new Date(),
  ),
}));
