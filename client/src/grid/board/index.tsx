import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Async } from '../../components/Async';
import { Btn, Card, Muted, P, Tag } from '../../components/kit';
import { LoadMore, useMore } from '../../components/LoadMore';
import { Screen } from '../../components/Screen';
import { Empty } from '../../components/states';
import { go, routes, useParams } from '../../routes';
import { grid } from '../../services/api';
import type { BoardItem, TicketBucket } from '../../../../server/grid/contract';
import { useQuery } from '../../state/useQuery';
import { errorText, useSubmit } from '../../state/useSubmit';
import { BUCKET_LABELS } from '../../../../server/grid/transitions';
import { EscalationTag, StatusTag, when } from '../ui';
import '../grid.scss';

/** 问题曝光: the village's reports and how they were handled, personal data masked; +1 instead of reporting again. */
export default function BoardPage() {
  const { villageId } = useParams();
  const [bucket, setBucket] = useState<TicketBucket>('open');
  const more = useMore<BoardItem>((cursor) => grid('publicBoard', { villageId, bucket, cursor }));
  const q = useQuery(() => grid('publicBoard', { villageId, bucket }), [villageId, bucket], { refreshOnShow: true });
  return (
    <Screen title="问题曝光" read="问题曝光。全村上报的问题和办理情况都在这里，名字、电话、门牌号都已隐去。遇到同样的问题，点我也遇到了就行，不用重复上报。">
      <View className="cq-tabs">
        {(['open', 'fixed', 'closed'] as const).map((b) => (
          <Btn
            key={b}
            block={false}
            type={b === bucket ? 'primary' : 'default'}
            onClick={() => {
              more.reset();
              setBucket(b);
            }}
          >
            {BUCKET_LABELS[b]}
          </Btn>
        ))}
      </View>
      <Async query={q}>
        {(page) => {
          const { items, cursor } = more.merge(page);
          if (!items.length) return <Empty mark="曝" title={`没有${BUCKET_LABELS[bucket]}的问题`} />;
          return (
            <View>
              {items.map((i) => (
                <BoardCard key={i.ticketId} item={i} villageId={villageId} onChanged={q.reload} />
              ))}
              <LoadMore more={more} cursor={cursor} />
            </View>
          );
        }}
      </Async>
    </Screen>
  );
}

function BoardCard({ item, villageId, onChanged }: { item: BoardItem; villageId: string; onChanged: () => void }) {
  const support = useSubmit((opts) => grid('supportTicket', { villageId, ticketId: item.ticketId }, opts));
  const canSupport = item.bucket === 'open' && !item.mine && !item.supportedByMe;
  return (
    <Card>
      <View data-testid="board-item">
        <StatusTag status={item.status} bucket={item.bucket} />
        <EscalationTag level={item.escalation} />
        <Tag>{item.categoryName}</Tag>
      </View>
      <P>{item.text}</P>
      <Muted>{`${item.place} · ${item.reporter} · ${when(item.createdAt)}`}</Muted>
      {item.rating ? <Muted>{`居民评价：${'★'.repeat(item.rating)}`}</Muted> : null}
      <Muted>{`${item.supporters} 人附议${item.supportedByMe ? '（含我）' : ''}`}</Muted>
      {canSupport ? (
        <Btn testId="board-support" loading={support.busy} onClick={async () => (await support.run()) && onChanged()}>
          我也遇到了（+1）
        </Btn>
      ) : null}
      {support.error ? <Text className="cq-error-text">{errorText(support.error)}</Text> : null}
      <Btn onClick={() => go(routes.ticket, { villageId, ticketId: item.ticketId })}>看办理经过</Btn>
    </Card>
  );
}
