import { caCertificate } from '#shared/domain/signing/use-cases/keys.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { certificationAuthority } from '../wiring/table.ts';
import { caCertificateRoute } from './routes.ts';

export const handler = httpHandler(caCertificateRoute, async () => ({
  body: await caCertificate({ authority: certificationAuthority() }),
  headers: { 'cache-control': 'public, max-age=86400' },
}));
