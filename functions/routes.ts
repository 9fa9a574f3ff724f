import { geoRoutes } from './geo/routes.ts';
import { platformRoutes } from './platform/routes.ts';

/** Every HTTP route of the platform: the API stack, the OpenAPI document and the infra tests read this list. */
export const routes = [...platformRoutes, ...geoRoutes];
