import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { Async } from '../../components/Async';
import { AreaField, TextField } from '../../components/Field';
import { Banner, Btn, Card, Muted, P, Row, SectionTitle, Tag } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { dateText } from '../../labels';
import { go, useParams } from '../../routes';
import { deliberation } from '../../services/api';
import type { PollView, ReplyView, TopicView } from '../../../../server/deliberation/contract';
import { useQuery } from '../../state/useQuery';
import { errorText, useSubmit } from '../../state/useSubmit';
import { loadBallot } from '../ballot';
import { POLL_KINDS, POLL_STATES, ROLL_TYPES, THRESHOLD_KINDS, TOPIC_STATES, percentText, quorumText } from '../labels';
import { delibPaths, formatReceipt } from '../paths';
import '../delib.scss';
import { askConsent } from '../../services/media';

/** One topic: what it is, 附议, the poll (vote, 代办, results), the outcome, and the discussion. */
export default function TopicPage() {
  const { villageId, topicId } = useParams();
  const q = useQuery(() => deliberation('getTopic', { villageId, topicId }), [villageId, topicId], { refreshOnShow: true });
  const title = q.data?.title ?? '议题';
  const read = q.data ? `${q.data.title}。${q.data.body}` : undefined;
  return (
    <Screen title={title} read={read}>
      <Async query={q}>{(t) => <Topic t={t} villageId={villageId} reload={q.reload} />}</Async>
    </Screen>
  );
}

function Topic({ t, villageId, reload }: { t: TopicView; villageId: string; reload: () => void }) {
  return (
    <View>
      <Card>
        <View>
          <Tag tone={t.state === 'voting' ? 'primary' : t.state === 'declined' ? 'warn' : 'plain'}>{TOPIC_STATES[t.state]}</Tag>
          {t.byCommittee ? <Tag tone="plain">村委提出</Tag> : null}
        </View>
        <View className="cq-gap" />
        <P>{t.body}</P>
        <View className="cq-gap" />
        <Muted>
          {t.proposerName} 提出 · {dateText(t.createdAt)}
        </Muted>
        {t.declineReason ? (
          <Banner tone="warn">
            <P strong>不予列入：{t.declineReason}</P>
          </Banner>
        ) : null}
      </Card>
      {t.state === 'seconding' ? <Seconding t={t} villageId={villageId} reload={reload} /> : null}
      <CommitteeTools t={t} villageId={villageId} reload={reload} />
      {t.poll ? <Poll t={t} poll={t.poll} villageId={villageId} reload={reload} /> : null}
      {t.outcome ? <Outcome t={t} villageId={villageId} /> : null}
      <Discussion t={t} villageId={villageId} reload={reload} />
    </View>
  );
}

function Seconding({ t, villageId, reload }: { t: TopicView; villageId: string; reload: () => void }) {
  const second = useSubmit((opts) => deliberation('secondTopic', { villageId, topicId: t.topicId }, opts));
  const share = Math.min(100, Math.round((t.secondCount * 100) / Math.max(1, t.secondsNeeded)));
  return (
    <Card>
      <SectionTitle>附议</SectionTitle>
      <P>
        已有 {t.secondCount} 人附议，满 {t.secondsNeeded} 人列入议程
      </P>
      <View className="dl-progress">
        <View className="dl-progress-bar" style={`width:${share}%`} />
      </View>
      {t.seconded ? <Muted>您已附议。</Muted> : null}
      {t.can.second ? (
        <Btn type="primary" loading={second.busy} onClick={async () => (await second.run()) && reload()} testId="second-topic">
          我附议
        </Btn>
      ) : null}
      {second.error ? <Text className="cq-error-text">{errorText(second.error)}</Text> : null}
    </Card>
  );
}

