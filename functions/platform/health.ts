import { optionalEnv } from '#shared/environment.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { seedMarkers } from '../wiring/table.ts';
import { healthRoute } from './routes.ts';

/** Reads the reference-data seed marker: proves the table answers and tells whether the seed ran. */
export const handler = httpHandler(healthRoute, async () => {
  const loaded = await seedMarkers().loaded('reference');
  return {
    body: {
      status: 'ok' as const,
      stage: optionalEnv('STAGE') ?? 'unknown',
      version: optionalEnv('APP_VERSION') ?? 'dev',
      referenceData: loaded ? ('loaded' as const) : ('missing' as const),
      time: new Date().toISOString(),
    },
    headers: { 'cache-control': 'no-store' },
  };
});
