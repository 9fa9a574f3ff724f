import * as z from 'zod/mini';
import { Business, BusinessRegistration } from '#shared/domain/businesses/business.ts';
import { defineRoute } from '#shared/http/route.ts';

const tags = ['Businesses'];

export const registerBusinessRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'registerBusiness',
    method: 'POST',
    path: '/businesses',
    summary:
      'Self-registration of a business applicant (a trader, or a company with its ICE and RC numbers) filing activity licences and public-domain occupations itself',
    tags,
    access: 'public',
    entry: 'functions/businesses/register-business.ts',
    request: { body: BusinessRegistration },
    response: {
      status: 201,
      description:
        'Registered; a code is e-mailed to the address, and the account signs in once it comes back (POST /businesses/{businessId}/email-confirmation)',
      schema: Business,
    },
    idempotency: 'optional',
    problems: [409],
    needs: { table: 'write', userPool: 'admin', email: true },
  }))();

export const confirmBusinessEmailRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'confirmBusinessEmail',
    method: 'POST',
    path: '/businesses/{businessId}/email-confirmation',
    summary: 'The code mailed at registration: proves the e-mail address and lets the account sign in',
    tags,
    access: 'public',
    entry: 'functions/businesses/confirm-email.ts',
    request: {
      params: z.object({ businessId: z.string().check(z.regex(/^biz-[0-9a-f-]{36}$/)) }),
      body: z.object({ code: z.string().check(z.regex(/^\d{6}$/, 'The code has 6 digits.')) }),
    },
    response: {
      status: 200,
      description: 'The e-mail is proven; sign in with it and the password',
      schema: z.object({ businessId: z.string(), emailVerified: z.literal(true) }),
    },
    problems: [404, 409, 422],
    needs: { table: 'write', userPool: 'confirm-email' },
  }))();

export const businessRoutes = [registerBusinessRoute, confirmBusinessEmailRoute];
