import { View } from '@tarojs/components';
import { Async } from '../../components/Async';
import { Banner, Card, Muted, P, Row, SectionTitle, Tag } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { Empty } from '../../components/states';
import { go, useParams } from '../../routes';
import { deliberation } from '../../services/api';
import { useQuery } from '../../state/useQuery';
import { delibPaths } from '../paths';

/**
 * 代办投票: the grid worker's list of units in their grids that have not voted and have someone who
 * cannot vote on a phone (no WeChat, or elderly). Tapping a person opens the ballot in 代办 mode.
 */
export default function AssistPage() {
  const { villageId, topicId } = useParams();
  const q = useQuery(() => deliberation('listRoll', { villageId, topicId, onlyAssistable: true }), [villageId, topicId], { refreshOnShow: true });
  return (
    <Screen title="代办投票" read="为不用手机或年长的村民代为投票。先当面征得本人同意，记录会写明是代办；本人的选择照样保密。">
      <Banner tone="warn">
        <P strong>代办须知</P>
        <Muted>当面征得本人同意、按本人意思投；记录上写明由您代办和本人的同意方式。投完把回执号念给本人或抄给本人。</Muted>
      </Banner>
      <Async query={q}>
        {(r) =>
          r.units.length === 0 ? (
            <Empty mark="齐" title="您负责的网格里，需要代办的都已投票" hint="没投票的人都能自己用手机投。" />
          ) : (
            <Card>
              <SectionTitle>还没投票、可以代办的（{r.units.length}）</SectionTitle>
              {r.units.map((u) => (
                <View key={u.unitId}>
                  <Muted>{u.label}</Muted>
                  {u.assistable.map((a) => (
                    <Row
                      key={a.residentId}
                      label={a.name}
                      hint={[a.offline ? '不用微信' : null, a.elderly ? '老人' : null].filter(Boolean).join('、')}
                      value={<Tag tone="warn">代投</Tag>}
                      onClick={() => go(delibPaths.vote, { villageId, topicId, unitId: u.unitId, residentId: a.residentId, residentName: a.name })}
                      testId={`assist-${a.name}`}
                    />
                  ))}
                </View>
              ))}
            </Card>
          )
        }
      </Async>
    </Screen>
  );
}
