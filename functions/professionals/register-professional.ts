import { registerProfessional } from '#shared/domain/professionals/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { identityProvider } from '../wiring/identity.ts';
import { mailer } from '../wiring/messaging.ts';
import { emailProofs, professionals } from '../wiring/table.ts';
import { registerProfessionalRoute } from './routes.ts';

export const handler = httpHandler(registerProfessionalRoute, async ({ body }) => ({
  body: await registerProfessional(
    { professionals: professionals(), identity: identityProvider(), proofs: emailProofs(), mailer: mailer() },
    body,
    new Date(),
  ),
}));
