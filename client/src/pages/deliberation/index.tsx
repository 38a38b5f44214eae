import { View } from '@tarojs/components';
import { ComingSoon, JobIntro } from '../../components/JobIntro';
import { Screen } from '../../components/Screen';
import { VillageGate } from '../../components/VillageGate';

const INTRO = [
  '村里的事大家商量：村民提出议题，够人数附议后进入讨论。',
  '讨论后表决：谁能投票、要多少人参加、多少票通过，事先定好并公开。',
  '没有手机的村民，可以由网格员协助投票，记录上写明是代办。',
  '表决结果公开，每个人都能核对。',
];

export default function DeliberationTab() {
  return (
    <Screen title="议事" read={`协商议事。${INTRO.join('')}`}>
      <VillageGate>
        {(current) => (
          <View>
            <JobIntro title={`${current.villageName}协商议事`} lines={INTRO} />
            <ComingSoon what="议题和表决" />
          </View>
        )}
      </VillageGate>
    </Screen>
  );
}
