import { Text, View } from '@tarojs/components';
import { Async } from '../../components/Async';
import { Card, Muted } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { Empty } from '../../components/states';
import { useParams } from '../../routes';
import { patrol } from '../../services/api';
import { useQuery } from '../../state/useQuery';
import '../patrol.scss';

const minutes = (m: number | null) => (m === null ? '—' : m < 60 ? `${m} 分钟` : `${Math.round(m / 6) / 10} 小时`);

/** Per grid: what waits for review, and how long the first look took (no check-ins, no photos). */
export default function CoveragePage() {
  const { villageId } = useParams();
  const q = useQuery(() => patrol('coverage', { villageId, days: 30 }), [villageId], { refreshOnShow: true });
  return (
    <Screen title="巡查覆盖" read="巡查覆盖。每个网格还有多少消息等着看，从发出到第一次有人看用了多久。">
      <Muted>近 30 天。用时从消息发出（导入的从导入）算起，到网格员第一次处理为止。</Muted>
      <Async query={q}>
        {(c) =>
          c.grids.length === 0 ? (
            <Empty mark="格" title="还没有网格" />
          ) : (
            <Card>
              {c.grids.map((g) => (
                <View key={g.gridId ?? 'none'} className="pt-cov" data-testid="coverage-row">
                  <View>
                    <Text className="cq-text cq-strong">{g.gridName}</Text>
                    <Muted>
                      已看 {g.reviewed} 条 · 中位用时 {minutes(g.medianMinutes)} · 九成在 {minutes(g.p90Minutes)} 内
                    </Muted>
                  </View>
                  <Text className="cq-text cq-strong">待看 {g.awaiting}</Text>
                </View>
              ))}
            </Card>
          )
        }
      </Async>
    </Screen>
  );
}
