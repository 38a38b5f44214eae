import { View } from '@tarojs/components';
import { useState } from 'react';
import { Async } from '../../components/Async';
import { Btn, Card, Choices, Muted, Row, Tag } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { Empty } from '../../components/states';
import { dateText } from '../../labels';
import { go, routes, useParams } from '../../routes';
import { account, type ApplicationView } from '../../services/account';
import { currentVillageId } from '../../state/me';
import { useQuery } from '../../state/useQuery';

/** The committee's queue of people asking to join; tap one to approve or refuse it. */
export default function ApplicationsPage() {
  const villageId = useParams().villageId || currentVillageId() || '';
  const [status, setStatus] = useState<'pending' | 'rejected'>('pending');
  const [more, setMore] = useState<{ items: ApplicationView[]; cursor: string | null } | null>(null);
  const q = useQuery(
    async () => {
      setMore(null);
      return account.listApplications({ villageId, status, pageSize: 20 });
    },
    [villageId, status],
    { refreshOnShow: true },
  );

  const loadMore = async (cursor: string) => {
    const page = await account.listApplications({ villageId, status, cursor, pageSize: 20 });
    setMore((m) => ({ items: [...(m?.items ?? []), ...page.items], cursor: page.nextCursor }));
  };

  return (
    <Screen title="入村申请审核">
      <Card>
        <Choices
          options={[
            { value: 'pending', label: '待审核' },
            { value: 'rejected', label: '未通过的' },
          ]}
          value={status}
          onChange={setStatus}
        />
      </Card>
      <Async query={q}>
        {(page) => {
          const items = [...page.items, ...(more?.items ?? [])];
          const cursor = more ? more.cursor : page.nextCursor;
          if (items.length === 0) return <Empty mark="审" title={status === 'pending' ? '没有待审核的申请' : '没有未通过的申请'} />;
          return (
            <View>
              <Card>
                {items.map((a) => (
                  <Row
                    key={a.applicationId}
                    label={
                      <>
                        {a.name} <Tag tone={a.via === 'group_card' ? 'primary' : 'plain'}>{a.via === 'group_card' ? '群卡片' : '邀请码'}</Tag>
                      </>
                    }
                    hint={[a.householdHint, a.address, dateText(a.appliedAt), a.rejectReason ? `原因：${a.rejectReason}` : ''].filter(Boolean).join(' · ')}
                    onClick={
                      a.status === 'pending'
                        ? () =>
                            go(routes.review, {
                              villageId,
                              applicationId: a.applicationId,
                              name: a.name,
                              hint: a.householdHint,
                              address: a.address,
                              phone: a.phone ?? '',
                            })
                        : undefined
                    }
                    testId="application-row"
                  />
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
