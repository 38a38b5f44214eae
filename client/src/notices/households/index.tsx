import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Async } from '../../components/Async';
import { TextField } from '../../components/Field';
import { Banner, Card, Muted, P, SectionTitle } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { SubmitBar } from '../../components/SubmitBar';
import { useParams } from '../../routes';
import { notices } from '../../services/api';
import { useQuery } from '../../state/useQuery';
import { useSubmit } from '../../state/useSubmit';
import { NOTICE_LIMITS, type HouseholdReach } from '../../../../server/notices/contract';
import { when } from '../ui';

/**
 * 当面告知: the households of my grids and whether each knows the notice — those still to tell first (the
 * ones without WeChat at the top). Telling someone is recorded openly: who told whom, when.
 */
export default function NoticeHouseholdsPage() {
  const { villageId, noticeId, gridId } = useParams();
  const q = useQuery(() => notices('listNoticeHouseholds', { villageId, noticeId, gridId: gridId || undefined }), [villageId, noticeId, gridId]);
  return (
    <Screen title="还有谁不知道" read="还有谁不知道。没看过这条通知的住户排在前面，不用微信的老人排在最前。上门或打电话告诉他们之后，点当面告知，记下来。">
      <Async query={q}>
        {(list) => {
          const todo = list.households.filter((h) => !h.reached);
          const done = list.households.filter((h) => h.reached);
          return (
            <View>
              <Banner>{`「${list.title}」：${list.grids.map((g) => g.name).join('、')}共 ${list.households.length} 户，还有 ${todo.length} 户不知道`}</Banner>
              <SectionTitle>还不知道</SectionTitle>
              {todo.length ? todo.map((h) => <ToTell key={h.householdId} h={h} villageId={villageId} noticeId={noticeId} onDone={q.reload} />) : <Muted>都知道了。</Muted>}
              <SectionTitle>已经知道</SectionTitle>
              <Card>
                {done.map((h) => (
                  <View key={h.householdId} className="cq-timeline-item">
                    <Text className="cq-text">{`${h.headName}家（${h.address}）`}</Text>
                    <Muted>{h.reached!.via === 'seen' ? `${h.reached!.byName} 在手机上看过 · ${when(h.reached!.at)}` : `${h.reached!.byName} 当面告知了 ${h.reached!.toldToName} · ${when(h.reached!.at)}`}</Muted>
                  </View>
                ))}
              </Card>
            </View>
          );
        }}
      </Async>
    </Screen>
  );
}

function ToTell({ h, villageId, noticeId, onDone }: { h: HouseholdReach; villageId: string; noticeId: string; onDone: () => void }) {
  const [note, setNote] = useState('');
  const [who, setWho] = useState<string | null>(h.offlineMembers[0]?.residentId ?? null);
  const tell = useSubmit((opts) => notices('markToldInPerson', { villageId, noticeId, residentId: who!, note: note.trim() }, opts));
  return (
    <Card>
      <P strong>{`${h.headName}家`}</P>
      <Muted>{`${h.address} · ${h.gridName}${h.onlineMembers ? ` · ${h.onlineMembers}人用微信` : ' · 全家不用微信'}`}</Muted>
      {h.offlineMembers.length ? (
        <View>
          {h.offlineMembers.map((m) => (
            <View key={m.residentId} className={`cq-row${who === m.residentId ? ' cq-row-selected' : ''}`} onClick={() => setWho(m.residentId)} ariaRole="radio">
              <View className={`cq-check${who === m.residentId ? ' cq-check-on' : ''}`}>
                <Text>{who === m.residentId ? '✓' : ''}</Text>
              </View>
              <View className="cq-row-main">
                <Text className="cq-row-label">{`告诉了 ${m.name}`}</Text>
                <Text className="cq-row-hint">不用微信</Text>
              </View>
            </View>
          ))}
          <TextField name={`note-${h.householdId}`} label="怎么告知的（可不填）" value={note} onChange={setNote} maxLength={NOTICE_LIMITS.toldNoteMax} placeholder="例如：上门念给老人听" talk />
          <SubmitBar label="当面告知了" disabled={!who} busy={tell.busy} error={tell.error} onSubmit={async () => (await tell.run()) && onDone()} testId={`tell-${h.householdId}`} />
        </View>
      ) : (
        <Muted>家里的人都用微信，可以提醒他们打开看看。</Muted>
      )}
    </Card>
  );
}
