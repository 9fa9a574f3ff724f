import { listKeys } from '#shared/domain/signing/signing-keys.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { geo } from '../applications/dependencies.ts';
import { listKeysRoute } from './routes.ts';
import { signingKeys } from './signing-keys.ts';

export const handler = httpHandler(listKeysRoute, async ({ principal, query }) => ({
  body: await listKeys({ keys: signingKeys, geo }, principal, query),
}));
