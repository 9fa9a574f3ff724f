import { listKeys } from '#shared/domain/signing/use-cases/keys.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { geo, signingKeys } from '../wiring/table.ts';
import { listKeysRoute } from './routes.ts';

export const handler = httpHandler(listKeysRoute, async ({ principal, query }) => ({
  body: await listKeys({ keys: signingKeys(), geo: geo() }, principal, query),
}));
