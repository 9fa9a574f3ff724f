import { designateContact } from '#shared/domain/signing/use-cases/contacts.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { accountServices } from '../wiring/identity.ts';
import { contacts, geo } from '../wiring/table.ts';
import { designateContactRoute } from './routes.ts';

export const handler = httpHandler(designateContactRoute, async ({ principal, params, body }) => ({
  body: await designateContact(
    { contacts: contacts(), geo: geo(), ...accountServices() },
    principal,
    params.provinceId,
    body,
    new Date(),
  ),
}));
