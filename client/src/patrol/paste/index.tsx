import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { AreaField, TextField } from '../../components/Field';
import { Banner, Btn, Card, Muted, P } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { back, useParams } from '../../routes';
import { groupCloudId, openedFromGroup } from '../../services/groupEntry';
import { patrol } from '../../services/api';
import { errorText, useSubmit } from '../../state/useSubmit';
import { CATEGORY_LABEL } from '../ui';
import '../patrol.scss';

/**
 * 转为线索 in one step: paste (or forward, then paste) what was said in a WeChat group. Opened from the
 * group's share card, the group itself is recorded too.
 */
export default function PastePage() {
  const { villageId } = useParams();
  const [text, setText] = useState('');
  const [groupName, setGroupName] = useState('');
  const [done, setDone] = useState<{ clustered: boolean; categories: string[] } | null>(null);
  const fromGroup = openedFromGroup();
  const submit = useSubmit(async (o, t: string, g: string) => {
    const cloudId = fromGroup ? await groupCloudId().catch(() => undefined) : undefined;
    // the share card's CloudID travels beside the envelope as open data (WeChat resolves it into `group`)
    return patrol('submitLead', { villageId, text: t, groupName: g || undefined }, { ...o, ...(cloudId ? { openData: { group: cloudId } } : {}) });
  });
  const paste = async () => {
    const clip = await Taro.getClipboardData().catch(() => null);
    if (clip?.data) setText(clip.data.slice(0, 2000));
  };
  if (done)
    return (
      <Screen title="已转为线索">
        <Banner>
          <P strong>{done.clustered ? '已有人反映过同样的消息，已合并计数' : '网格员会尽快查看'}</P>
          {done.categories.length ? <Muted>系统看出：{done.categories.join('、')}</Muted> : null}
        </Banner>
        <Btn onClick={() => (setDone(null), setText(''))}>再转一条</Btn>
        <Btn onClick={back}>返回</Btn>
      </Screen>
    );
  return (
    <Screen title="转为线索" read="转为线索。把微信群里看到的可疑消息粘贴到下面，交给网格员。">
      <Card>
        <AreaField label="群里的消息" value={text} onChange={setText} maxLength={2000} name="lead-text" placeholder="长按微信群里的消息，复制，再粘贴到这里" talk={false} />
        <TextField label="哪个群（可不填）" value={groupName} onChange={setGroupName} name="group-name" placeholder="例如：青石村村民群" />
        {fromGroup ? <Muted>从微信群打开：会记下是哪个群。</Muted> : null}
      </Card>
      <View className="pt-actions">
        <Btn onClick={paste}>粘贴剪贴板里的内容</Btn>
        {submit.error ? <Muted>{errorText(submit.error)}</Muted> : null}
        <Btn
          type="primary"
          loading={submit.busy}
          testId="submit-lead"
          onClick={async () => {
            const out = await submit.run(text, groupName);
            if (out) setDone({ clustered: out.clustered, categories: out.scan.categories.map((c) => CATEGORY_LABEL[c]) });
          }}
        >
          交给网格员
        </Btn>
      </View>
    </Screen>
  );
}
