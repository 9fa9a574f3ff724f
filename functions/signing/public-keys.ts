import { publicKeys } from '#shared/domain/signing/use-cases/keys.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { signingKeys } from '../wiring/table.ts';
import { publicKeysRoute } from './routes.ts';

export const handler = httpHandler(publicKeysRoute, async ({ query }) => ({
  body: await publicKeys({ keys: signingKeys() }, query),
  headers: { 'cache-control': 'public, max-age=300' },
}));
