import { View } from '@tarojs/components';
import { useState } from 'react';
import { Async } from '../../components/Async';
import { Card, Choices, Row, Tag } from '../../components/kit';
import { LoadMore, useMore } from '../../components/LoadMore';
import { Screen } from '../../components/Screen';
import { Empty } from '../../components/states';
import { dateText } from '../../labels';
import { go, routes, useParams } from '../../routes';
import { account } from '../../services/api';
import type { ApplicationView } from '../../../../server/account/contract';
import { currentVillageId } from '../../state/me';
import { useQuery } from '../../state/useQuery';

/** The committee's queue of people asking to join; tap one to approve or refuse it. */
export default function ApplicationsPage() {
  const villageId = useParams().villageId || currentVillageId() || '';
  const [status, setStatus] = useState<'pending' | 'rejected'>('pending');
  const more = useMore<ApplicationView>((cursor) => account('listApplications', { villageId, status, cursor, pageSize: 20 }));
  const q = useQuery(
    async () => {
      more.reset();
      return account('listApplications', { villageId, status, pageSize: 20 });
    },
    [villageId, status],
    { refreshOnShow: true },
  );

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
          const { items, cursor } = more.merge(page);
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
              <LoadMore more={more} cursor={cursor} end="已经是全部了" />
            </View>
          );
        }}
      </Async>
    </Screen>
  );
}
