import { execSync } from 'node:child_process';
import { globSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { routes } from '#functions/routes.ts';
import { translateProblem } from '#shared/http/i18n/translate.ts';
import { problem } from '#shared/http/problem.ts';
import {
  PDF_ENGINE_FILE,
  pdfEngineBuild,
  TRANSLATIONS_FILE,
  translationsBuild,
} from '../../infra/constructs/platform-function.ts';
import { constructBuildOptions } from '../support/bundle.ts';

/**
 * What a lean function's bundle leaves out (docs/performance.md, "Cold starts"): each of these was
 * parsed at every cold start of functions that never use it.
 */
async function bundle(entry: string) {
  const result = await build({
    ...constructBuildOptions,
    entryPoints: [entry],
    // As RoutesStack and the construct define them for GET /applications.
    define: {
      'process.env.ROUTE_IDEMPOTENCY': '"off"',
      'process.env.ROUTE_PUBLIC': '"false"',
      'process.env.ROUTE_TOTP': '"off"',
      'process.env.ROUTE_VALIDATION': '"on"',
      'process.env.ROUTE_TRACE_SDK': '"off"',
      'process.env.I18N_MODULE': JSON.stringify(`./${TRANSLATIONS_FILE}`),
    },
    metafile: true,
  });
  // The modules that put bytes in the bundle (a module tree-shaken away is listed with none).
  const output = Object.values(result.metafile.outputs)[0];
  const inputs = Object.entries(output?.inputs ?? {}).flatMap(([file, { bytesInOutput }]) =>
    bytesInOutput > 0 ? [file] : [],
  );
  return { code: result.outputFiles[0]?.text ?? '', inputs };
}

describe('a lean function bundle (GET /applications)', () => {
  it('leaves out the problem texts, the catalogue and the notification messages', async () => {
    const { code } = await bundle('functions/applications/list-applications.ts');
    // The problems' French and Arabic texts (ASCII words: esbuild escapes the rest): loaded by URL
    // when a problem is answered in them.
    expect(code).toContain(TRANSLATIONS_FILE);
    expect(code).not.toContain('Corrigez-la puis');
    // The procedures catalogue: the route never reads it.
    expect(code).not.toContain('Permis de construire');
    // The file-step notifications (their module is imported by the applications' use cases).
    expect(code).not.toContain('nouveau dossier');
    // The bundle still has what it runs: the route's own code.
    expect(code).toContain('listFollowed');
  }, 60_000);
});

describe('other functions', () => {
  it('a function carries only the modules it uses (package.json: our sources have no side effects)', async () => {
    // GET /geo/regions imports the table wiring, which names every repository; without
    // `sideEffects` esbuild kept each repository's module for its top-level zod schemas.
    const { inputs } = await bundle('functions/geo/list-regions.ts');
    expect(inputs.some((f) => f.includes('shared/adapters/dynamodb/geo-repository.ts'))).toBe(true);
    expect(inputs.some((f) => f.includes('shared/adapters/dynamodb/professional-repository.ts'))).toBe(false);
    expect(inputs.some((f) => f.includes('shared/domain/applications/application.ts'))).toBe(false);
    expect(inputs.some((f) => f.includes('@aws-lambda-powertools/idempotency'))).toBe(false);
    // The Lambda code's schemas are zod/mini: classic (its import and the ~40 methods it attaches to
    // each schema) stays with the OpenAPI generator and the web portal.
    expect(inputs.some((f) => f.includes('zod/v4/classic/'))).toBe(false);
    expect(inputs.some((f) => f.includes('zod/v4/mini/'))).toBe(true);
  }, 60_000);

  it("a validating route leaves zod's French and Arabic locales to the translations module", async () => {
    const { inputs } = await bundle('functions/applications/create-application.ts');
    expect(inputs.some((f) => f.includes('shared/http/validation.ts'))).toBe(true);
    expect(inputs.some((f) => /zod\/v4\/locales\/(fr|ar)\.js/.test(f))).toBe(false);
  }, 60_000);

  it('a stream consumer bundles zod without its ~40 locales (Powertools parser left out)', async () => {
    const { inputs } = await bundle('functions/search/index-on-stream.ts');
    expect(inputs.some((f) => f.includes('zod/v4/locales/index'))).toBe(false);
    expect(inputs.some((f) => f.includes('@aws-lambda-powertools/parser'))).toBe(false);
  }, 60_000);

  it('a route that sends one e-mail carries that message only, not every template', async () => {
    // POST /applications/{id}/followers invites or shares: two messages of the twenty-four.
    const { inputs } = await bundle('functions/applications/invite-applicant.ts');
    const messages = inputs.filter((f) => f.includes('shared/domain/notifications/messages/'));
    expect(messages.map((f) => path.basename(f)).sort()).toEqual([
      'applicant-invited.ts',
      'application-shared.ts',
    ]);
    expect(inputs.some((f) => f.includes('shared/domain/notifications/render.ts'))).toBe(true);
  }, 60_000);

  it('a review route that signs opinions, not PDFs, bundles no pdf-lib', async () => {
    const { inputs } = await bundle('functions/review/give-opinion.ts');
    expect(inputs.some((f) => f.includes('shared/domain/signing/pki/detached-signature.ts'))).toBe(true);
    expect(inputs.some((f) => f.includes('node_modules/pdf-lib/'))).toBe(false);
  }, 60_000);
});

describe('module-level schemas and route specs, built only by the bundles that use them', () => {
  /**
   * esbuild honours zod's `@__NO_SIDE_EFFECTS__` only within zod's own files (evanw/esbuild#4369),
   * so to it every `z.object(…)` of ours is a call that may have effects, kept and run at import even
   * when nothing reads its result. A module-level value built by a call, in a module that builds
   * zod schemas and in the route tables, is therefore built in an immediately called arrow function marked `@__PURE__`.
   */
  const unwrapped = () => {
    const files = globSync(['shared/**/*.ts', 'functions/**/*.ts']).filter((f) => !f.endsWith('.test.ts'));
    const out: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (!text.includes("from 'zod/mini'") && !file.endsWith('/routes.ts')) continue;
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
      for (const statement of source.statements) {
        if (!ts.isVariableStatement(statement)) continue;
        for (const { name, initializer } of statement.declarationList.declarations) {
          // A Lambda entry's `handler` is always used; functions are not built at import.
          if (!initializer || name.getText(source) === 'handler') continue;
          if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) continue;
          let builds = false;
          const visit = (node: ts.Node) => {
            if (ts.isCallExpression(node) || ts.isNewExpression(node)) builds = true;
            else if (!ts.isArrowFunction(node) && !ts.isFunctionExpression(node))
              ts.forEachChild(node, visit);
          };
          visit(initializer);
          const annotated = text
            .slice(initializer.pos, initializer.end)
            .trimStart()
            .startsWith('/* @__PURE__ */');
          if (builds && !annotated) out.push(`${file}: ${name.getText(source)}`);
        }
      }
    }
    return { files: files.length, out };
  };

  it('every module-level value built by a call is annotated pure', () => {
    const { files, out } = unwrapped();
    expect(files).toBeGreaterThan(100);
    expect(out).toEqual([]);
  });

  it("a route builds its own spec and schemas, not its neighbours' in the same route table", async () => {
    const { code } = await bundle('functions/applications/update-application.ts');
    expect(code).toContain('Edit a draft; send the version you read');
    // POST /applications and GET …/receipt sit in the same functions/applications/routes.ts.
    expect(code).not.toContain('Open a draft application in a commune');
    expect(code).not.toContain('filing receipt');
    // The catalogue's data stays (the route reads it), its shape (a zod schema the tests check the
    // catalogue with) goes: `largeIfUnitsOver: 10`, never `largeIfUnitsOver: z.number()…`.
    expect(code).toMatch(/largeIfUnitsOver:\d/);
    expect(code).not.toMatch(/largeIfUnitsOver:[^\d]/);
  }, 60_000);
});

