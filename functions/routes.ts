import { applicationRoutes } from './applications/routes.ts';
import { businessRoutes } from './businesses/routes.ts';
import { geoRoutes } from './geo/routes.ts';
import { paymentRoutes } from './payments/routes.ts';
import { platformRoutes } from './platform/routes.ts';
import { procedureRoutes } from './procedures/routes.ts';
import { professionalRoutes } from './professionals/routes.ts';
import { rankingRoutes } from './ranking/routes.ts';
import { reviewRoutes } from './review/routes.ts';
import { rolloutRoutes } from './rollout/routes.ts';
import { searchRoutes } from './search/routes.ts';
import { signingRoutes } from './signing/routes.ts';

/**
 * The routes by capability group: each group is deployed as its own stack (CloudFormation's
 * 500-resource limit), all attached to the one HTTP API.
 */
export const routeGroups = {
  Core: [...platformRoutes, ...geoRoutes, ...procedureRoutes, ...professionalRoutes, ...businessRoutes],
  Applications: [...applicationRoutes, ...searchRoutes],
  Review: reviewRoutes,
  Payments: paymentRoutes,
  Signing: signingRoutes,
  Rollout: rolloutRoutes,
  Ranking: rankingRoutes,
} as const;

/** Every HTTP route of the platform: the API stack, the OpenAPI document and the infra tests read this list. */
export const routes = /* @__PURE__ */ (() => Object.values(routeGroups).flat())();
