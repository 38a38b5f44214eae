import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Async } from '../../components/Async';
import { AreaField } from '../../components/Field';
import { Banner, Btn, Card, Muted, P, Row, SectionTitle, Tag } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { SubmitBar } from '../../components/SubmitBar';
import { go, useParams } from '../../routes';
import { deliberation } from '../../services/api';
import type { TopicView } from '../../../../server/deliberation/contract';
import { useQuery } from '../../state/useQuery';
import { errorText, useSubmit } from '../../state/useSubmit';

/**
 * 决议 (committee): record the decision and its follow-ups — a follow-up may name a grid ticket
 * (网格工单号) so residents follow it there — then mark them done; the last one closes the topic.
 */
export default function OutcomePage() {
  const { villageId, topicId } = useParams();
  const q = useQuery(() => deliberation('getTopic', { villageId, topicId }), [villageId, topicId], { refreshOnShow: true });
  return (
    <Screen title="决议" read={q.data?.outcome ? `决议：${q.data.outcome.decision}` : undefined}>
      <Async query={q}>{(t) => (t.outcome ? <FollowUps t={t} villageId={villageId} reload={q.reload} /> : <Record t={t} villageId={villageId} reload={q.reload} />)}</Async>
    </Screen>
  );
}

function Record({ t, villageId, reload }: { t: TopicView; villageId: string; reload: () => void }) {
  const r = t.poll?.results;
  const [decision, setDecision] = useState('');
  const [actions, setActions] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = useSubmit((opts, input: { decision: string; actions: { text: string; ticketId?: string }[] }) => deliberation('recordOutcome', { villageId, topicId: t.topicId, ...input }, opts));
  if (!t.can.recordOutcome) return <Banner tone="warn"><P strong>现在还不能记录决议（表决结果公布后才能记录）。</P></Banner>;
  const onSubmit = async () => {
    setProblem(null);
    if (!decision.trim()) return setProblem('请写下决议内容。');
    // one follow-up per line; "…#工单号" links a grid ticket
    const list = actions
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((line) => {
        const [text, ticket] = line.split('#');
        return { text: text.trim(), ...(ticket?.trim() ? { ticketId: ticket.trim() } : {}) };
      });
    if (await submit.run({ decision: decision.trim(), actions: list })) reload();
  };
  return (
    <View>
      {r ? (
        <Banner>
          <P strong>表决结果：{r.passed ? '通过' : '未通过'}</P>
          <Muted>
            实投 {r.ballots} / 应投 {r.rollSize}，{r.quorumMet ? '达到' : '未达到'}参加人数要求
          </Muted>
        </Banner>
      ) : null}
      <Card>
        <AreaField name="decision" label="决议内容（公开）" value={decision} onChange={setDecision} maxLength={500} placeholder="例如：同意修缮石桥，五月底前完工" />
        <AreaField name="actions" label="后续事项（每行一项；要转网格工单的，在后面写 #工单号）" value={actions} onChange={setActions} maxLength={1000} placeholder="请施工队报价&#10;通知沿线住户 #qingshi:t:…" />
      </Card>
      <SubmitBar label="记录决议" testId="submit-outcome" busy={submit.busy} error={problem ?? submit.error} onSubmit={onSubmit} />
    </View>
  );
}

function FollowUps({ t, villageId, reload }: { t: TopicView; villageId: string; reload: () => void }) {
  const o = t.outcome!;
  const mark = useSubmit((opts, actionId: string, done: boolean) => deliberation('updateFollowUp', { villageId, topicId: t.topicId, actionId, done }, opts));
  const committee = t.can.followUps;
  return (
    <View>
      <Card>
        <SectionTitle>决议</SectionTitle>
        <P>{o.decision}</P>
        <Muted>{o.recordedByName} 记录</Muted>
      </Card>
      <Card>
        <SectionTitle>后续事项</SectionTitle>
        {o.actions.length === 0 ? <Muted>没有后续事项。</Muted> : null}
        {o.actions.map((a) => (
          <View key={a.actionId}>
            <Row
              label={a.text}
              hint={a.ticketId ? `网格工单 ${a.ticketId}` : undefined}
              value={<Tag tone={a.done ? 'primary' : 'warn'}>{a.done ? '已完成' : '进行中'}</Tag>}
              onClick={a.ticketId ? () => go('/grid/ticket/index', { villageId, ticketId: a.ticketId }) : undefined}
            />
            {committee ? (
              <Btn loading={mark.busy} onClick={async () => (await mark.run(a.actionId, !a.done)) && reload()}>
                {a.done ? '改回进行中' : '标记完成'}
              </Btn>
            ) : null}
          </View>
        ))}
        {t.state === 'done' ? <Banner><P strong>全部完成，议题已办结。</P></Banner> : null}
        {mark.error ? <Text className="cq-error-text">{errorText(mark.error)}</Text> : null}
      </Card>
    </View>
  );
}
