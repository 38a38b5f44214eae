import { View } from '@tarojs/components';
import { Async } from '../../components/Async';
import { Card, Row } from '../../components/kit';
import { LoadMore, useMore } from '../../components/LoadMore';
import { Screen } from '../../components/Screen';
import { Empty } from '../../components/states';
import { dateText } from '../../labels';
import { useParams } from '../../routes';
import { account } from '../../services/api';
import type { AuditView } from '../../../../server/account/contract';
import { currentVillageId } from '../../state/me';
import { useQuery } from '../../state/useQuery';

/** 操作可溯: every change in the village, newest first, with who acted for whom. */
export default function AuditPage() {
  const villageId = useParams().villageId || currentVillageId() || '';
  const q = useQuery(() => account('auditLog', { villageId, pageSize: 30 }), [villageId]);
  const more = useMore<AuditView>((cursor) => account('auditLog', { villageId, cursor, pageSize: 30 }));
  return (
    <Screen title="操作记录">
      <Async query={q}>
        {(page) => {
          const { items, cursor } = more.merge(page);
          if (items.length === 0) return <Empty mark="记" title="还没有操作记录" />;
          return (
            <View>
              <Card>
                {items.map((a) => (
                  <Row key={a.auditId} label={a.summary} hint={`${a.actorName}${a.onBehalfOf ? `（代 ${a.onBehalfOf} 办理）` : ''} · ${dateText(a.at)}`} />
                ))}
              </Card>
              <LoadMore more={more} cursor={cursor} end="已经是全部了" />
            </View>
          );
        }}
      </Async>
    </Screen>
  );
}
