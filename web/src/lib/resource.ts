import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export type Resource<T> =
  | { status: 'loading'; retry: () => void }
  | { status: 'ok'; data: T; retry: () => void }
  | { status: 'error'; error: unknown; retry: () => void };

/** Loads data for a page; reloads when `deps` change; `retry` loads again. Stale answers are dropped. */
export function useResource<T>(load: () => Promise<T>, deps: unknown[]): Resource<T> {
  const [state, setState] = useState<
    { status: 'loading' } | { status: 'ok'; data: T } | { status: 'error'; error: unknown }
  >({
    status: 'loading',
  });
  const [attempt, setAttempt] = useState(0);
  const seq = useRef(0);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  useEffect(() => {
    const mine = ++seq.current;
    setState({ status: 'loading' });
    load().then(
      (data) => mine === seq.current && setState({ status: 'ok', data }),
      (error) => mine === seq.current && setState({ status: 'error', error }),
    );
  }, [...deps, attempt]);
  return { ...state, retry } as Resource<T>;
}
