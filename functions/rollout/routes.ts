import * as z from 'zod/mini';
import { CommuneId, ProvinceId, RegionId } from '#shared/domain/geo/geo.ts';
import { CommuneRollout, Readiness, RegionWave, RolloutStatus } from '#shared/domain/rollout/onboarding.ts';
import {
  StaffEvent,
  StaffInput,
  StaffMember,
  StaffPatch,
  StaffRole,
  StaffStatus,
} from '#shared/domain/rollout/staff.ts';
import { PublicStats } from '#shared/domain/rollout/stats.ts';
import { TrimmedText } from '#shared/domain/text.ts';
import { defineRoute } from '#shared/http/route.ts';
import { Cursor, pageOf } from '#shared/http/schemas.ts';

const tags = ['Rollout'];
const staffAdmins = ['ministry_admin', 'province_contact'] as const;
const usernameParams = /* @__PURE__ */ (() =>
  z.object({
    username: z
      .string()
      .check(z.regex(/^[A-Za-z0-9._@-]{3,128}$/, 'an account username, e.g. staff-1a2b3c4d5e6f')),
  }))();
const communeParams = /* @__PURE__ */ (() => z.object({ communeId: CommuneId }))();
const Reason = /* @__PURE__ */ (() => TrimmedText(3, 500))();
const Counts = /* @__PURE__ */ (() =>
  z.object(Object.fromEntries(RolloutStatus.options.map((s) => [s, z.number().check(z.int())]))))();

export const createStaffRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'createStaff',
    method: 'POST',
    path: '/staff',
    summary:
      'Create a civil-servant account (ministry; province contacts for commune and agency roles of their province); the temporary password goes by e-mail',
    tags,
    access: staffAdmins,
    entry: 'functions/rollout/create-staff.ts',
    request: { body: StaffInput },
    response: {
      status: 201,
      description: 'The account (the password is only in the e-mail)',
      schema: StaffMember,
    },
    idempotency: 'optional',
    problems: [409, 422],
    needs: { table: 'write', userPool: 'staff-admin', email: true },
  }))();

export const listStaffRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'listStaff',
    method: 'GET',
    path: '/staff',
    summary: 'Civil-servant accounts: all (ministry) or the ones a province contact manages, with filters',
    tags,
    access: staffAdmins,
    entry: 'functions/rollout/list-staff.ts',
    request: {
      query: z.object({
        provinceId: z.optional(ProvinceId),
        communeId: z.optional(CommuneId),
        role: z.optional(StaffRole),
        status: z.optional(StaffStatus),
        cursor: Cursor,
        limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 50),
      }),
    },
    response: {
      status: 200,
      description: 'A page of accounts',
      schema: pageOf(StaffMember),
    },
    needs: { table: 'read' },
  }))();

export const getStaffRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getStaff',
    method: 'GET',
    path: '/staff/{username}',
    summary: 'One civil-servant account (404 if you do not manage it)',
    tags,
    access: staffAdmins,
    entry: 'functions/rollout/get-staff.ts',
    request: { params: usernameParams },
    response: { status: 200, description: 'The account', schema: StaffMember },
    problems: [404],
    needs: { table: 'read' },
  }))();

export const updateStaffRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'updateStaff',
    method: 'PATCH',
    path: '/staff/{username}',
    summary: 'Change roles, scope or contact details of an account (send the version you read)',
    tags,
    access: staffAdmins,
    entry: 'functions/rollout/update-staff.ts',
    request: { params: usernameParams, body: StaffPatch },
    response: { status: 200, description: 'The account after the change', schema: StaffMember },
    idempotency: 'optional',
    problems: [404, 409, 422],
    needs: { table: 'write', userPool: 'staff-admin' },
  }))();

export const suspendStaffRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'suspendStaff',
    method: 'POST',
    path: '/staff/{username}/suspension',
    summary: 'Suspend an account: its tokens are refused at once, Cognito disables it and signs it out',
    tags,
    access: staffAdmins,
    entry: 'functions/rollout/suspend-staff.ts',
    request: { params: usernameParams, body: z.object({ reason: Reason }) },
    response: { status: 200, description: 'The suspended account', schema: StaffMember },
    idempotency: 'optional',
    problems: [404, 409],
    needs: { table: 'write', userPool: 'staff-admin' },
  }))();

export const reactivateStaffRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'reactivateStaff',
    method: 'POST',
    path: '/staff/{username}/reactivation',
    summary: 'Reactivate a suspended account (the person signs in again; older tokens stay refused)',
    tags,
    access: staffAdmins,
    entry: 'functions/rollout/reactivate-staff.ts',
    request: { params: usernameParams, body: z.object({ reason: z.optional(Reason) }) },
    response: { status: 200, description: 'The active account', schema: StaffMember },
    idempotency: 'optional',
    problems: [404, 409],
    needs: { table: 'write', userPool: 'staff-admin' },
  }))();

