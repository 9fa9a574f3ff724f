import { estimateFees } from '#shared/domain/payments/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { tariffs } from '../wiring/table.ts';
import { estimateFeesRoute } from './routes.ts';

export const handler = httpHandler(estimateFeesRoute, async ({ body }) => ({
  body: await estimateFees(tariffs(), body, new Date()),
}));
