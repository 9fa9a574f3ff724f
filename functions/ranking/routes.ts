import * as z from 'zod/mini';
import { CommuneId, RegionId } from '#shared/domain/geo/geo.ts';
import { INDICATOR_NAMES } from '#shared/domain/ranking/indicators.ts';
import { defineRoute } from '#shared/http/route.ts';

const tags = ['Ranking'];
const Period = /* @__PURE__ */ (() =>
  z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a period is a month: YYYY-MM')))();

const Indicators = /* @__PURE__ */ (() =>
  z.object(
    Object.fromEntries(INDICATOR_NAMES.map((name) => [name, z.nullable(z.number())])) as Record<
      (typeof INDICATOR_NAMES)[number],
      z.ZodMiniNullable<z.ZodMiniNumber>
    >,
  ))();

export const RankingRowSchema = /* @__PURE__ */ (() =>
  z.object({
    Jurisdiction: z.string().check(z.describe('The commune id (BLDS Jurisdiction)')),
    communeNameFr: z.string(),
    communeNameAr: z.string(),
    provinceId: z.string(),
    regionId: z.string(),
    communeKind: z.enum(['urban', 'rural']),
    peerGroup: z.string(),
    ranked: z.boolean(),
    notRankedReason: z.nullable(z.string()),
    score: z.nullable(z.number()),
    nationalRank: z.nullable(z.number().check(z.int())),
    regionalRank: z.nullable(z.number().check(z.int())),
    peerGroupRank: z.nullable(z.number().check(z.int())),
    previousNationalRank: z.nullable(z.number().check(z.int())),
    movement: z.nullable(z.number().check(z.int())),
    month: Indicators,
    rolling12: Indicators,
  }))();

const SnapshotHeader = /* @__PURE__ */ (() =>
  z.object({
    period: z.string(),
    status: z.enum(['final', 'provisional']),
    monthFrom: z.string(),
    rollingFrom: z.string(),
    asOf: z.string(),
    methodologyVersion: z.string(),
    inputsChecksum: z.string(),
    communes: z.number().check(z.int()),
    ranked: z.number().check(z.int()),
    jsonSha256: z.string(),
    csvSha256: z.string(),
  }))();

export const listRankingsRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'listRankings',
    method: 'GET',
    path: '/rankings',
    summary: 'Communes ranked by permit-delivery performance for a month (the latest one by default)',
    tags,
    access: 'public',
    entry: 'functions/ranking/list-rankings.ts',
    request: {
      query: z.object({
        period: z.optional(Period),
        region: z.optional(RegionId),
        group: z
          .optional(z.string().check(z.regex(/^[a-z0-9-]+$/)))
          .check(z.describe('A peer group of the methodology, e.g. urban-large, urban, rural')),
      }),
    },
    response: {
      status: 200,
      description: 'The ranking: ranked communes by national rank, then the communes listed but not ranked',
      schema: z.extend(SnapshotHeader, { items: z.array(RankingRowSchema) }),
    },
    problems: [404],
    needs: { table: 'read' },
  }))();

export const communeRankingHistoryRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getCommuneRankingHistory',
    method: 'GET',
    path: '/rankings/communes/{communeId}',
    summary: "A commune's ranks and indicators over the published periods, newest first",
    tags,
    access: 'public',
    entry: 'functions/ranking/commune-ranking-history.ts',
    request: { params: z.object({ communeId: CommuneId }) },
    response: {
      status: 200,
      description: 'The history',
      schema: z.object({
        communeId: z.string(),
        items: z.array(
          z.extend(RankingRowSchema, { period: z.string(), status: z.enum(['final', 'provisional']) }),
        ),
      }),
    },
    problems: [404],
    needs: { table: 'read' },
  }))();

export const methodologyRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getRankingMethodology',
    method: 'GET',
    path: '/rankings/methodology',
    summary:
      'The ranking methodology in force (weights, normalisation, minimum volume, peer groups, tie-breaks)',
    tags,
    access: 'public',
    entry: 'functions/ranking/get-methodology.ts',
    request: { query: z.object({ version: z.optional(z.string()) }) },
    response: {
      status: 200,
      description: 'The methodology document, as published in the open-data bucket',
      schema: z.record(z.string(), z.unknown()),
    },
    problems: [404],
  }))();

export const requestRankingRunRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'requestRankingRun',
    method: 'POST',
    path: '/rankings/runs',
    summary: 'Run the ranking of a month now (ministry administrators); final once the month is over',
    tags,
    access: ['ministry_admin'],
    entry: 'functions/ranking/request-run.ts',
    request: { body: z.object({ period: Period }) },
    response: {
      status: 202,
      description: 'The run is queued; the ranking is published when it ends',
      schema: z.object({
        period: z.string(),
        status: z.enum(['final', 'provisional']),
        asOf: z.string(),
        state: z.literal('queued'),
      }),
    },
    idempotency: 'optional',
    problems: [422],
    needs: { table: 'write', rankingRuns: true },
  }))();

export const rankingRoutes = [
  listRankingsRoute,
  methodologyRoute,
  communeRankingHistoryRoute,
  requestRankingRunRoute,
];
