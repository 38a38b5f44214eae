import { View } from '@tarojs/components';
import { Card, Row } from '../components/kit';
import { LoadMore, useMore, type PageOf } from '../components/LoadMore';
import { go, routes } from '../routes';
import type { TicketSummary } from '../../../server/grid/contract';
import { dueText, EscalationTag, StatusTag } from './ui';

/** A page of tickets as rows (state, deadline, escalation) with "load more" — shared by 我的上报 and 待办. */
export function TicketRows({ villageId, first, loadMore, showDue }: { villageId: string; first: PageOf<TicketSummary>; loadMore: (cursor: string) => Promise<PageOf<TicketSummary>>; showDue?: boolean }) {
  const more = useMore<TicketSummary>(loadMore);
  const { items, cursor } = more.merge(first);
  return (
    <View>
      <Card>
        {items.map((t) => {
          const due = dueText(t);
          return (
            <Row
              key={t.ticketId}
              testId="ticket-row"
              label={
                <>
                  <StatusTag status={t.status} bucket={t.bucket} />
                  <EscalationTag level={t.escalation} />
                  {t.title}
                </>
              }
              hint={`${t.categoryName} · ${t.gridName}${showDue && due ? ` · ${due}` : ''}${!showDue && t.assigneeName ? ` · ${t.assigneeName}` : ''}`}
              onClick={() => go(routes.ticket, { villageId, ticketId: t.ticketId })}
            />
          );
        })}
      </Card>
      <LoadMore more={more} cursor={cursor} end="已经到底了" />
    </View>
  );
}
