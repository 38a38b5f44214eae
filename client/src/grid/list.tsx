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
        {items.map((t) => (
          <TicketRow key={t.ticketId} villageId={villageId} ticket={t} showDue={showDue} />
        ))}
      </Card>
      <LoadMore more={more} cursor={cursor} end="已经到底了" />
    </View>
  );
}

/** One ticket as a row: its state and escalation, its title, and the deadline (showDue) or who handles it. */
export function TicketRow({ villageId, ticket: t, showDue }: { villageId: string; ticket: TicketSummary; showDue?: boolean }) {
  const due = dueText(t);
  return (
    <Row
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
}