export const staffHistoryRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getStaffHistory',
    method: 'GET',
    path: '/staff/{username}/history',
    summary: 'The audit trail of an account: who changed what (roles, scope, status) and when',
    tags,
    access: staffAdmins,
    entry: 'functions/rollout/get-staff-history.ts',
    request: { params: usernameParams },
    response: {
      status: 200,
      description: 'Changes, oldest first',
      schema: z.object({ username: z.string(), events: z.array(StaffEvent) }),
    },
    problems: [404],
    needs: { table: 'read' },
  }))();

export const getReadinessRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getCommuneReadiness',
    method: 'GET',
    path: '/communes/{communeId}/readiness',
    summary: "A commune's rollout status and readiness checklist: what is missing before it can go live",
    tags,
    access: ['ministry_admin', 'province_contact', 'desk_agent', 'signatory'],
    entry: 'functions/rollout/get-readiness.ts',
    request: { params: communeParams },
    response: {
      status: 200,
      description: 'Status, wave and checklist',
      schema: z.object({
        commune: z.object({ id: z.string(), nameFr: z.string(), nameAr: z.string(), provinceId: z.string() }),
        rollout: CommuneRollout,
        wave: z.nullable(z.number().check(z.int())),
        readiness: Readiness,
      }),
    },
    problems: [404],
    needs: { table: 'read' },
  }))();

export const setCommuneStatusRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'setCommuneRolloutStatus',
    method: 'PUT',
    path: '/communes/{communeId}/rollout',
    summary:
      "Move a commune along NOT_STARTED → ONBOARDING → LIVE (→ SUSPENDED); LIVE only with complete bodies (ministry, the province's contacts)",
    tags,
    access: staffAdmins,
    entry: 'functions/rollout/set-commune-status.ts',
    request: {
      params: communeParams,
      body: z.object({ status: RolloutStatus, note: z.optional(TrimmedText(0, 500)) }),
    },
    response: {
      status: 200,
      description: 'The new status and the checklist',
      schema: z.object({ rollout: CommuneRollout, readiness: Readiness }),
    },
    idempotency: 'optional',
    problems: [404, 409],
    needs: { table: 'write' },
  }))();

export const getRolloutRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getRollout',
    method: 'GET',
    path: '/rollout',
    summary:
      'National progress per region (wave) and province: communes by status, what blocks the ones not live (ministry; province contacts see their province)',
    tags,
    access: staffAdmins,
    entry: 'functions/rollout/get-rollout.ts',
    request: { query: z.object({ regionId: z.optional(RegionId), provinceId: z.optional(ProvinceId) }) },
    response: {
      status: 200,
      description: 'Progress',
      schema: z.object({
        generatedAt: z.iso.datetime(),
        totals: Counts,
        regions: z.array(
          z.object({
            regionId: z.string(),
            nameFr: z.string(),
            wave: z.nullable(z.number().check(z.int())),
            counts: Counts,
            provinces: z.array(
              z.object({
                provinceId: z.string(),
                nameFr: z.string(),
                counts: Counts,
                communes: z.array(
                  z.object({
                    communeId: z.string(),
                    nameFr: z.string(),
                    status: RolloutStatus,
                    liveSince: z.optional(z.string()),
                    missing: z.array(z.string()),
                  }),
                ),
              }),
            ),
          }),
        ),
      }),
    },
    problems: [404],
    needs: { table: 'read' },
  }))();

export const setRegionWaveRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'setRegionWave',
    method: 'PUT',
    path: '/rollout/regions/{regionId}',
    summary: "Set a region's wave in the national rollout plan (ministry)",
    tags,
    access: ['ministry_admin'],
    entry: 'functions/rollout/set-region-wave.ts',
    request: {
      params: z.object({ regionId: RegionId }),
      body: z.object({
        wave: z.number().check(z.int(), z.gte(1), z.lte(12)),
        plannedStart: z.optional(z.iso.date()),
      }),
    },
    response: { status: 200, description: 'The wave', schema: RegionWave },
    idempotency: 'optional',
    problems: [404],
    needs: { table: 'write' },
  }))();

export const getStatsRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getPublicStats',
    method: 'GET',
    path: '/stats',
    summary:
      "The platform's public figures, computed from the data: communes live per region, verified professionals, civil servants, applications per day (30 days)",
    tags,
    access: 'public',
    entry: 'functions/rollout/get-stats.ts',
    response: { status: 200, description: 'Figures', schema: PublicStats },
    needs: { table: 'read' },
  }))();

export const rolloutRoutes = [
  createStaffRoute,
  listStaffRoute,
  getStaffRoute,
  updateStaffRoute,
  suspendStaffRoute,
  reactivateStaffRoute,
  staffHistoryRoute,
  getReadinessRoute,
  setCommuneStatusRoute,
  getRolloutRoute,
  setRegionWaveRoute,
  getStatsRoute,
];
