/**
 * Fixtures built side by side: `fn` for each item with at most `limit` calls in flight, the answers
 * in the items' order. Many records made one after another leave the emulator idle between round
 * trips; all at once would flood the shared emulator (and the in-process handlers' time budget).
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** `n` fixtures made with `make`, at most `limit` at a time (see `mapConcurrently`). */
export const times = <R>(n: number, limit: number, make: (index: number) => Promise<R>): Promise<R[]> =>
  mapConcurrently(
    Array.from({ length: n }, (_, i) => i),
    limit,
    make,
  );
