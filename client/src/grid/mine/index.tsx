import { View } from '@tarojs/components';
import { useState } from 'react';
import { Async } from '../../components/Async';
import { Btn } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { Empty } from '../../components/states';
import { go, routes, useParams } from '../../routes';
import { grid } from '../../services/api';
import type { TicketBucket } from '../../../../server/grid/contract';
import { useQuery } from '../../state/useQuery';
import { BUCKET_LABELS } from '../../../../server/grid/transitions';
import { TicketRows } from '../list';
import '../grid.scss';

/** 我的上报: what I reported (and reported for others), by bucket, newest first. */
export default function MyTicketsPage() {
  const { villageId } = useParams();
  const [bucket, setBucket] = useState<TicketBucket>('open');
  const q = useQuery(() => grid('listMyTickets', { villageId, bucket }), [villageId, bucket], { refreshOnShow: true });
  return (
    <Screen title="我的上报" read="我的上报。可以看到每件事办到哪一步了。">
      <View className="cq-tabs">
        {(['open', 'fixed', 'closed'] as const).map((b) => (
          <Btn key={b} block={false} type={b === bucket ? 'primary' : 'default'} onClick={() => setBucket(b)}>
            {BUCKET_LABELS[b]}
          </Btn>
        ))}
      </View>
      <Async query={q}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty mark="报" title={`没有${BUCKET_LABELS[bucket]}的上报`} hint="遇到问题，点下面的按钮上报。" action={{ text: '我要上报', onClick: () => go(routes.report, { villageId }) }} />
          ) : (
            <TicketRows key={bucket} villageId={villageId} first={page} loadMore={(cursor) => grid('listMyTickets', { villageId, bucket, cursor })} />
          )
        }
      </Async>
    </Screen>
  );
}
