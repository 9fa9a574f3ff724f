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

export const platformRoutes = [healthRoute, meRoute, openApiRoute];
