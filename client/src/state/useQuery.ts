import { useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';

/** a show this soon after the load started is the same opening, not a return to the page */
const SHOWN_AGAIN_MS = 1000;

export type Query<T> =
  | { status: 'loading'; data?: T; error?: undefined; reload: () => void }
  | { status: 'error'; data?: T; error: unknown; reload: () => void }
  | { status: 'ready'; data: T; error?: undefined; reload: () => void };

/**
 * Loads data for a page. `refreshOnShow` reloads whenever the page comes back into view (after a
 * sub-page changed something), keeping the old data on screen meanwhile. `initial`: what the page shows
 * is already on the phone (the list it was opened from answered it), so the first load is skipped.
 */
export function useQuery<T>(load: () => Promise<T>, deps: unknown[] = [], opts: { refreshOnShow?: boolean; initial?: T } = {}): Query<T> {
  const [state, setState] = useState<{ status: 'loading' | 'error' | 'ready'; data?: T; error?: unknown }>(() =>
    opts.initial !== undefined ? { status: 'ready', data: opts.initial } : { status: 'loading' },
  );
  const skipFirst = useRef(opts.initial !== undefined);
  const seq = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const mounted = useRef(false);

  const startedAt = useRef(0);

  const run = useCallback(() => {
    startedAt.current = Date.now();
    const mine = ++seq.current;
    setState((s) => ({ status: 'loading', data: s.data }));
    loadRef.current().then(
      (data) => mine === seq.current && setState({ status: 'ready', data }),
      (error) => mine === seq.current && setState((s) => ({ status: 'error', data: s.data, error })),
    );
  }, []);

  useEffect(() => {
    if (skipFirst.current) {
      skipFirst.current = false;
      startedAt.current = Date.now();
      seq.current++;
    } else run();
    mounted.current = true;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  useDidShow(() => {
    // a page opened by a full load may be "shown" just after its first load started: one call, not two
    if (opts.refreshOnShow && mounted.current && seq.current > 0 && Date.now() - startedAt.current > SHOWN_AGAIN_MS) run();
  });

  return { ...state, reload: run } as Query<T>;
}
