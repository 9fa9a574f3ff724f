import { listProfessionals } from '#shared/domain/professionals/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { professionals } from '../wiring/table.ts';
import { listProfessionalsRoute } from './routes.ts';

export const handler = httpHandler(listProfessionalsRoute, async ({ principal, query }) => ({
  body: await listProfessionals(professionals(), principal, query.status, query.cursor, query.limit),
}));