describe('the PDF engine, a module of its own beside the handlers that draw PDFs', () => {
  it('is reached by exactly the routes that declare `renders: pdf` (the construct ships it to those only)', async () => {
    // One esbuild run over every route's handler: the modules each bundle keeps.
    const entries = [...new Set(routes.map((r) => r.entry))];
    const result = await build({
      ...constructBuildOptions,
      entryPoints: entries,
      outdir: path.join(tmpdir(), 'rukhsa-engine-check'),
      metafile: true,
    });
    const reaching = Object.values(result.metafile.outputs)
      .filter((o) => (o.inputs['shared/documents/load-engine.ts']?.bytesInOutput ?? 0) > 0)
      .map((o) => o.entryPoint)
      .sort();
    const declared = [...new Set(routes.filter((r) => r.renders === 'pdf').map((r) => r.entry))].sort();
    expect(declared.length).toBeGreaterThanOrEqual(6);
    expect(reaching).toEqual(declared);
    // And none of them bundles pdf-lib or the fonts itself.
    for (const output of Object.values(result.metafile.outputs))
      expect(Object.keys(output.inputs).filter((f) => f.includes('node_modules/pdf-lib/'))).toEqual([]);
  }, 120_000);

  it('is built by the construct and draws a document', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rukhsa-engine-'));
    try {
      execSync(pdfEngineBuild(dir), { stdio: 'pipe' });
      const engine = (await import(
        pathToFileURL(path.join(dir, PDF_ENGINE_FILE)).href
      )) as typeof import('#shared/documents/engine.ts');
      const writer = await engine.BilingualWriter.create(
        {
          title: 'Essai',
          subject: 'Essai',
          author: 'Rukhsa',
          keywords: [],
          language: 'fr-MA',
          at: new Date(0),
        },
        { fr: 'Page', ar: 'صفحة' },
      );
      expect(writer).toBeInstanceOf(engine.BilingualWriter);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the translations module the construct builds next to each handler', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rukhsa-i18n-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is built by the afterBundling command and answers as the sources do', async () => {
    execSync(translationsBuild(dir), { stdio: 'pipe' });
    const file = path.join(dir, TRANSLATIONS_FILE);
    expect(readFileSync(file, 'utf8')).toContain('Corrigez-la puis');
    const built = (await import(pathToFileURL(file).href)) as typeof import('#shared/http/i18n/translate.ts');
    const sample = problem(404, 'not-found', 'Not found', 'Application A-1 not found.', {
      resource: 'Application',
      id: 'A-1',
    });
    for (const language of ['fr', 'ar'] as const)
      expect(built.translateProblem(sample, language, 'not-found')).toEqual(
        translateProblem(sample, language, 'not-found'),
      );
    // zod's own messages too: a failed validation words them from this module.
    const tooShort = z
      .string()
      .min(3)
      .safeParse('a', { error: built.zodErrorMap('fr') });
    expect(tooShort.error?.issues[0]?.message).toMatch(/Trop petit/);
  }, 60_000);
});
