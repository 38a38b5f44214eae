import { View } from '@tarojs/components';
import { Async } from '../../components/Async';
import { Btn, Card, Muted, Row, Tag } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { Empty } from '../../components/states';
import { rolesText } from '../../labels';
import { go, routes, useParams } from '../../routes';
import { account } from '../../services/api';
import type { ResidentView } from '../../../../server/account/contract';
import { useQuery } from '../../state/useQuery';

/** One household's people; offline residents are marked 线下代管 and show who manages them. */
export default function HouseholdPage() {
  const { villageId, gridId, householdId, headName, address } = useParams();
  const q = useQuery(() => account('listResidents', { villageId, householdId, pageSize: 50 }), [villageId, householdId], { refreshOnShow: true });
  return (
    <Screen title={`${headName ?? ''}户`}>
      {address ? <Muted>{address}</Muted> : null}
      <View className="cq-gap" />
      <Async query={q}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty mark="户" title="这一户还没有登记的人" hint="有微信的村民可以自己申请加入；没有微信的，可以由您登记为线下代管。" />
          ) : (
            <Card>
              {page.items.map((r) => (
                <Resident key={r.residentId} r={r} />
              ))}
            </Card>
          )
        }
      </Async>
      <Btn type="primary" onClick={() => go(routes.offlineResident, { villageId, gridId, householdId, householdName: headName })} testId="add-offline">
        新增线下居民（没有微信的）
      </Btn>
    </Screen>
  );
}

function Resident({ r }: { r: ResidentView }) {
  const facts = [r.birthYear ? `${r.birthYear}年生` : '', r.phone ?? '', r.offline ? '' : rolesText(r.roles), r.note].filter(Boolean).join(' · ');
  return (
    <Row
      label={
        <>
          {r.name} {r.offline ? <Tag tone="warn">线下代管</Tag> : null}
          {r.elderly ? <Tag tone="plain">老人</Tag> : null}
        </>
      }
      hint={facts}
    />
  );
}

