/**
 * The composition root is this folder: one module per AWS service (table, s3, messaging, identity,
 * kms, gateway, queue), each exporting lazy getters. A getter builds its client or adapter on first
 * use (reading its environment variables then) and returns the same value for the life of the
 * container; nothing is built at module load. One module per service (not one for all) because
 * esbuild parses every module a function imports: a single root importing every SDK client
 * doubled each function's bundling time even though unused getters were dropped from the bundle.
 */
export function once<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= build();
    return value;
  };
}
