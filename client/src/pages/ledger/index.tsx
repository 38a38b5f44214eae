import { View } from '@tarojs/components';
import { ComingSoon, JobIntro } from '../../components/JobIntro';
import { Card, Muted, P } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { VillageGate } from '../../components/VillageGate';

const INTRO = [
  '道德银行按户记积分：好人好事、环境卫生、志愿服务等按村规加分，违规扣分。',
  '每一笔积分先审核、再公示，公示期满才入账。',
  '积分可以到积分超市兑换物品，领取时核销。',
];

export default function LedgerTab() {
  return (
    <Screen title="积分" read={`道德银行。${INTRO.join('')}`}>
      <VillageGate>
        {(current) => (
          <View>
            {current.roles.includes('township') ? (
              <Card>
                <P strong>各村的积分按户记账</P>
                <Muted>开通后，这里能看到{current.villageName}积分的发放和兑换情况。</Muted>
              </Card>
            ) : (
              <Card>
                <P strong>{current.householdId ? '我家的积分账户' : '您还没有落户'}</P>
                <Muted>{current.householdId ? '积分按户记账，开通后在这里查看余额和明细。' : '村委审核时把您编入一户后，就有积分账户了。'}</Muted>
              </Card>
            )}
            <JobIntro title="道德银行" lines={INTRO} />
            <ComingSoon what="积分账户和积分超市" />
          </View>
        )}
      </VillageGate>
    </Screen>
  );
}
