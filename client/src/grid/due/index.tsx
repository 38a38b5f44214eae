import { Async } from '../../components/Async';
import { Screen } from '../../components/Screen';
import { Empty } from '../../components/states';
import { useParams } from '../../routes';
import { grid } from '../../services/api';
import { useQuery } from '../../state/useQuery';
import { TicketRows } from '../list';
import '../grid.scss';

/** 待办工单: the handler's open tickets, the one due soonest first (overdue ones lead). */
export default function DueTicketsPage() {
  const { villageId } = useParams();
  const q = useQuery(() => grid('listDueTickets', { villageId }), [villageId], { refreshOnShow: true });
  return (
    <Screen title="待办工单" read="待办工单。最快到期的排在最前面。">
      <Async query={q}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty mark="办" title="现在没有待办的工单" hint="有新的上报会出现在这里，也会通知到消息里。" />
          ) : (
            <TicketRows villageId={villageId} first={page} loadMore={(cursor) => grid('listDueTickets', { villageId, cursor })} showDue />
          )
        }
      </Async>
    </Screen>
  );
}
