import { View } from '@tarojs/components';
import { useState } from 'react';
import { Async } from '../../components/Async';
import { Card, Choices, Row, SectionTitle } from '../../components/kit';
import { LoadMore, useMore } from '../../components/LoadMore';
import { Screen } from '../../components/Screen';
import { Empty } from '../../components/states';
import { go, routes, useParams } from '../../routes';
import type { LeadCard, QueueOutput } from '../../../../server/patrol/contract';
import { TicketRow } from '../../grid/list';
import { patrol } from '../../services/api';
import { useQuery } from '../../state/useQuery';
import { patrolRoutes } from '../nav';
import { LeadRow } from '../LeadRow';
import '../patrol.scss';

type View_ = 'open' | 'escalated' | 'closed';

/** The triage queue: most urgent first, then oldest; the matched words highlighted. */
export default function QueuePage() {
  const { villageId } = useParams();
  const [view, setView] = useState<View_>('open');
  const q = useQuery(() => patrol('listQueue', { villageId, view }), [villageId, view], { refreshOnShow: true });
  const more = useMore<LeadCard>((cursor) => patrol('listQueue', { villageId, view, cursor }).then((p) => ({ items: p.leads, nextCursor: p.nextCursor })));
  return (
    <Screen title="线索待办">
      <Choices<View_>
        value={view}
        onChange={(v) => (more.reset(), setView(v))}
        options={[
          { value: 'open', label: '待研判' },
          { value: 'escalated', label: '已上报村委' },
          { value: 'closed', label: '已处理' },
        ]}
      />
      <Async query={q}>
        {(page) => {
          const { items: leads, cursor } = more.merge({ items: page.leads, nextCursor: page.nextCursor });
          return (
            <View>
              {leads.length ? (
                <View>
                  <Card>
                    {leads.map((l) => (
                      <LeadRow key={l.leadId} lead={l} onOpen={() => go(patrolRoutes.lead, { villageId, leadId: l.leadId })} />
                    ))}
                  </Card>
                  <LoadMore more={more} cursor={cursor} />
                </View>
              ) : (
                <Empty mark="线" title={view === 'open' ? '没有待研判的线索' : '这里还没有线索'} hint="村民发帖、转为线索或导入聊天记录后，可疑的消息会出现在这里。" />
              )}
              {page.due && <DueTickets villageId={villageId} due={page.due} />}
            </View>
          );
        }}
      </Async>
    </Screen>
  );
}

/** The open tickets I handle, due soonest first: they came with the queue's answer (a round is one screen). */
function DueTickets({ villageId, due }: { villageId: string; due: NonNullable<QueueOutput['due']> }) {
  return (
    <View data-testid="queue-due">
      <SectionTitle>待办工单{due.items.length ? `（${due.more ? `${due.items.length}+` : due.items.length}）` : ''}</SectionTitle>
      <Card>
        {due.items.length === 0 && <Row label="没有待办的工单" />}
        {due.items.map((t) => (
          <TicketRow key={t.ticketId} villageId={villageId} ticket={t} showDue />
        ))}
        {due.more && <Row label="全部待办工单" onClick={() => go(routes.dueTickets, { villageId })} />}
      </Card>
    </View>
  );
}
