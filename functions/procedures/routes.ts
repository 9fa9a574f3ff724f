import { Catalogue } from '#shared/domain/procedures/schema.ts';
import { defineRoute } from '#shared/http/route.ts';

export const listProceduresRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'listProcedures',
    method: 'GET',
    path: '/procedures',
    summary: 'The procedures catalogue: documents, deadlines, step budgets and review path of each procedure',
    tags: ['Procedures'],
    access: 'public',
    entry: 'functions/procedures/list-procedures.ts',
    response: { status: 200, description: 'The catalogue in force', schema: Catalogue },
  }))();

export const procedureRoutes = [listProceduresRoute];
