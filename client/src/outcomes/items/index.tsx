import { View } from '@tarojs/components';
import { Async } from '../../components/Async';
import { Card, Row } from '../../components/kit';
import { LoadMore, useMore } from '../../components/LoadMore';
import { Screen } from '../../components/Screen';
import { Empty } from '../../components/states';
import { dateText } from '../../labels';
import { go, routes, useParams } from '../../routes';
import { account } from '../../services/api';
import type { DashboardItem, DashboardMetric } from '../../../../server/account/contract';
import { useQuery } from '../../state/useQuery';
import '../outcomes.scss';

/** pages of other subpackages this list opens (their own path modules are page-adjacent, so named here) */
const TOPIC_PAGE = '/deliberation/topic/index';
const LEAD_PAGE = '/patrol/lead/index';

/** The items behind one figure of the 成效看板: the tickets, households, leads, topics or points it counts. */
export default function DashboardItemsPage() {
  const p = useParams();
  const base = {
    villageId: p.villageId,
    metric: p.metric as DashboardMetric,
    granularity: (p.granularity as 'month' | 'week') || 'month',
    from: p.from || undefined,
    to: p.to || undefined,
    period: p.period !== undefined && p.period !== '' ? Number(p.period) : undefined,
    gridId: p.gridId || undefined,
    category: p.category || undefined,
    pageSize: 20,
  };
  const q = useQuery(() => account('dashboardItems', base), [JSON.stringify(base)]);
  const more = useMore<DashboardItem>((cursor) => account('dashboardItems', { ...base, cursor }));
  const open = (item: DashboardItem) => {
    if (item.opens === 'ticket') go(routes.ticket, { villageId: base.villageId, ticketId: item.id });
    if (item.opens === 'topic') go(TOPIC_PAGE, { villageId: base.villageId, topicId: item.id });
    if (item.opens === 'lead') go(LEAD_PAGE, { villageId: base.villageId, leadId: item.id });
  };
  return (
    <Screen title="看明细" read={q.data?.caption}>
      <Async query={q}>
        {(page) => {
          const { items, cursor } = more.merge(page);
          return (
            <View>
              <Card>
                <Row label={page.caption} />
              </Card>
              {items.length === 0 ? (
                <Empty mark="无" title="这一项没有记录" />
              ) : (
                <Card>
                  {items.map((item) => (
                    <Row
                      key={item.id}
                      label={item.title}
                      hint={[item.gridName, item.at ? dateText(item.at) : null, item.note].filter(Boolean).join(' · ')}
                      onClick={item.opens ? () => open(item) : undefined}
                      testId={`item-${item.id}`}
                    />
                  ))}
                </Card>
              )}
              <LoadMore more={more} cursor={cursor} end="已经是全部了" />
            </View>
          );
        }}
      </Async>
    </Screen>
  );
}
