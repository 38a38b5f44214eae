import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Async } from '../../components/Async';
import { Banner, Btn, Card, Choices, Muted, P, SectionTitle } from '../../components/kit';
import { ReadAloud } from '../../components/ReadAloud';
import { Screen } from '../../components/Screen';
import { SubmitBar } from '../../components/SubmitBar';
import { dateText } from '../../labels';
import { back, useParams } from '../../routes';
import { deliberation } from '../../services/api';
import type { TopicView, VoteOutput } from '../../../../server/deliberation/contract';
import { isServiceError } from '../../services/transport';
import { useQuery } from '../../state/useQuery';
import { useSubmit } from '../../state/useSubmit';
import { forgetBallot, loadBallot, makeNonce, saveBallot } from '../ballot';
import { CONSENT_KINDS, type ConsentKind } from '../labels';
import { formatReceipt, receiptForSpeech } from '../paths';
import '../delib.scss';

/**
 * The ballot: big, clear options (长辈模式 makes them bigger still), one tap to vote, then the receipt
 * shown large and read aloud. With `residentId` a grid worker records the vote of an offline or elderly
 * resident (代办): the resident's consent is chosen first and recorded; the receipt is for the resident.
 */
export default function VotePage() {
  const p = useParams();
  const q = useQuery(() => deliberation('getTopic', { villageId: p.villageId, topicId: p.topicId }), [p.villageId, p.topicId]);
  return (
    <Screen title={p.residentId ? `代 ${p.residentName ?? ''} 投票` : '投票'} read={q.data?.poll ? readOut(q.data) : undefined}>
      <Async query={q}>{(t) => <Ballot t={t} params={p} />}</Async>
    </Screen>
  );
}

function readOut(t: TopicView): string {
  const poll = t.poll!;
  const k = poll.kind === 'multiple' ? `最多选 ${poll.maxChoices} 项。` : '选一项。';
  return `${poll.question}。${k}选项有：${poll.options.map((o, i) => `第${i + 1}项，${o.label}`).join('；')}。`;
}

