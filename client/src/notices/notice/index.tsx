import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Async } from '../../components/Async';
import { AreaField } from '../../components/Field';
import { Banner, Btn, Card, Muted, P, SectionTitle } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { SubmitBar } from '../../components/SubmitBar';
import { go, useParams } from '../../routes';
import { notices } from '../../services/api';
import { useQuery } from '../../state/useQuery';
import { useSubmit } from '../../state/useSubmit';
import { NOTICE_CATEGORIES, NOTICE_LIMITS, type NoticeDetail, type QuestionView } from '../../../../server/notices/contract';
import { CategoryTag, day, Figure, NoticePhotos, noticeRoutes, when } from '../ui';

/**
 * One notice: its text and photos (read aloud from the head), how many households have seen it — per grid
 * for the committee and grid workers —, who was told in person, and the questions under it with the
 * committee's answers. Opening it records my household's first view.
 */
export default function NoticePage() {
  const { villageId, noticeId } = useParams();
  const q = useQuery(() => notices('openNotice', { villageId, noticeId }), [villageId, noticeId], { refreshOnShow: true });
  return (
    <Screen title="通知" read={q.data ? readOut(q.data) : undefined}>
      <Async query={q}>{(n) => <Detail n={n} villageId={villageId} onChanged={q.reload} />}</Async>
    </Screen>
  );
}

/** What 朗读 says: the whole notice, then the answers people got. */
function readOut(n: NoticeDetail): string {
  const answered = n.questions.filter((q) => q.answer);
  return [
    `${NOTICE_CATEGORIES[n.category]}公开。${n.title}。`,
    n.text,
    `${n.authorName}，${day(n.publishedAt)}发布。`,
    ...answered.map((q, i) => `第${i + 1}个提问：${q.text}。村委答复：${q.answer!.text}`),
  ].join('\n');
}

function Detail({ n, villageId, onChanged }: { n: NoticeDetail; villageId: string; onChanged: () => void }) {
  const ref = { villageId, noticeId: n.noticeId };
  const unpin = useSubmit((opts) => notices('unpinNotice', ref, opts));
  return (
    <View>
      <Card>
        <View>
          <CategoryTag category={n.category} />
          {n.pinned ? <Text className="cq-muted">{` 置顶到${day(n.pinnedUntil!)}`}</Text> : null}
        </View>
        <P strong>{n.title}</P>
        <View data-testid="notice-text">
          {n.text.split('\n').map((line, i) => (
            <P key={i}>{line}</P>
          ))}
        </View>
        <NoticePhotos ids={n.photos} />
        <Muted>{`${n.authorName} 于 ${when(n.publishedAt)} 发布${n.editedAt ? `，${when(n.editedAt)} 修改过` : ''}`}</Muted>
      </Card>

      <SectionTitle>多少户已经知道</SectionTitle>
      <Card>
        <Figure label="看过的户数" value={`${n.reach.seen} / ${n.reach.households} 户`} testId="reach-seen" />
        <Figure label="网格员当面告知" value={`${n.reach.told} 户`} testId="reach-told" />
        {n.reach.byGrid.map((g) => (
          <Figure key={g.gridId} label={g.name} value={`看过 ${g.seen} · 告知 ${g.told} · 共 ${g.households} 户`} testId={`reach-${g.gridId}`} />
        ))}
        {n.canTell ? (
          <Btn type="primary" onClick={() => go(noticeRoutes.households, { villageId, noticeId: n.noticeId })} testId="notice-tell">
            还有谁不知道 · 当面告知
          </Btn>
        ) : null}
      </Card>
      {n.told.length ? (
        <View>
          <SectionTitle>当面告知记录</SectionTitle>
          <Card>
            {n.told.map((t) => (
              <View key={t.householdId} className="cq-timeline-item">
                <Text className="cq-text">{`${t.toldByName} 当面告知了 ${t.toldToName}${t.note ? `（${t.note}）` : ''}`}</Text>
                <Muted>{when(t.at)}</Muted>
              </View>
            ))}
          </Card>
        </View>
      ) : null}

      {n.canEdit ? (
        <View>
          <SectionTitle>村委</SectionTitle>
          <Card>
            <Btn onClick={() => go(noticeRoutes.publish, { villageId, noticeId: n.noticeId })} testId="notice-edit">
              修改通知
            </Btn>
            {n.pinned ? <SubmitBar label="取消置顶" busy={unpin.busy} error={unpin.error} onSubmit={async () => (await unpin.run()) && onChanged()} testId="notice-unpin" type="default" /> : null}
          </Card>
        </View>
      ) : null}

      <SectionTitle>{`提问与答复（${n.questions.length}）`}</SectionTitle>
      {n.questions.length ? (
        <Card>
          {n.questions.map((q) => (
            <Question key={q.questionId} q={q} villageId={villageId} canAnswer={n.canAnswer} onChanged={onChanged} />
          ))}
        </Card>
      ) : (
        <Muted>还没有人提问。</Muted>
      )}
      {n.canAsk ? <Ask villageId={villageId} noticeId={n.noticeId} onChanged={onChanged} /> : null}
    </View>
  );
}

function Question({ q, villageId, canAnswer, onChanged }: { q: QuestionView; villageId: string; canAnswer: boolean; onChanged: () => void }) {
  const [text, setText] = useState('');
  const answer = useSubmit((opts) => notices('answerQuestion', { villageId, questionId: q.questionId, text: text.trim() }, opts));
  return (
    <View className="cq-timeline-item" data-testid={`question-${q.questionId}`}>
      <Text className="cq-text cq-strong">{`问：${q.text}`}</Text>
      <Muted>{`${q.mine ? '我' : q.askerName} · ${when(q.askedAt)}`}</Muted>
      {q.answer ? (
        <View>
          <Text className="cq-text">{`答：${q.answer.text}`}</Text>
          <Muted>{`${q.answer.byName}（村委）· ${when(q.answer.at)}`}</Muted>
        </View>
      ) : canAnswer ? (
        <View>
          <AreaField name={`answer-${q.questionId}`} label="答复" value={text} onChange={setText} maxLength={NOTICE_LIMITS.answerMax} />
          <SubmitBar label="答复" disabled={!text.trim()} busy={answer.busy} error={answer.error} onSubmit={async () => (await answer.run()) && onChanged()} testId="answer-submit" />
        </View>
      ) : (
        <Muted>等待村委答复</Muted>
      )}
    </View>
  );
}

function Ask({ villageId, noticeId, onChanged }: { villageId: string; noticeId: string; onChanged: () => void }) {
  const [text, setText] = useState('');
  const [sent, setSent] = useState(false);
  const ask = useSubmit((opts) => notices('askQuestion', { villageId, noticeId, text: text.trim() }, opts));
  return (
    <Card>
      {sent ? <Banner>问题已提交，村委答复后会显示在这里，也会发到您的消息里。</Banner> : null}
      <AreaField name="question" label="我想问" value={text} onChange={setText} maxLength={NOTICE_LIMITS.questionMax} placeholder="看不懂、有疑问的地方，写下来或说出来" />
      <SubmitBar
        label="提问"
        disabled={!text.trim()}
        why="先写下想问的问题"
        busy={ask.busy}
        error={ask.error}
        testId="ask-submit"
        onSubmit={async () => {
          if (await ask.run()) {
            setText('');
            setSent(true);
            onChanged();
          }
        }}
      />
    </Card>
  );
}
