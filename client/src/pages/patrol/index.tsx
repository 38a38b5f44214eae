import { View } from '@tarojs/components';
import { useShareAppMessage } from '@tarojs/taro';
import { Async } from '../../components/Async';
import { JobIntro, ComingSoon } from '../../components/JobIntro';
import { Banner, Muted, P } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { VillageGate } from '../../components/VillageGate';
import { account, type MembershipView } from '../../services/account';
import { useQuery } from '../../state/useQuery';

const INTRO = [
  '村民在村里的微信群、小程序村群里发的消息，系统会帮忙看一遍。',
  '看出诉求、矛盾纠纷、安全隐患、诈骗苗头时，交给网格员处理：回复、转成工单或上报。',
  '遇到诈骗，会向全村发出防骗提醒。',
];

export default function PatrolTab() {
  useShareAppMessage(() => ({ title: '村群治理：点开就能申请加入本村', path: '/pages/patrol/index' }));
  return (
    <Screen title="巡群" read={`巡群。${INTRO.join('')}`}>
      <VillageGate>{(current) => <Patrol current={current} />}</VillageGate>
    </Screen>
  );
}

function Patrol({ current }: { current: MembershipView }) {
  // Which groups are bound matters to the committee, who binds them; villagers are spared it.
  const committee = current.roles.includes('committee');
  const overview = useQuery(() => (committee ? account.villageOverview(current.villageId) : Promise.resolve(null)), [current.villageId, committee]);
  const worker = current.roles.includes('grid_worker') || committee;
  return (
    <View>
      <JobIntro title="巡群是做什么的" lines={INTRO} />
      {committee ? (
        <Async query={overview}>
          {(v) =>
            !v ? null : v.boundGroups > 0 ? (
              <Banner>
                <P strong>本村已绑定 {v.boundGroups} 个微信群</P>
                <Muted>群里的村民点小程序卡片，就能申请加入本村。</Muted>
              </Banner>
            ) : (
              <Banner tone="warn">
                <P strong>本村还没有绑定微信群</P>
                <Muted>把小程序发到村民群，再从群里点开卡片，就可以绑定。</Muted>
              </Banner>
            )
          }
        </Async>
      ) : null}
      <ComingSoon what={worker ? '线索待办' : '防骗提醒'} />
    </View>
  );
}
