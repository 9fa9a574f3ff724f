import { LEGAL_RANGES } from '#shared/domain/payments/tariffs.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { tariffs } from '../wiring/table.ts';
import { getLegalRangesRoute } from './routes.ts';

export const handler = httpHandler(getLegalRangesRoute, async () => ({
  body: (await tariffs().legalRanges()) ?? LEGAL_RANGES,
  headers: { 'cache-control': 'public, max-age=300' },
}));
