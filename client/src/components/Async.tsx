import type { ReactNode } from 'react';
import type { Query } from '../state/useQuery';
import { ErrorState, Loading } from './states';

/**
 * The three states every page shows: loading, error (with retry), then the content. While a
 * refresh is running the old content stays visible.
 */
export function Async<T>({ query, children, loadingText }: { query: Query<T>; children: (data: T) => ReactNode; loadingText?: string }) {
  if (query.data !== undefined && query.status !== 'error') return <>{children(query.data as T)}</>;
  if (query.status === 'error') return <ErrorState error={query.error} onRetry={query.reload} />;
  return <Loading text={loadingText} />;
}
