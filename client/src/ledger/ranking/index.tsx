import { Text, View } from '@tarojs/components';
import { Async } from '../../components/Async';
import { Card, Muted } from '../../components/kit';
import { ReadAloud } from '../../components/ReadAloud';
import { Screen } from '../../components/Screen';
import { Empty } from '../../components/states';
import { SwitchRow } from '../../components/Switch';
import { useParams } from '../../routes';
import { ledger } from '../../services/api';
import { useQuery } from '../../state/useQuery';
import { errorText, useSubmit } from '../../state/useSubmit';
import '../ledger.scss';

/** 红榜: households by points earned; a household may choose not to appear. One call: ranking says my household's choice too. */
export default function RankingPage() {
  const { villageId } = useParams();
  const ranking = useQuery(() => ledger('ranking', { villageId }), [villageId]);
  const optOut = useSubmit((opts, on: boolean) => ledger('setRankingOptOut', { villageId, optOut: on }, opts));
  return (
    <Screen title="红榜" read="红榜。按累计获得的积分排名。不想上榜的户可以在下面关掉。">
      <Async query={ranking}>
        {(r) => (
          <View>
            {r.rows.length === 0 ? (
              <Empty title="红榜上还没有人" hint="积分入账后，这里按累计积分排名" />
            ) : (
              <Card>
                {r.rows.map((row) => (
                  <View key={row.householdId} className={`cq-row${row.mine ? ' cq-row-selected' : ''}`}>
                    <Text className="cq-rank">{row.rank}</Text>
                    <View className="cq-row-main">
                      <Text className="cq-row-label">{row.householdName}</Text>
                    </View>
                    <Text className="cq-row-value">{`${row.earned} 分`}</Text>
                  </View>
                ))}
                {r.optedOut ? <Muted>{`另有 ${r.optedOut} 户选择不上榜`}</Muted> : null}
                <ReadAloud text={r.rows.slice(0, 10).map((x) => `第${x.rank}名，${x.householdName}，${x.earned}分。`).join('')} />
              </Card>
            )}
            {r.householdId ? (
              <Card>
                <SwitchRow
                  label="我家上红榜"
                  hint="关掉后红榜上不显示我家，积分照常记"
                  on={!r.myOptOut}
                  onChange={async (on) => {
                    if (await optOut.run(!on)) ranking.reload();
                  }}
                />
                {optOut.error ? <Text className="cq-error-text">{errorText(optOut.error)}</Text> : null}
              </Card>
            ) : null}
          </View>
        )}
      </Async>
    </Screen>
  );
}
