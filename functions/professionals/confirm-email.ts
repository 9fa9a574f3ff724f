import { confirmEmail } from '#shared/domain/professionals/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { identityProvider } from '../wiring/identity.ts';
import { emailProofs, professionals } from '../wiring/table.ts';
import { confirmEmailRoute } from './routes.ts';

export const handler = httpHandler(confirmEmailRoute, async ({ params, body }) => ({
  body: await confirmEmail(
    { professionals: professionals(), identity: identityProvider(), proofs: emailProofs() },
    params.professionalId,
    body.code,
    new Date(),
  ),
}));
