import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { Async } from '../../components/Async';
import { Btn, Card, Muted, Tag } from '../../components/kit';
import { ReadAloud } from '../../components/ReadAloud';
import { Screen } from '../../components/Screen';
import { Empty } from '../../components/states';
import { canSpeak, speak, stopSpeaking } from '../../elder/speech';
import { useParams } from '../../routes';
import { patrol } from '../../services/api';
import type { HeardNotice } from '../../../../server/patrol/contract';
import { checkMemberStamp } from '../../state/me';
import { useQuery } from '../../state/useQuery';
import { timeText } from '../ui';

/**
 * 听通知 (the 长辈 home): the board's pinned fraud warnings and my 消息, newest first, each read aloud on a
 * tap, or all of them one after another. One call: patrol's noticesToHear answers both, merged.
 */
export default function NoticesPage() {
  const { villageId } = useParams();
  const q = useQuery(async () => {
    const heard = await patrol('noticesToHear', { villageId });
    // the 长辈 home asks nothing of its own: here the kept `me` learns it is out of date
    checkMemberStamp(villageId, heard.memberStamp);
    return heard.notices;
  }, [villageId]);
  const [reading, setReading] = useState(false);
  useEffect(() => () => stopSpeaking(), []);

  const readAll = (notices: HeardNotice[]) => {
    if (reading) {
      stopSpeaking();
      setReading(false);
      return;
    }
    const text = notices.map((n, i) => `第${i + 1}条，${n.warning ? '防骗提醒' : '消息'}，${timeText(n.at)}，${n.from}：${n.text}`).join('。');
    if (speak(text, () => setReading(false))) setReading(true);
  };

  return (
    <Screen title="听通知" read="听通知。防骗提醒和给您的消息，最新的在最上面。点朗读就读给您听。">
      <Async query={q}>
        {(notices) =>
          notices.length === 0 ? (
            <Empty mark="听" title="现在没有通知" hint="有防骗提醒、上报的进展，都会出现在这里。" />
          ) : (
            <View>
              {canSpeak() ? (
                <Btn type="primary" onClick={() => readAll(notices)} testId="read-all">
                  {reading ? '停止朗读' : '从最新的开始，全部读给我听'}
                </Btn>
              ) : null}
              <View className="cq-gap" />
              {notices.map((n) => (
                <Card key={n.key}>
                  <View data-testid="notice" onClick={n.link ? () => Taro.navigateTo({ url: n.link! }) : undefined}>
                    {n.warning ? <Tag tone="danger">防骗提醒</Tag> : <Tag tone="primary">消息</Tag>}
                    <Muted>{`${timeText(n.at)} · ${n.from}`}</Muted>
                    <Text className="cq-text">{n.text}</Text>
                  </View>
                  <ReadAloud text={`${n.warning ? '防骗提醒' : '消息'}。${n.from}：${n.text}`} />
                </Card>
              ))}
            </View>
          )
        }
      </Async>
    </Screen>
  );
}
