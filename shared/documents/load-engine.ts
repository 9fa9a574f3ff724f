type Engine = typeof import('./engine.ts');

/*
 * In a bundle, `process.env.PDF_ENGINE_MODULE` is defined as the file the function construct builds
 * next to the handler from engine.ts (infra/constructs/platform-function.ts); a URL computed at run
 * time, so esbuild leaves the import alone and the handler's bundle carries none of the engine. Run
 * from the sources (tests, scripts), it is engine.ts itself.
 */
let engine: Promise<Engine> | undefined;

/** The PDF engine (engine.ts), loaded once per container on first use. */
export function loadPdfEngine(): Promise<Engine> {
  engine ??= import(new URL(process.env.PDF_ENGINE_MODULE ?? './engine.ts', import.meta.url).href);
  return engine;
}
