import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Async } from '../../components/Async';
import { TextField } from '../../components/Field';
import { Banner, Card, Muted } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { SubmitBar } from '../../components/SubmitBar';
import { back, useParams } from '../../routes';
import { deliberation } from '../../services/api';
import { useQuery } from '../../state/useQuery';
import { useSubmit } from '../../state/useSubmit';
import type { SettingsView } from '../../../../server/deliberation/contract';

/** 议事设置 (committee): how many seconds put a topic on the agenda, and how early voters are reminded. */
export default function SettingsPage() {
  const { villageId } = useParams();
  const settings = useQuery(() => deliberation('getSettings', { villageId }), [villageId]);
  return (
    <Screen title="议事设置" read="议事设置。附议人数：一个议题要有多少位村民附议，才自动列入议程。提醒时间：表决截止前多少小时提醒还没投票的人。">
      <Async query={settings}>{(s) => <SettingsForm villageId={villageId} current={s} />}</Async>
    </Screen>
  );
}

function SettingsForm({ villageId, current }: { villageId: string; current: SettingsView }) {
  const [seconds, setSeconds] = useState(String(current.secondsNeeded));
  const [hours, setHours] = useState(String(current.remindBeforeHours));
  const [problem, setProblem] = useState<string | null>(null);
  const save = useSubmit((opts, p: { secondsNeeded: number; remindBeforeHours: number }) => deliberation('updateSettings', { villageId, ...p, reminderTemplateId: current.reminderTemplateId }, opts));
  const onSave = async () => {
    setProblem(null);
    const secondsNeeded = Number(seconds);
    const remindBeforeHours = Number(hours);
    if (!Number.isInteger(secondsNeeded) || secondsNeeded < 1 || secondsNeeded > 500) return setProblem('附议人数请填 1 到 500 之间的整数。');
    if (!Number.isInteger(remindBeforeHours) || remindBeforeHours < 1 || remindBeforeHours > 168) return setProblem('提醒时间请填 1 到 168 之间的整数（小时）。');
    if (await save.run({ secondsNeeded, remindBeforeHours })) {
      await Taro.showToast({ title: '已保存', icon: 'none' });
      back();
    }
  };
  return (
    <>
      <Banner>
        <Muted>改动只对之后提出的议题生效；已经在附议中的议题仍按提出时的人数。修改会记入操作记录。</Muted>
      </Banner>
      <Card>
        <TextField name="secondsNeeded" type="number" label="附议人数" hint="一个议题要有多少位村民附议，才自动列入议程" value={seconds} onChange={setSeconds} maxLength={3} />
        <TextField name="remindBeforeHours" type="number" label="提醒时间（小时）" hint="表决截止前多少小时，提醒订阅了的村民去投票" value={hours} onChange={setHours} maxLength={3} />
      </Card>
      <SubmitBar label="保存" testId="save-delib-settings" busy={save.busy} error={problem ?? save.error} onSubmit={onSave} />
    </>
  );
}
