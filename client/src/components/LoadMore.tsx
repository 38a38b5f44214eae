import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { errorText } from '../state/useSubmit';
import { Btn, Muted } from './kit';

export interface PageOf<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * "加载更多" for a list whose first page a query loaded: the pages after it, appended in order. `merge`
 * gives the whole list so far and the next cursor; `reset` starts over (when the first page changes).
 */
export function useMore<T>(fetchPage: (cursor: string) => Promise<PageOf<T>>) {
  const [more, setMore] = useState<{ items: T[]; cursor: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return {
    busy,
    error,
    merge: (first: PageOf<T>) => ({ items: [...first.items, ...(more?.items ?? [])], cursor: more ? more.cursor : first.nextCursor }),
    reset: () => setMore(null),
    async load(cursor: string) {
      setBusy(true);
      setError(null);
      try {
        const page = await fetchPage(cursor);
        setMore((m) => ({ items: [...(m?.items ?? []), ...page.items], cursor: page.nextCursor }));
      } catch (e) {
        setError(e);
      } finally {
        setBusy(false);
      }
    },
  };
}

/** The button under a list: more to load, or (when `end` is given) a line saying that was all. */
export function LoadMore({ more, cursor, end }: { more: ReturnType<typeof useMore<any>>; cursor: string | null; end?: string }) {
  return (
    <View>
      {more.error ? <Text className="cq-error-text">{errorText(more.error)}</Text> : null}
      {cursor ? (
        <Btn loading={more.busy} onClick={() => void more.load(cursor)}>
          加载更多
        </Btn>
      ) : end ? (
        <Muted>{end}</Muted>
      ) : null}
    </View>
  );
}
