import * as z from 'zod';
import { ProvinceId } from '#shared/domain/geo/geo.ts';
import { ProvinceContact, ProvinceContactInput } from '#shared/domain/signing/contacts.ts';
import { defineRoute } from '#shared/http/route.ts';

const tags = ['Signing'];

export const designateContactRoute = defineRoute({
  operationId: 'designateProvinceContact',
  method: 'PUT',
  path: '/provinces/{provinceId}/contact',
  summary:
    "Record the governor's designated contact of a province (ministry); the previous one is kept in the history",
  tags,
  access: ['ministry_admin'],
  entry: 'functions/signing/designate-contact.ts',
  request: { params: z.object({ provinceId: ProvinceId }), body: ProvinceContactInput },
  response: {
    status: 200,
    description: 'The active contact, the one it replaced, and whether an account was created',
    schema: z.object({
      contact: ProvinceContact,
      previous: ProvinceContact.nullable(),
      newAccount: z.boolean(),
    }),
  },
  idempotency: 'optional',
  problems: [404, 409],
  needs: { table: 'write', userPool: 'admin', email: true },
});

export const getContactRoute = defineRoute({
  operationId: 'getProvinceContact',
  method: 'GET',
  path: '/provinces/{provinceId}/contact',
  summary: "A province's active contact and the history of designations (ministry, the province's contact)",
  tags,
  access: ['ministry_admin', 'province_contact'],
  entry: 'functions/signing/get-contact.ts',
  request: { params: z.object({ provinceId: ProvinceId }) },
  response: {
    status: 200,
    description: 'Current contact and history',
    schema: z.object({ current: ProvinceContact.nullable(), history: z.array(ProvinceContact) }),
  },
  needs: { table: 'read' },
});

export const signingRoutes = [designateContactRoute, getContactRoute];
