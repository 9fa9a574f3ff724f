import * as z from 'zod/mini';
import {
  Professional,
  ProfessionalRegistration,
  ProfessionalStatus,
  VerificationDecision,
} from '#shared/domain/professionals/professional.ts';
import { defineRoute } from '#shared/http/route.ts';
import { Cursor, limit, pageOf } from '#shared/http/schemas.ts';

const tags = ['Professionals'];

export const registerProfessionalRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'registerProfessional',
    method: 'POST',
    path: '/professionals',
    summary:
      'Self-registration of an architect, surveyor-engineer, topographer or engineer (verified later by the ministry)',
    tags,
    access: 'public',
    entry: 'functions/professionals/register-professional.ts',
    request: { body: ProfessionalRegistration },
    response: {
      status: 201,
      description:
        'Registered, pending verification; a code is e-mailed to the address, and the account signs in once it comes back (POST /professionals/{professionalId}/email-confirmation)',
      schema: Professional,
    },
    idempotency: 'optional',
    problems: [409],
    needs: { table: 'write', userPool: 'admin', email: true },
  }))();

export const confirmEmailRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'confirmProfessionalEmail',
    method: 'POST',
    path: '/professionals/{professionalId}/email-confirmation',
    summary: 'The code mailed at registration: proves the e-mail address and lets the account sign in',
    tags,
    access: 'public',
    entry: 'functions/professionals/confirm-email.ts',
    request: {
      params: z.object({ professionalId: z.string().check(z.regex(/^pro-[0-9a-f-]{36}$/)) }),
      body: z.object({ code: z.string().check(z.regex(/^\d{6}$/, 'The code has 6 digits.')) }),
    },
    response: {
      status: 200,
      description: 'The e-mail is proven; sign in with it and the password',
      schema: z.object({ professionalId: z.string(), emailVerified: z.literal(true) }),
    },
    problems: [404, 409, 422],
    needs: { table: 'write', userPool: 'confirm-email' },
  }))();

export const getOwnProfileRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getOwnProfessionalProfile',
    method: 'GET',
    path: '/professionals/me',
    summary: 'The signed-in professional’s profile and verification status',
    tags,
    access: ['professional'],
    entry: 'functions/professionals/get-own-profile.ts',
    response: { status: 200, description: 'The profile', schema: Professional },
    problems: [404],
    needs: { table: 'read' },
  }))();

export const listProfessionalsRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'listProfessionals',
    method: 'GET',
    path: '/professionals',
    summary: 'Registrations by status, oldest first (ministry administrators)',
    tags,
    access: ['ministry_admin'],
    entry: 'functions/professionals/list-professionals.ts',
    request: {
      query: z.object({
        status: z._default(ProfessionalStatus, 'PENDING_VERIFICATION'),
        cursor: Cursor,
        limit: limit(20),
      }),
    },
    response: {
      status: 200,
      description: 'A page of professionals',
      schema: pageOf(Professional),
    },
    needs: { table: 'read' },
  }))();

export const decideVerificationRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'decideProfessionalVerification',
    method: 'POST',
    path: '/professionals/{professionalId}/verification',
    summary: 'Verify (or reject, with a reason) a pending registration (ministry administrators)',
    tags,
    access: ['ministry_admin'],
    entry: 'functions/professionals/decide-verification.ts',
    request: {
      params: z.object({ professionalId: z.string().check(z.regex(/^pro-[0-9a-f-]{36}$/)) }),
      body: VerificationDecision,
    },
    response: { status: 200, description: 'The decided profile', schema: Professional },
    idempotency: 'optional',
    problems: [404, 409],
    needs: { table: 'write' },
  }))();

export const professionalRoutes = [
  registerProfessionalRoute,
  confirmEmailRoute,
  getOwnProfileRoute,
  listProfessionalsRoute,
  decideVerificationRoute,
];