function Ballot({ t, params }: { t: TopicView; params: Record<string, string> }) {
  const poll = t.poll;
  const assisted = !!params.residentId;
  const who = assisted ? `assist:${params.residentId}` : 'self';
  const stored = loadBallot(t.topicId, who);
  const unitId = assisted ? params.unitId : t.myUnit?.unitId;
  const changing = !assisted && !!t.myUnit?.voted && !!t.myUnit.votedByMe && !!stored?.receipt;
  const [choices, setChoices] = useState<string[]>(changing && stored ? stored.choices : []);
  const [consent, setConsent] = useState<ConsentKind | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<{ out: VoteOutput; recovered: boolean } | null>(null);

  const submit = useSubmit(async (opts, input: { choices: string[]; nonce: string; change: boolean }) =>
    deliberation(
      'castVote',
      {
        villageId: params.villageId,
        topicId: t.topicId,
        unitId: unitId!,
        choices: input.choices,
        nonce: input.nonce,
        change: input.change,
        ...(assisted ? { assist: { residentId: params.residentId, consent: consent! } } : {}),
      },
      opts,
    ),
    { keepOffline: '投票' },
  );

  if (done) return <Receipt out={done.out} recovered={done.recovered} assisted={assisted} residentName={params.residentName} />;
  if (!poll || !unitId) return <Banner tone="warn"><P strong>您不在本次表决的投票名单中。</P></Banner>;
  if (!t.can.vote && !assisted) {
    return (
      <Banner tone="warn">
        <P strong>{t.myUnit?.voted ? '已经投过票了' : '现在不能投票'}</P>
        <Muted>{t.myUnit?.voted ? '一户一票时，家里先投的那一票算数。' : `表决时间：${dateText(poll.opensAt)} 至 ${dateText(poll.closesAt)}`}</Muted>
      </Banner>
    );
  }

  const many = poll.kind === 'multiple';
  const toggle = (id: string) => {
    setProblem(null);
    if (!many) return setChoices([id]);
    if (choices.includes(id)) return setChoices(choices.filter((c) => c !== id));
    if (choices.length >= poll.maxChoices) return setProblem(`最多只能选 ${poll.maxChoices} 项，请先取消一项。`);
    setChoices([...choices, id]);
  };

  const onVote = async () => {
    setProblem(null);
    if (choices.length === 0) return setProblem('请先选择。');
    if (assisted && !consent) return setProblem('请先选择本人是怎样同意代办的。');
    const sameAsPending = stored && !stored.receipt && stored.choices.join() === [...choices].sort().join();
    const nonce = changing || sameAsPending ? stored!.nonce : await makeNonce();
    // kept BEFORE sending: a lost answer is resent with the same secret, and the server recognises it
    saveBallot(t.topicId, { nonce, unitId: unitId!, choices: [...choices].sort(), receipt: changing ? stored!.receipt : null }, who);
    let out = await submit.run({ choices, nonce, change: changing });
    let recovered = false;
    if (!out && stored && !stored.receipt && !sameAsPending && isServiceError(submit.error) && submit.error.code === 'already_voted') {
      // an earlier try from this phone got through but its answer was lost: ask again with that secret
      saveBallot(t.topicId, stored, who);
      out = await submit.run({ choices: stored.choices, nonce: stored.nonce, change: false });
      recovered = !!out;
    }
    if (!out) return;
    if (assisted) forgetBallot(t.topicId, who);
    else saveBallot(t.topicId, { nonce, unitId: unitId!, choices: recovered ? stored!.choices : [...choices].sort(), receipt: out.receipt }, who);
    setDone({ out, recovered });
  };

  return (
    <View>
      <Card>
        <P strong>{poll.question}</P>
        <Muted>
          {many ? `最多选 ${poll.maxChoices} 项` : '选一项'} · {poll.secret ? '不记名投票：谁投了什么，任何人都查不到' : '记名投票：结果公布时显示每户（人）的选择'} · {dateText(poll.closesAt)} 截止
        </Muted>
        {changing ? <Banner><Muted>您已投过票，本次表决允许截止前修改。回执号不变。</Muted></Banner> : null}
        {!assisted && t.poll?.rollType === 'households' ? <Muted>一户一票：您代表 {t.myUnit?.label} 投票。</Muted> : null}
      </Card>
      {assisted ? (
        <Card>
          <SectionTitle>本人同意方式（必填，会写入记录）</SectionTitle>
          <Choices options={(Object.keys(CONSENT_KINDS) as ConsentKind[]).map((k) => ({ value: k, label: CONSENT_KINDS[k] }))} value={consent} onChange={setConsent} />
        </Card>
      ) : null}
      <View>
        {poll.options.map((o, i) => {
          const on = choices.includes(o.id);
          return (
            <View key={o.id} className={`dl-option${on ? ' dl-option-on' : ''}`} hoverClass="cq-row-hover" onClick={() => toggle(o.id)} ariaRole={many ? 'checkbox' : 'radio'} data-testid={`option-${o.label}`}>
              <View className={`cq-check${on ? ' cq-check-on' : ''}`}>
                <Text>{on ? '✓' : ''}</Text>
              </View>
              <Text className="dl-option-label">
                {i + 1}. {o.label}
              </Text>
            </View>
          );
        })}
      </View>
      <SubmitBar label={changing ? '确认修改' : assisted ? '确认代投' : '确认投票'} testId="cast-vote" busy={submit.busy} error={problem ?? submit.error} onSubmit={onVote} />
    </View>
  );
}

function Receipt({ out, recovered, assisted, residentName }: { out: VoteOutput; recovered: boolean; assisted: boolean; residentName?: string }) {
  const code = formatReceipt(out.receipt);
  const speech = `${assisted ? `${residentName ?? ''}的` : '您的'}投票回执号是：${receiptForSpeech(out.receipt)}。请记下来，结果公布后可以在公开名单里找到它。`;
  return (
    <View>
      <Banner>
        <P strong>{recovered ? '您之前的投票已经计入' : out.changed ? '已修改' : assisted ? `已代 ${residentName ?? ''} 投票` : '投票成功'}</P>
      </Banner>
      <Card>
        <View className="cq-head">
          <SectionTitle>{assisted ? `${residentName ?? ''}的回执号` : '您的回执号'}</SectionTitle>
          <ReadAloud text={speech} />
        </View>
        <Text className="dl-receipt" data-testid="receipt">
          {code}
        </Text>
        <Muted>
          {assisted
            ? '请把回执号念给本人听，或抄在纸上交给本人。结果公布后，本人或家属可以在公开名单里找到这个号，核对票是否计入。'
            : '回执号保存在这台手机上。结果公布后，在公开名单里能找到它和它的选择；别人看不出这是谁的票。'}
        </Muted>
      </Card>
      <Btn type="primary" onClick={back} testId="vote-done">
        完成
      </Btn>
    </View>
  );
}
