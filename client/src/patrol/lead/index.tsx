import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Async } from '../../components/Async';
import { AreaField } from '../../components/Field';
import { Banner, Btn, Card, Muted, P, Row, SectionTitle } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { useParams } from '../../routes';
import type { LeadCard, TriageAction } from '../../../../server/patrol/contract';
import { patrol } from '../../services/api';
import { TRIAGE } from '../../../../server/patrol/states';
import { useQuery } from '../../state/useQuery';
import { errorText, useSubmit } from '../../state/useSubmit';
import { LeadRow } from '../LeadRow';
import { timeText } from '../ui';
import '../patrol.scss';

const TICKET_STATE: Record<string, string> = { open: '处理中', fixed: '已解决', closed: '已关闭' };

/** One lead: its cluster, and the five actions (plus publish / keep off for a held post). */
export default function LeadPage() {
  const { villageId, leadId } = useParams();
  const q = useQuery(() => patrol('getLead', { villageId, leadId }), [villageId, leadId]);
  return (
    <Screen title="线索">
      <Async query={q}>
        {(d) => (
          <View>
            <Card>
              <LeadRow lead={d.lead} />
            </Card>
            {d.members.length ? (
              <View>
                <SectionTitle>同样的消息（{d.members.length}）</SectionTitle>
                <Card>
                  {d.members.map((m) => (
                    <Row key={m.messageId} label={m.text} hint={`${m.authorName} · ${timeText(m.postedAt)}`} />
                  ))}
                </Card>
              </View>
            ) : null}
            {d.ticket ? (
              <Banner>
                <P strong>已转为工单</P>
                <Muted>工单状态：{TICKET_STATE[d.ticket.bucket ?? ''] ?? d.ticket.status}</Muted>
              </Banner>
            ) : null}
            {d.lead.status === 'open' || d.lead.status === 'escalated' ? <Actions villageId={villageId} lead={d.lead} onDone={q.reload} /> : <Handled lead={d.lead} />}
          </View>
        )}
      </Async>
    </Screen>
  );
}

function Handled({ lead }: { lead: LeadCard }) {
  const h = lead.handled;
  if (!h) return null;
  return (
    <Banner>
      <P strong>{h.byName} 已处理</P>
      {h.reason ? <Muted>理由：{h.reason}</Muted> : null}
      {h.replyText ? <Muted>回复：{h.replyText}</Muted> : null}
      {h.warningText ? <Muted>防骗提醒：{h.warningText}</Muted> : null}
    </Banner>
  );
}

const NEEDS_TEXT: Partial<Record<TriageAction, { label: string; placeholder: string }>> = {
  dismiss: { label: '排除的理由', placeholder: '例如：已核实，是村民在提醒大家' },
  reply: { label: '回复居民（会显示在帖子下面，并通知本人）', placeholder: '例如：已联系供电所，今天下午来修' },
  warn: { label: '防骗提醒（置顶在村里的群，长辈模式会朗读）', placeholder: '说清骗子的手法和怎么防，不要照抄骗子的原话' },
  convert: { label: '工单描述（可修改）', placeholder: '' },
  escalate: { label: '上报村委的说明（可不填）', placeholder: '例如：涉及两户的宅基地边界，需要村委调解' },
};

function Actions({ villageId, lead, onDone }: { villageId: string; lead: LeadCard; onDone: () => void }) {
  const [action, setAction] = useState<TriageAction | null>(null);
  const [text, setText] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const act = useSubmit(async (o, a: TriageAction, t: string) => {
    const base = { villageId, leadId: lead.leadId };
    if (a === 'dismiss') return patrol('dismissLead', { ...base, reason: t }, o);
    if (a === 'reply') return patrol('replyLead', { ...base, text: t }, o);
    if (a === 'convert') return patrol('convertLead', { ...base, text: t || undefined }, o);
    if (a === 'escalate') return patrol('escalateLead', { ...base, reason: t || undefined }, o);
    return patrol('warnLead', { ...base, text: t }, o);
  });
  const review = useSubmit((o, decision: 'publish' | 'reject', reason: string) => patrol('reviewPost', { villageId, postId: lead.leadId, decision, reason: reason || undefined }, o));

  if (done)
    return (
      <Banner>
        <P strong>{done}</P>
        <Btn onClick={onDone}>刷新</Btn>
      </Banner>
    );
  const choose = (a: TriageAction) => {
    setAction(a);
    setText(a === 'convert' ? lead.text.slice(0, 500) : '');
  };
  return (
    <View>
      {lead.held ? (
        <Card>
          <P strong>这条帖子在等审核</P>
          <Muted>发布后全村可见；不予发布要写明原因，发帖人能看到。</Muted>
          <View className="pt-actions">
            <Btn onClick={async () => (await review.run('publish', '')) && setDone('已发布到村里的群')}>发布</Btn>
            <Btn onClick={async () => (await review.run('reject', text)) && setDone('已不予发布')}>不予发布（理由写在下面）</Btn>
            {review.error ? <Muted>{errorText(review.error)}</Muted> : null}
          </View>
        </Card>
      ) : null}
      <SectionTitle>怎么处理</SectionTitle>
      <View className="pt-actions">
        {(Object.keys(TRIAGE) as TriageAction[])
          .filter((a) => (TRIAGE[a].from as readonly string[]).includes(lead.status))
          .map((a) => (
            <Btn key={a} type={action === a ? 'primary' : 'default'} onClick={() => choose(a)} testId={`action-${a}`}>
              {TRIAGE[a].label}
            </Btn>
          ))}
      </View>
      {action ? (
        <Card>
          <AreaField label={NEEDS_TEXT[action]!.label} value={text} onChange={setText} maxLength={500} name="triage-text" placeholder={NEEDS_TEXT[action]!.placeholder} />
          {act.error ? (
            <Text className="pt-error-line" data-testid="triage-error">
              {errorText(act.error)}
            </Text>
          ) : null}
          <Btn
            type="primary"
            loading={act.busy}
            testId="confirm-action"
            onClick={async () => {
              const out = await act.run(action, text);
              if (out) setDone(`已${TRIAGE[action].label}${out.ticketId ? '，工单已建立' : ''}`);
            }}
          >
            确定{TRIAGE[action].label}
          </Btn>
        </Card>
      ) : null}
    </View>
  );
}
