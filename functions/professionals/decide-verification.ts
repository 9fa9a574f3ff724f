import { decideVerification } from '#shared/domain/professionals/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { professionals } from '../wiring/table.ts';
import { decideVerificationRoute } from './routes.ts';

export const handler = httpHandler(decideVerificationRoute, async ({ principal, params, body }) => ({
  body: await decideVerification(professionals(), principal, params.professionalId, body, new Date()),
}));
