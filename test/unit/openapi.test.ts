import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routes } from '#functions/routes.ts';
import { buildOpenApiDocument } from '#shared/http/openapi.ts';

const document = buildOpenApiDocument(routes) as unknown as {
  openapi: string;
  paths: Record<
    string,
    Record<string, { operationId: string; security?: unknown[]; responses: Record<string, unknown> }>
  >;
};

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 with one operation per route', () => {
    expect(document.openapi).toBe('3.1.0');
    const operations = Object.values(document.paths).flatMap((methods) =>
      Object.values(methods).map((op) => op.operationId),
    );
    expect(operations.sort()).toEqual(routes.map((r) => r.operationId).sort());
  });

  it('marks public routes with an empty security list and documents 401 on the others', () => {
    for (const route of routes) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, route.operationId).toBeDefined();
      if (route.access === 'public') expect(operation?.security).toEqual([]);
      else expect(operation?.responses['401']).toBeDefined();
    }
  });

  it('matches docs/openapi.json (run `npm run openapi` after changing a route)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(document)));
  });
});
