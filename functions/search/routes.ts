import * as z from 'zod/mini';
import { ApplicationStatus } from '#shared/domain/applications/application.ts';
import { TrimmedText } from '#shared/domain/text.ts';
import { defineRoute } from '#shared/http/route.ts';

const tags = ['Search'];

const SearchResult = /* @__PURE__ */ (() =>
  z.object({
    id: z.string(),
    status: ApplicationStatus,
    procedureCode: z.string(),
    communeId: z.string(),
    applicantName: z.string(),
    landTitle: z.string(),
    receiptNumber: z.optional(z.string()),
    submittedAt: z.optional(z.string()),
    deadlineDate: z.optional(z.string()),
    permitNumber: z.optional(z.string()),
  }))();

export const searchRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'searchApplications',
    method: 'GET',
    path: '/search',
    summary:
      'Files matching a receipt number, land title, applicant name or CIN, or permit number, within what the caller may read',
    tags,
    access: 'signed-in',
    entry: 'functions/search/search.ts',
    request: { query: z.object({ q: TrimmedText(1, 120) }) },
    response: {
      status: 200,
      description:
        'Exact matches of the normalised term (case, accents and punctuation ignored), at most 50; the same scope as opening a file (another commune’s desk finds nothing)',
      schema: z.object({ results: z.array(SearchResult) }),
    },
    problems: [422],
    needs: { table: 'read' },
  }))();

export const trackingRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'trackApplication',
    method: 'POST',
    path: '/tracking',
    summary:
      'Public: follow a file with its receipt number and the applicant’s CIN (in the body, never in a URL): status and steps only',
    tags,
    access: 'public',
    entry: 'functions/search/track.ts',
    request: {
      body: z.object({
        receiptNumber: TrimmedText(3, 60),
        /** The applicant's CIN, or a company's trade-register number. */
        cin: TrimmedText(2, 60),
      }),
    },
    response: {
      status: 200,
      description: 'The file’s status and the steps it went through (no names, no documents, no actors)',
      schema: z.object({
        receiptNumber: z.string(),
        status: ApplicationStatus,
        procedureCode: z.string(),
        communeId: z.string(),
        submittedAt: z.optional(z.string()),
        deadlineDate: z.optional(z.string()),
        permitNumber: z.optional(z.string()),
        verificationUrl: z.optional(z.string()),
        timeline: z.array(z.object({ type: z.string(), at: z.string() })),
      }),
    },
    problems: [404, 429],
    needs: { table: 'write' },
  }))();

export const searchRoutes = [searchRoute, trackingRoute];
