import { View } from '@tarojs/components';
import { useState } from 'react';
import { takeThread } from '../threads';
import { Async } from '../../components/Async';
import { Banner, Btn, Card, Muted, P, SectionTitle } from '../../components/kit';
import { ReadAloud } from '../../components/ReadAloud';
import { Screen } from '../../components/Screen';
import { Empty } from '../../components/states';
import { go, useParams } from '../../routes';
import { patrol } from '../../services/api';
import { useQuery } from '../../state/useQuery';
import { errorText, useSubmit } from '../../state/useSubmit';
import { patrolRoutes } from '../nav';
import { PostBody } from '../ui';
import '../patrol.scss';

/** A post with its replies and the grid worker's answer; reply, or flag it for a grid worker. */
export default function ThreadPage() {
  const { villageId, postId } = useParams();
  // opened from the board: the thread came with the board's answer (threads.ts); coming back after a reply asks
  const [handed] = useState(() => takeThread(villageId, postId));
  const q = useQuery(() => patrol('getThread', { villageId, postId }), [villageId, postId], { refreshOnShow: true, initial: handed });
  const [flagged, setFlagged] = useState(false);
  const flag = useSubmit((o) => patrol('flagPost', { villageId, postId }, o));
  return (
    <Screen title="帖子">
      <Async query={q}>
        {({ post, replies }) => (
          <View>
            <Card>
              <PostBody post={post} />
              <ReadAloud text={`${post.authorName}说：${post.text}${post.officialReply ? `。网格员回复：${post.officialReply.text}` : ''}`} />
            </Card>
            <SectionTitle>回复</SectionTitle>
            {replies.length === 0 ? (
              <Empty mark="复" title="还没有回复" />
            ) : (
              <Card>
                {replies.map((r) => (
                  <PostBody key={r.postId} post={r} />
                ))}
              </Card>
            )}
            <View className="pt-actions">
              <Btn type="primary" onClick={() => go(patrolRoutes.post, { villageId, replyTo: postId })} testId="reply">
                写回复
              </Btn>
              {!post.mine && post.visibility === 'shown' ? (
                flagged || post.flaggedByMe ? (
                  <Banner>
                    <P strong>已交给网格员</P>
                    <Muted>谢谢您，网格员会尽快看。</Muted>
                  </Banner>
                ) : (
                  <Btn onClick={async () => (await flag.run()) && setFlagged(true)} loading={flag.busy} testId="flag">
                    这条有问题，请网格员看看
                  </Btn>
                )
              ) : null}
              {flag.error ? <Muted>{errorText(flag.error)}</Muted> : null}
            </View>
          </View>
        )}
      </Async>
    </Screen>
  );
}
