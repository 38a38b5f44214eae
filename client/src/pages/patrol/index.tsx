import { View } from '@tarojs/components';
import { useShareAppMessage } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { Async } from '../../components/Async';
import { Btn, Card, Row, SectionTitle } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { Empty } from '../../components/states';
import { VillageGate } from '../../components/VillageGate';
import { ElderHome } from '../../elder/Home';
import { useElder } from '../../elder/store';
import { go } from '../../routes';
import type { MembershipView } from '../../../../server/account/contract';
import type { BoardPost } from '../../../../server/patrol/contract';
import { patrol } from '../../services/api';
import { checkMemberStamp } from '../../state/me';
import { rememberUnread } from '../../state/unread';
import { rememberTabStamps } from '../../state/tab-stamps';
import { useQuery } from '../../state/useQuery';
import { patrolRoutes } from '../../patrol/nav';
import { handThread } from '../../patrol/threads';
import { PostBody, WarningCard } from '../../patrol/ui';
import '../../patrol/patrol.scss';

/**
 * 巡群 tab: the village board (村里的群). Fraud warnings are pinned on top and read aloud in 长辈模式;
 * posts newest first (my own held ones marked 待审核). Grid workers and the committee reach the triage
 * queue, import and coverage from here; everyone can turn a WeChat group message into a lead.
 * In 长辈模式 this first screen is the 长辈 home (elder/Home.tsx), the board one step further.
 */
export default function PatrolTab() {
  useShareAppMessage(() => ({ title: '村群治理：点开就能申请加入本村', path: '/pages/patrol/index' }));
  const elder = useElder();
  return elder.elder ? (
    <Screen title="首页" read="首页。说一说：说话就能发帖、上报问题。听通知：防骗提醒和消息读给您听。我的积分。找网格员：点一下就打电话。">
      <VillageGate>{(current) => <ElderHome current={current} more={<Board current={current} />} />}</VillageGate>
    </Screen>
  ) : (
    <Screen title="巡群" read="巡群。村里的群：发帖、回复，看防骗提醒。看到可疑的消息，可以转为线索交给网格员。">
      <VillageGate>{(current) => <Board current={current} />}</VillageGate>
    </Screen>
  );
}

function Board({ current }: { current: MembershipView }) {
  const { villageId, roles } = current;
  const q = useQuery(() => patrol('listBoard', { villageId }), [villageId], { refreshOnShow: true });
  // the kept `me` is checked against the stamp the board answered (state/me.ts): no call of its own
  const stamp = q.data?.memberStamp;
  useEffect(() => checkMemberStamp(villageId, stamp), [villageId, stamp]);
  // 我的 shows the unread count the board's answer brought (state/unread.ts)
  useEffect(() => rememberUnread(villageId, q.data?.unread), [villageId, q.data]);
  // and the 积分 / 议事 stamps: those tabs show what the phone keeps while they stand
  useEffect(() => rememberTabStamps(villageId, q.data?.tabStamps), [villageId, q.data]);
  const [more, setMore] = useState<{ posts: BoardPost[]; cursor: string | null } | null>(null);
  const worker = roles.includes('grid_worker') || roles.includes('committee');
  const committee = roles.includes('committee');
  const open = (post: BoardPost) => {
    handThread(villageId, post);
    go(patrolRoutes.thread, { villageId, postId: post.postId });
  };

  return (
    <View>
      <Async query={q}>
        {(board) => {
          const posts = [...board.posts, ...(more?.posts ?? [])];
          const cursor = more ? more.cursor : board.nextCursor;
          return (
            <View>
              {board.warnings.map((w) => (
                <WarningCard key={w.postId} post={w} />
              ))}
              <View className="cq-gap" />
              <Btn type="primary" onClick={() => go(patrolRoutes.post, { villageId })} testId="new-post">
                发帖
              </Btn>
              <SectionTitle>村里的群</SectionTitle>
              {posts.length === 0 ? (
                <Empty mark="群" title="还没有人发帖" hint="有事说一声：停水停电、找人帮忙、提醒乡亲，都可以发在这里。" />
              ) : (
                <Card>
                  {posts.map((p) => (
                    <PostBody key={p.postId} post={p} onOpen={p.visibility === 'shown' ? () => open(p) : undefined} />
                  ))}
                </Card>
              )}
              {cursor ? (
                <Btn
                  onClick={async () => {
                    const page = await patrol('listBoard', { villageId, cursor });
                    setMore((m) => ({ posts: [...(m?.posts ?? []), ...page.posts], cursor: page.nextCursor }));
                  }}
                >
                  看更早的帖子
                </Btn>
              ) : null}
            </View>
          );
        }}
      </Async>
      <SectionTitle>从微信群来的消息</SectionTitle>
      <Card>
        <Row label="转为线索" hint="把微信群里看到的可疑消息粘贴过来，交给网格员" onClick={() => go(patrolRoutes.paste, { villageId })} testId="to-paste" />
        {worker ? <Row label="导入聊天记录" hint="合并转发或导出的群聊天记录，一次查一遍" onClick={() => go(patrolRoutes.import, { villageId })} testId="to-import" /> : null}
      </Card>
      {worker ? (
        <View>
          <SectionTitle>网格员</SectionTitle>
          <Card>
            <Row label="线索待办" hint="最紧急、最早的排在前面" onClick={() => go(patrolRoutes.queue, { villageId })} testId="to-queue" />
            <Row label="巡查覆盖" hint="各网格待看的消息和首次查看用时" onClick={() => go(patrolRoutes.coverage, { villageId })} />
            {committee ? <Row label="巡群词库" hint="村委维护：诉求、纠纷、隐患、诈骗、违规的词" onClick={() => go(patrolRoutes.lexicon, { villageId })} /> : null}
            {committee ? <Row label="巡群准确率" hint="各类线索有多少真有用，判定门槛由村委调整" onClick={() => go(patrolRoutes.accuracy, { villageId })} testId="to-accuracy" /> : null}
          </Card>
        </View>
      ) : null}
    </View>
  );
}
