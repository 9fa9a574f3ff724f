import * as z from 'zod/mini';
import {
  Commune,
  CommuneId,
  CommuneInput,
  Province,
  ProvinceId,
  Region,
  RegionId,
} from '#shared/domain/geo/geo.ts';
import { defineRoute } from '#shared/http/route.ts';

const tags = ['Geography'];

export const listRegionsRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'listRegions',
    method: 'GET',
    path: '/geo/regions',
    summary: 'The 12 regions of Morocco, with French and Arabic names',
    tags,
    access: 'public',
    entry: 'functions/geo/list-regions.ts',
    response: {
      status: 200,
      description: 'All regions, by id',
      schema: z.object({ regions: z.array(Region) }),
    },
    needs: { table: 'read' },
  }))();

export const listProvincesRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'listProvincesOfRegion',
    method: 'GET',
    path: '/geo/regions/{regionId}/provinces',
    summary: 'Prefectures and provinces of a region',
    tags,
    access: 'public',
    entry: 'functions/geo/list-provinces.ts',
    request: { params: z.object({ regionId: RegionId }) },
    response: {
      status: 200,
      description: 'The region and its prefectures/provinces, by French name',
      schema: z.object({ region: Region, provinces: z.array(Province) }),
    },
    problems: [404],
    needs: { table: 'read' },
  }))();

export const listCommunesRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'listCommunesOfProvince',
    method: 'GET',
    path: '/geo/provinces/{provinceId}/communes',
    summary: 'Communes of a prefecture or province',
    tags,
    access: 'public',
    entry: 'functions/geo/list-communes.ts',
    request: { params: z.object({ provinceId: ProvinceId }) },
    response: {
      status: 200,
      description: 'The province and its communes, by French name',
      schema: z.object({ province: Province, communes: z.array(Commune) }),
    },
    problems: [404],
    needs: { table: 'read' },
  }))();

export const putCommuneRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'putCommune',
    method: 'PUT',
    path: '/geo/communes/{communeId}',
    summary: 'Create or update a commune (ministry administrators)',
    tags,
    access: ['ministry_admin'],
    entry: 'functions/geo/put-commune.ts',
    request: { params: z.object({ communeId: CommuneId }), body: CommuneInput },
    response: { status: 200, description: 'The stored commune (201 when created)', schema: Commune },
    idempotency: 'optional',
    problems: [404, 422],
    needs: { table: 'write' },
  }))();

export const geoRoutes = [listRegionsRoute, listProvincesRoute, listCommunesRoute, putCommuneRoute];
