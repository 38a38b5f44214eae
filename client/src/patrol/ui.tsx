import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { Category, PostView, ScanSpan } from '../../../server/patrol/contract';
import { fileUrl } from '../services/upload';
import { playVoice } from '../services/media';
import { ReadAloud } from '../components/ReadAloud';
import { Tag } from '../components/kit';

/**
 * Pieces the board (tab page) and the patrol pages share: highlighted text, a post, a pinned warning.
 * Small on purpose: the tab page is in the main package.
 */
export const CATEGORY_LABEL: Record<Category, string> = { demand: '诉求', dispute: '矛盾纠纷', hazard: '安全隐患', fraud: '诈骗', violation: '违规' };
export const CATEGORY_TONE: Record<Category, 'danger' | 'warn' | 'primary' | 'plain'> = { fraud: 'danger', hazard: 'danger', dispute: 'warn', violation: 'warn', demand: 'primary' };

export function timeText(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getMonth() + 1}月${d.getDate()}日 ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * The text with the scanner's matches marked. Spans may nest or overlap (刷单返利 holds 刷单): a
 * character is marked when any span covers it, and the strongest category colours it.
 */
export function Highlighted({ text, spans }: { text: string; spans: ScanSpan[] }) {
  if (!spans.length) return <Text className="cq-text pt-body">{text}</Text>;
  const rank: Category[] = ['fraud', 'hazard', 'dispute', 'violation', 'demand'];
  const mark: (Category | null)[] = new Array(text.length).fill(null);
  for (const s of spans)
    for (let i = s.start; i < Math.min(s.end, text.length); i++) if (mark[i] === null || rank.indexOf(s.category) < rank.indexOf(mark[i]!)) mark[i] = s.category;
  const parts: { text: string; cat: Category | null }[] = [];
  for (let i = 0; i < text.length; i++) {
    const last = parts[parts.length - 1];
    if (last && last.cat === mark[i]) last.text += text[i];
    else parts.push({ text: text[i], cat: mark[i] });
  }
  return (
    <Text className="cq-text pt-body">
      {parts.map((p, i) =>
        p.cat ? (
          <Text key={i} className={`pt-hit pt-hit-${p.cat}`} data-testid="hit">
            {p.text}
          </Text>
        ) : (
          <Text key={i}>{p.text}</Text>
        ),
      )}
    </Text>
  );
}

export function Media({ post }: { post: Pick<PostView, 'photos' | 'voice'> }) {
  if (!post.photos.length && !post.voice) return null;
  const urls = post.photos.map((p) => fileUrl(p.fileId));
  return (
    <View className="pt-media">
      {urls.map((u) => (
        <Image key={u} className="pt-photo" src={u} mode="aspectFill" onClick={() => Taro.previewImage({ urls, current: u })} />
      ))}
      {post.voice ? <VoiceNote fileId={post.voice.fileId} seconds={post.voice.durationS} /> : null}
    </View>
  );
}

function VoiceNote({ fileId, seconds }: { fileId: string; seconds: number }) {
  const play = () => playVoice(fileUrl(fileId));
  return (
    <View className="pt-voice" onClick={play} ariaRole="button" hoverClass="cq-btn-hover">
      <Text>▶ 语音 {Math.round(seconds)} 秒</Text>
    </View>
  );
}

/** A fraud warning pinned on the board: big, red-edged, read aloud in 长辈模式. */
export function WarningCard({ post }: { post: PostView }) {
  if (!post.warning) return null;
  return (
    <View className="pt-warning" data-testid="fraud-warning">
      <View className="pt-warning-head">
        <Text className="pt-warning-title">防骗提醒</Text>
        <ReadAloud text={`防骗提醒。${post.warning.text}`} />
      </View>
      <Text className="cq-text pt-body">{post.warning.text}</Text>
      <Text className="cq-muted">
        {post.warning.byName} · {timeText(post.warning.at)}
      </Text>
    </View>
  );
}

export function PostBody({ post, onOpen }: { post: PostView; onOpen?: () => void }) {
  return (
    <View className="pt-post" onClick={onOpen} data-testid="post">
      <View className="pt-post-head">
        <Text className="pt-author">{post.authorName}</Text>
        <Text className="cq-muted">{timeText(post.postedAt)}</Text>
        {post.visibility === 'held' ? <Tag tone="warn">待审核</Tag> : null}
        {post.visibility === 'rejected' ? <Tag tone="danger">未通过审核</Tag> : null}
      </View>
      {post.text ? <Text className="cq-text pt-body">{post.text}</Text> : null}
      <Media post={post} />
      {post.visibility === 'held' && post.mine ? <Text className="cq-muted">网格员看过后才会公开，只有您自己看得到。</Text> : null}
      {post.rejectReason ? <Text className="cq-muted">未公开的原因：{post.rejectReason}</Text> : null}
      {post.officialReply ? (
        <View className="pt-official">
          <Text className="pt-official-by">网格员 {post.officialReply.byName} 回复：</Text>
          <Text className="cq-text">{post.officialReply.text}</Text>
        </View>
      ) : null}
      {onOpen ? <Text className="cq-muted">{post.replyCount ? `${post.replyCount} 条回复 ›` : '回复 ›'}</Text> : null}
    </View>
  );
}
