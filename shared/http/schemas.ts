import * as z from 'zod/mini';
import { CHECKS } from '../domain/checks.ts';

/**
 * zod fragments the route declarations share (ids, paging, limits), so a rule such as what an
 * application id looks like is written once. Inlined in the OpenAPI document as before.
 */
export const ApplicationId = /* @__PURE__ */ (() =>
  z.string().check(z.regex(/^app-[0-9a-f-]{36}$/, CHECKS.invalid_application_id)))();

/** Path parameters of a route about one application. */
export const applicationParams = /* @__PURE__ */ (() => z.object({ applicationId: ApplicationId }))();

/** The opaque cursor a list returned (`nextCursor`), to get its next page. */
export const Cursor = /* @__PURE__ */ (() => z.optional(z.string()))();

/** How many items a page holds: 1 to 100, `fallback` when absent. */
export const limit = (fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), fallback);

/** A page of items and the cursor of the next one (absent on the last page). */
export const pageOf = <T extends z.ZodMiniType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.optional(z.string()) });
