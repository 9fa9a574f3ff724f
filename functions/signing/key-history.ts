import { keyHistory } from '#shared/domain/signing/use-cases/keys.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { signingKeys } from '../wiring/table.ts';
import { keyHistoryRoute } from './routes.ts';

export const handler = httpHandler(keyHistoryRoute, async ({ principal, params }) => ({
  body: await keyHistory({ keys: signingKeys() }, principal, params.keyId),
}));
