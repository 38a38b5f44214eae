import { Async } from '../../components/Async';
import { Card, Muted, Row } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { Empty } from '../../components/states';
import { go, routes } from '../../routes';
import { account } from '../../services/account';
import { useQuery } from '../../state/useQuery';

/** Township staff: every village of their township at a glance. */
export default function TownshipPage() {
  const q = useQuery(() => account.townshipOverview(), [], { refreshOnShow: true });
  return (
    <Screen title={q.data?.name ?? '乡镇总览'}>
      <Async query={q}>
        {(t) =>
          t.villages.length === 0 ? (
            <Empty mark="镇" title="辖区里还没有村" />
          ) : (
            <Card>
              <Muted>共 {t.villages.length} 个村</Muted>
              {t.villages.map((v) => (
                <Row
                  key={v.villageId}
                  label={v.name}
                  hint={`${v.households} 户 · ${v.residents} 人 · 老人 ${v.elderly} · 线下代管 ${v.offline}`}
                  value={v.pendingApplications > 0 ? `${v.pendingApplications} 条待审` : undefined}
                  onClick={() => go(routes.village, { villageId: v.villageId })}
                />
              ))}
            </Card>
          )
        }
      </Async>
    </Screen>
  );
}
