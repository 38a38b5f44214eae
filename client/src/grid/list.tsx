import { View } from '@tarojs/components';
import { useState } from 'react';
import { Btn, Card, Muted, Row } from '../components/kit';
import { go, routes } from '../routes';
import type { TicketSummary } from '../services/grid';
import { dueText, EscalationTag, StatusTag } from './ui';

/** A page of tickets as rows (state, deadline, escalation) with "load more" — shared by 我的上报 and 待办. */
export function TicketRows({ villageId, first, loadMore, showDue }: { villageId: string; first: { items: TicketSummary[]; nextCursor: string | null }; loadMore: (cursor: string) => Promise<{ items: TicketSummary[]; nextCursor: string | null }>; showDue?: boolean }) {
  const [more, setMore] = useState<{ items: TicketSummary[]; cursor: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const items = [...first.items, ...(more?.items ?? [])];
  const cursor = more ? more.cursor : first.nextCursor;
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
      {cursor ? (
        <Btn
          loading={busy}
          onClick={async () => {
            setBusy(true);
            try {
              const page = await loadMore(cursor);
              setMore((m) => ({ items: [...(m?.items ?? []), ...page.items], cursor: page.nextCursor }));
            } finally {
              setBusy(false);
            }
          }}
        >
          加载更多
        </Btn>
      ) : (
        <Muted>已经到底了</Muted>
      )}
    </View>
  );
}