function CommitteeTools({ t, villageId, reload }: { t: TopicView; villageId: string; reload: () => void }) {
  const [reason, setReason] = useState('');
  const [declining, setDeclining] = useState(false);
  const agenda = useSubmit((opts) => deliberation('putOnAgenda', { villageId, topicId: t.topicId }, opts));
  const decline = useSubmit((opts, r: string) => deliberation('declineTopic', { villageId, topicId: t.topicId, reason: r }, opts));
  const close = useSubmit((opts) => deliberation('closePoll', { villageId, topicId: t.topicId }, opts));
  const c = t.can;
  if (!c.putOnAgenda && !c.decline && !c.schedulePoll && !c.close && !c.recordOutcome) return null;
  const err = agenda.error ?? decline.error ?? close.error;
  return (
    <Card>
      <SectionTitle>村委操作</SectionTitle>
      {c.putOnAgenda ? (
        <Btn onClick={async () => (await agenda.run()) && reload()} loading={agenda.busy} testId="put-on-agenda">
          直接列入议程
        </Btn>
      ) : null}
      {c.schedulePoll ? (
        <Btn type="primary" onClick={() => go(delibPaths.openPoll, { villageId, topicId: t.topicId, title: t.title })} testId="open-poll">
          发起表决
        </Btn>
      ) : null}
      {c.close ? (
        <Btn
          type="danger"
          loading={close.busy}
          testId="close-poll"
          onClick={async () => {
            const ok = await Taro.showModal({ title: '提前截止表决', content: '截止后立即计票并公布结果，不能再投票。确定吗？' }).then((r) => r.confirm, () => false);
            if (ok && (await close.run())) reload();
          }}
        >
          截止并计票
        </Btn>
      ) : null}
      {c.recordOutcome ? (
        <Btn type="primary" onClick={() => go(delibPaths.outcome, { villageId, topicId: t.topicId })} testId="record-outcome">
          记录决议
        </Btn>
      ) : null}
      {c.decline ? (
        declining ? (
          <View>
            <TextField name="reason" label="不予列入的原因（公开）" value={reason} onChange={setReason} maxLength={100} talk />
            <Btn type="danger" loading={decline.busy} onClick={async () => reason.trim() && (await decline.run(reason.trim())) && reload()}>
              确定不予列入
            </Btn>
          </View>
        ) : (
          <Btn onClick={() => setDeclining(true)}>不予列入…</Btn>
        )
      ) : null}
      {err ? <Text className="cq-error-text">{errorText(err)}</Text> : null}
    </Card>
  );
}

function Poll({ t, poll, villageId, reload }: { t: TopicView; poll: PollView; villageId: string; reload: () => void }) {
  const mine = t.myUnit;
  const stored = loadBallot(t.topicId);
  const now = Date.now();
  const closedByTime = poll.state === 'open' && now >= poll.closesAt;
  const unit = poll.rollType === 'households' ? '户' : '人';
  const subscribe = useSubmit((opts, templateId: string) => deliberation('subscribeReminder', { villageId, topicId: t.topicId, unitId: mine!.unitId, templateId }, opts));
  const askReminder = async () => {
    const settings = await deliberation('getSettings', { villageId }).catch(() => null);
    const tmpl = settings?.reminderTemplateId;
    if (!tmpl) return;
    const [accepted] = await askConsent([tmpl]);
    if (accepted && (await subscribe.run(accepted))) reload();
  };
  return (
    <Card>
      <SectionTitle>表决</SectionTitle>
      <P strong>{poll.question}</P>
      <View className="cq-gap" />
      <View>
        <Tag tone={poll.state === 'open' && !closedByTime ? 'primary' : 'plain'}>{closedByTime ? '已截止，计票中' : POLL_STATES[poll.state]}</Tag>
        <Tag tone="plain">{poll.secret ? '不记名' : '记名'}</Tag>
        <Tag tone="plain">{POLL_KINDS[poll.kind]}</Tag>
      </View>
      <Row label="谁能投" hint={ROLL_TYPES[poll.rollType]} value={poll.rollSize !== null ? `${poll.rollSize} ${unit}` : undefined} />
      <Row label="参加人数要求" hint={quorumText(poll.quorum)} />
      <Row label="通过条件" hint={THRESHOLD_KINDS[poll.threshold]} />
      <Row label="时间" hint={`${dateText(poll.opensAt)} 开始，${dateText(poll.closesAt)} 截止${poll.changeable ? '；截止前可改票' : '；投票后不能修改'}`} />
      {poll.state !== 'counted' && poll.rollSize ? <Row label="已投票" value={`${poll.ballots} / ${poll.rollSize} ${unit}`} /> : null}
      {mine ? (
        <Banner tone={mine.voted ? 'info' : 'warn'}>
          <P strong>
            {mine.voted
              ? mine.votedByMe
                ? '您已投票'
                : `${poll.rollType === 'households' ? '您家' : '您'}已投票（${mine.via === 'assisted' ? `网格员代 ${mine.votedByName} 投` : `${mine.votedByName} 投的`}）`
              : poll.rollType === 'households'
                ? `您家（${mine.label}）还没有投票，一户一票，家里先投的算数`
                : '您还没有投票'}
          </P>
          {stored?.receipt ? <Muted>您的回执：{formatReceipt(stored.receipt)}</Muted> : null}
          {mine.choices ? <Muted>记名投票：{mine.choices.map((c) => poll.options.find((o) => o.id === c)?.label ?? c).join('、')}</Muted> : null}
        </Banner>
      ) : poll.state !== 'scheduled' ? (
        <Muted>您不在本次表决的投票名单中。</Muted>
      ) : null}
      {t.can.vote ? (
        <Btn type="primary" onClick={() => go(delibPaths.vote, { villageId, topicId: t.topicId })} testId="go-vote">
          {mine?.voted ? '修改我的投票' : '去投票'}
        </Btn>
      ) : null}
      {t.can.vote && mine && !mine.voted && !mine.reminderSubscribed && process.env.TARO_ENV === 'weapp' ? (
        <Btn onClick={askReminder} loading={subscribe.busy}>
          截止前提醒我
        </Btn>
      ) : null}
      {t.can.assist ? (
        <Btn onClick={() => go(delibPaths.assist, { villageId, topicId: t.topicId })} testId="go-assist">
          代办投票（为不用手机的老人）
        </Btn>
      ) : null}
      {poll.results ? (
        <View>
          <View className="cq-gap" />
          <SectionTitle>结果</SectionTitle>
          <P strong>
            <Text className={poll.results.passed ? 'dl-ok' : 'dl-bad'}>{poll.results.passed ? '通过' : '未通过'}</Text>
          </P>
          <Muted>
            应投 {poll.results.rollSize} {unit}，实投 {poll.results.ballots} {unit}（{percentText(poll.results.turnoutPermille)}），
            {poll.results.quorumMet ? '达到' : '未达到'}参加人数要求（至少 {poll.results.quorumNeeded} {unit}）
          </Muted>
          <Btn onClick={() => go(delibPaths.results, { villageId, topicId: t.topicId })} testId="go-results">
            查看结果、核对回执
          </Btn>
        </View>
      ) : null}
      {subscribe.error ? <Text className="cq-error-text">{errorText(subscribe.error)}</Text> : null}
    </Card>
  );
}

