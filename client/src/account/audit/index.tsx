import { View } from '@tarojs/components';
import { useState } from 'react';
import { Async } from '../../components/Async';
import { Btn, Card, Muted, Row } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { Empty } from '../../components/states';
import { dateText } from '../../labels';
import { useParams } from '../../routes';
import { account, type AuditView } from '../../services/account';
import { currentVillageId } from '../../state/me';
import { useQuery } from '../../state/useQuery';

/** 操作可溯: every change in the village, newest first, with who acted for whom. */
export default function AuditPage() {
  const villageId = useParams().villageId || currentVillageId() || '';
  const q = useQuery(() => account.auditLog({ villageId, pageSize: 30 }), [villageId]);
  const [more, setMore] = useState<{ items: AuditView[]; cursor: string | null } | null>(null);
  const loadMore = async (cursor: string) => {
    const page = await account.auditLog({ villageId, cursor, pageSize: 30 });
    setMore((m) => ({ items: [...(m?.items ?? []), ...page.items], cursor: page.nextCursor }));
  };
  return (
    <Screen title="操作记录">
      <Async query={q}>
        {(page) => {
          const items = [...page.items, ...(more?.items ?? [])];
          const cursor = more ? more.cursor : page.nextCursor;
          if (items.length === 0) return <Empty mark="记" title="还没有操作记录" />;
          return (
            <View>
              <Card>
                {items.map((a) => (
                  <Row key={a.auditId} label={a.summary} hint={`${a.actorName}${a.onBehalfOf ? `（代 ${a.onBehalfOf} 办理）` : ''} · ${dateText(a.at)}`} />
                ))}
              </Card>
              {cursor ? <Btn onClick={() => loadMore(cursor)}>加载更多</Btn> : <Muted>已经是全部了</Muted>}
            </View>
          );
        }}
      </Async>
    </Screen>
  );
}
