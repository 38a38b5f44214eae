import { useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';

export type Query<T> =
  | { status: 'loading'; data?: T; error?: undefined; reload: () => void }
  | { status: 'error'; data?: T; error: unknown; reload: () => void }
  | { status: 'ready'; data: T; error?: undefined; reload: () => void };

/**
 * Loads data for a page. `refreshOnShow` reloads whenever the page comes back into view (after a
 * sub-page changed something), keeping the old data on screen meanwhile.
 */
export function useQuery<T>(load: () => Promise<T>, deps: unknown[] = [], opts: { refreshOnShow?: boolean } = {}): Query<T> {
  const [state, setState] = useState<{ status: 'loading' | 'error' | 'ready'; data?: T; error?: unknown }>({ status: 'loading' });
  const seq = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const mounted = useRef(false);

  const run = useCallback(() => {
    const mine = ++seq.current;
    setState((s) => ({ status: 'loading', data: s.data }));
    loadRef.current().then(
      (data) => mine === seq.current && setState({ status: 'ready', data }),
      (error) => mine === seq.current && setState((s) => ({ status: 'error', data: s.data, error })),
    );
  }, []);

  useEffect(() => {
    run();
    mounted.current = true;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  useDidShow(() => {
    if (opts.refreshOnShow && mounted.current && seq.current > 0) run();
  });

  return { ...state, reload: run } as Query<T>;
}
