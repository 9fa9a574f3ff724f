import * as z from 'zod/mini';
import { ROLES } from '#shared/domain/identity/principal.ts';
import { defineRoute } from '#shared/http/route.ts';

const tags = ['Platform'];

export const healthRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getHealth',
    method: 'GET',
    path: '/health',
    summary: 'Liveness and readiness: the API answers and its table is reachable',
    tags,
    access: 'public',
    entry: 'functions/platform/health.ts',
    response: {
      status: 200,
      description: 'The platform is up',
      schema: z.object({
        status: z.enum(['ok']),
        stage: z.string(),
        version: z.string(),
        referenceData: z.enum(['loaded', 'missing']),
        time: z.iso.datetime(),
      }),
    },
    needs: { table: 'read' },
  }))();

export const meRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getMe',
    method: 'GET',
    path: '/me',
    summary: 'Who the caller is: roles and scope (commune, province, agency)',
    tags,
    access: 'signed-in',
    entry: 'functions/platform/me.ts',
    response: {
      status: 200,
      description: 'The signed-in user',
      schema: z.object({
        userId: z.string(),
        username: z.string(),
        roles: z.array(z.enum(ROLES)),
        scope: z.object({
          communeId: z.optional(z.string()),
          provinceId: z.optional(z.string()),
          agencyId: z.optional(z.string()),
        }),
      }),
    },
  }))();

export const endMySessionsRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'endMySessions',
    method: 'DELETE',
    path: '/me/sessions',
    summary:
      "Ends every session of the caller's account: tokens issued before this second are refused from now on (the web calls it after turning on two-step verification)",
    tags,
    access: 'signed-in',
    entry: 'functions/platform/end-my-sessions.ts',
    response: {
      status: 200,
      description: 'The instant before which every token of the account is refused; sign in again',
      schema: z.object({ endedBefore: z.iso.datetime() }),
    },
    needs: { sessions: 'end' },
  }))();

export const openApiRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getOpenApi',
    method: 'GET',
    path: '/openapi.json',
    summary: 'This API described in OpenAPI 3.1',
    tags,
    access: 'public',
    entry: 'functions/platform/openapi.ts',
    response: { status: 200, description: 'The OpenAPI document', schema: z.record(z.string(), z.unknown()) },
  }))();

export const platformRoutes = [healthRoute, meRoute, endMySessionsRoute, openApiRoute];