function Outcome({ t, villageId }: { t: TopicView; villageId: string }) {
  const o = t.outcome!;
  return (
    <Card>
      <SectionTitle>决议</SectionTitle>
      <P>{o.decision}</P>
      <Muted>
        {o.recordedByName} 记录 · {dateText(o.recordedAt)}
      </Muted>
      {o.actions.map((a) => (
        <Row
          key={a.actionId}
          label={a.text}
          hint={a.ticketId ? '已转为网格工单，点开查看进度' : undefined}
          value={<Tag tone={a.done ? 'primary' : 'warn'}>{a.done ? '已完成' : '进行中'}</Tag>}
          onClick={a.ticketId ? () => go('/grid/ticket/index', { villageId, ticketId: a.ticketId }) : undefined}
        />
      ))}
      {t.can.followUps ? (
        <Btn onClick={() => go(delibPaths.outcome, { villageId, topicId: t.topicId })}>后续事项进度</Btn>
      ) : null}
    </Card>
  );
}

function Discussion({ t, villageId, reload }: { t: TopicView; villageId: string; reload: () => void }) {
  const [text, setText] = useState('');
  // earlier pages of the discussion, loaded on request (getTopic brings the newest page)
  const [older, setOlder] = useState<{ replies: ReplyView[]; cursor: string | null } | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderError, setOlderError] = useState<unknown>(null);
  // the newest page moved (a reply posted, the page reloaded): earlier pages are fetched afresh from it, leaving no gap
  useEffect(() => setOlder(null), [t.olderReplies]);
  const post = useSubmit((opts, body: string) => deliberation('postReply', { villageId, topicId: t.topicId, text: body }, opts));
  const cursor = older ? older.cursor : t.olderReplies;
  const replies = [...(older?.replies ?? []), ...t.replies];
  const loadOlder = async () => {
    if (!cursor) return;
    setLoadingOlder(true);
    setOlderError(null);
    try {
      const page = await deliberation('listReplies', { villageId, topicId: t.topicId, before: cursor });
      setOlder({ replies: [...page.replies, ...(older?.replies ?? [])], cursor: page.olderReplies });
    } catch (error) {
      setOlderError(error);
    } finally {
      setLoadingOlder(false);
    }
  };
  return (
    <Card>
      <SectionTitle>{cursor ? `讨论（最近 ${replies.length} 条）` : `讨论（${replies.length}）`}</SectionTitle>
      {cursor ? (
        <Btn loading={loadingOlder} testId="older-replies" onClick={loadOlder}>
          查看更早的发言
        </Btn>
      ) : null}
      {olderError ? <Text className="cq-error-text">{errorText(olderError)}</Text> : null}
      {replies.length === 0 ? <Muted>还没有人发言。</Muted> : null}
      {replies.map((r) => (
        <View key={r.replyId} className="dl-reply">
          <P strong>{r.authorName}</P>
          <P>{r.text}</P>
          <Muted>{dateText(r.at)}</Muted>
        </View>
      ))}
      {t.can.reply ? (
        <View>
          <AreaField name="reply" label="我要发言" value={text} onChange={setText} maxLength={500} placeholder="说说您的看法" />
          <Btn
            loading={post.busy}
            testId="post-reply"
            onClick={async () => {
              if (!text.trim()) return;
              if (await post.run(text.trim())) {
                setText('');
                reload();
              }
            }}
          >
            发言
          </Btn>
          {post.error ? <Text className="cq-error-text">{errorText(post.error)}</Text> : null}
        </View>
      ) : null}
    </Card>
  );
}
