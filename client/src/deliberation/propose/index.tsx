import Taro from '@tarojs/taro';
import { useState } from 'react';
import { AreaField, TextField } from '../../components/Field';
import { Banner, Card, Muted } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { SubmitBar } from '../../components/SubmitBar';
import { useParams } from '../../routes';
import { deliberation } from '../../services/api';
import { useSubmit } from '../../state/useSubmit';
import { delibPaths } from '../paths';

/** 提出议题: a title and what it is about; neighbours then second it (附议). */
export default function ProposePage() {
  const { villageId } = useParams();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = useSubmit((opts, input: { title: string; body: string }) => deliberation('proposeTopic', { villageId, ...input }, opts));
  const onSubmit = async () => {
    setProblem(null);
    if (!title.trim()) return setProblem('请写一个标题，例如“村道装路灯”。');
    if (!body.trim()) return setProblem('请说说是什么事、为什么要商量。');
    const t = await submit.run({ title: title.trim(), body: body.trim() });
    if (t) Taro.redirectTo({ url: `${delibPaths.topic}?villageId=${encodeURIComponent(villageId)}&topicId=${encodeURIComponent(t.topicId)}` });
  };
  return (
    <Screen title="提出议题" read="提出一个想和大家商量的事。够人数附议后，会列入议程，再由大家表决。">
      <Banner>
        <Muted>提出后，其他村民可以附议；附议够人数就列入议程，村委也可以直接列入。内容会经过安全检查后公开。</Muted>
      </Banner>
      <Card>
        <TextField name="title" label="标题" value={title} onChange={setTitle} maxLength={40} placeholder="例如：西头装太阳能路灯" talk />
        <AreaField name="body" label="说说是什么事" value={body} onChange={setBody} maxLength={1000} placeholder="在哪里、什么问题、您的建议" />
      </Card>
      <SubmitBar label="提出" testId="submit-topic" busy={submit.busy} error={problem ?? submit.error} onSubmit={onSubmit} />
    </Screen>
  );
}
