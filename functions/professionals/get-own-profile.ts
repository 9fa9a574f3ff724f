import { getOwnProfile } from '#shared/domain/professionals/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { professionals } from '../wiring/table.ts';
import { getOwnProfileRoute } from './routes.ts';

export const handler = httpHandler(getOwnProfileRoute, async ({ principal }) => ({
  body: await getOwnProfile(professionals(), principal),
}));
