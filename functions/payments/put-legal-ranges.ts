import { setLegalRanges } from '#shared/domain/payments/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { tariffs } from '../wiring/table.ts';
import { putLegalRangesRoute } from './routes.ts';

export const handler = httpHandler(putLegalRangesRoute, async ({ principal, body }) => ({
  body: await setLegalRanges({ tariffs: tariffs() }, principal, body, new Date()),
}));
