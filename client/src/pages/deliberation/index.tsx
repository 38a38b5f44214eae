import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Async } from '../../components/Async';
import { Btn, Card, Muted, P, Row, Tag } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { Empty } from '../../components/states';
import { VillageGate } from '../../components/VillageGate';
import { delibPaths } from '../../deliberation/paths';
import { dateText } from '../../labels';
import { go } from '../../routes';
import { deliberation } from '../../services/api';
import type { TopicSummary } from '../../../../server/deliberation/contract';
import { keptTabOrLoad } from '../../state/tab-stamps';
import { useQuery } from '../../state/useQuery';
import { TOPIC_STATES, type TopicState } from '../../../../server/deliberation/states';

/** 议事: the village's topics, by where they are — collecting seconds, on the agenda or voting, decided. */
const FILTERS: { label: string; states?: TopicState[] }[] = [
  { label: '全部' },
  { label: '征集附议', states: ['seconding'] },
  { label: '议程和表决', states: ['agenda', 'voting'] },
  { label: '结果和决议', states: ['counted', 'decided'] },
  { label: '已办结', states: ['done', 'declined'] },
];

function hintOf(t: TopicSummary, now: number): string {
  if (t.state === 'seconding') return `附议 ${t.secondCount}/${t.secondsNeeded} 人`;
  if (t.state === 'voting' && t.pollState === 'scheduled') return '表决即将开始';
  if (t.state === 'voting' && t.closesAt) {
    const mine = t.myUnitVoted === true ? '，您（家）已投' : t.myUnitVoted === false ? '，您（家）还没投' : '';
    return t.closesAt > now ? `表决截止 ${dateText(t.closesAt)}${mine}` : '已截止，正在计票';
  }
  return `${t.proposerName}${t.byCommittee ? '（村委）' : ''} 提出`;
}

function Topics({ villageId, canPropose }: { villageId: string; canPropose: boolean }) {
  const [filter, setFilter] = useState(0);
  // kept on the phone while the board's 议事 stamp stands (state/tab-stamps.ts): opened after the board, no call
  const q = useQuery(() => keptTabOrLoad('topics', villageId, String(filter), () => deliberation('listTopics', { villageId, states: FILTERS[filter].states, pageSize: 50 })), [villageId, filter], { refreshOnShow: true });
  return (
    <View>
      {canPropose ? (
        <Btn type="primary" onClick={() => go(delibPaths.propose, { villageId })} testId="propose-topic">
          提出议题
        </Btn>
      ) : null}
      <View className="cq-gap" />
      <View className="cq-btn-row" style="flex-wrap:wrap">
        {FILTERS.map((f, i) => (
          <View key={f.label} className={`cq-tag ${i === filter ? 'cq-tag-primary' : 'cq-tag-plain'}`} onClick={() => setFilter(i)} ariaRole="button" style="padding:8px 18px;margin-bottom:10px">
            <Text>{f.label}</Text>
          </View>
        ))}
      </View>
      <Async query={q}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty mark="议" title="这里还没有议题" hint={canPropose ? '有想和大家商量的事，点上面的“提出议题”。' : '村民提出的议题会出现在这里。'} />
          ) : (
            <Card>
              {page.items.map((t) => (
                <Row
                  key={t.topicId}
                  label={t.title}
                  hint={hintOf(t, Date.now())}
                  value={<Tag tone={t.state === 'voting' ? 'primary' : t.state === 'declined' ? 'warn' : 'plain'}>{TOPIC_STATES[t.state]}</Tag>}
                  onClick={() => go(delibPaths.topic, { villageId, topicId: t.topicId })}
                  testId={`topic-${t.title}`}
                />
              ))}
            </Card>
          )
        }
      </Async>
    </View>
  );
}

export default function DeliberationTab() {
  return (
    <Screen title="议事" read="协商议事。村民提出议题，够人数附议后列入议程，再由大家表决。表决结果公开，每个人都能用自己的回执核对。">
      <VillageGate>
        {(current) => (
          <View>
            <Card>
              <P strong>{current.villageName}协商议事</P>
              <Muted>村里的事大家商量：提出议题、附议、讨论，再投票表决；结果公开，人人可核对。</Muted>
            </Card>
            <Topics villageId={current.villageId} canPropose={current.roles.includes('resident') || current.roles.includes('committee')} />
            {current.roles.includes('committee') ? (
              <Btn onClick={() => go(delibPaths.settings, { villageId: current.villageId })} testId="delib-settings">
                议事设置（附议人数、提醒时间）
              </Btn>
            ) : null}
          </View>
        )}
      </VillageGate>
    </Screen>
  );
}
