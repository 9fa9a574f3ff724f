import { provinceContact } from '#shared/domain/signing/use-cases/contacts.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { contacts } from '../wiring/table.ts';
import { getContactRoute } from './routes.ts';

export const handler = httpHandler(getContactRoute, async ({ principal, params }) => ({
  body: await provinceContact({ contacts: contacts() }, principal, params.provinceId),
  headers: { 'cache-control': 'no-store' },
}));
