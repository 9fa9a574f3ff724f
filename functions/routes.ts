import { applicationRoutes } from './applications/routes.ts';
import { geoRoutes } from './geo/routes.ts';
import { paymentRoutes } from './payments/routes.ts';
import { platformRoutes } from './platform/routes.ts';
import { procedureRoutes } from './procedures/routes.ts';
import { professionalRoutes } from './professionals/routes.ts';
import { rankingRoutes } from './ranking/routes.ts';
import { reviewRoutes } from './review/routes.ts';
import { signingRoutes } from './signing/routes.ts';

/** Every HTTP route of the platform: the API stack, the OpenAPI document and the infra tests read this list. */
export const routes = [
  ...platformRoutes,
  ...geoRoutes,
  ...procedureRoutes,
  ...professionalRoutes,
  ...applicationRoutes,
  ...reviewRoutes,
  ...paymentRoutes,
  ...signingRoutes,
  ...rankingRoutes,
];
