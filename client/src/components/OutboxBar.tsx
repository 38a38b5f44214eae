import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { discardDraft, flushOutbox, installOutbox, retryDraft, useOutbox } from '../state/outbox';

installOutbox();

/** "等待发送": the drafts kept on this phone while the network was down (state/outbox.ts). */
export function OutboxBar() {
  const drafts = useOutbox();
  useDidShow(() => {
    if (drafts.length) void flushOutbox();
  });
  if (drafts.length === 0) return null;
  const waiting = drafts.filter((d) => !d.refused);
  const refused = drafts.filter((d) => d.refused);
  return (
    <View className="cq-banner cq-banner-warn" data-testid="outbox">
      {waiting.length ? (
        <View onClick={() => void flushOutbox()}>
          <Text className="cq-text cq-strong" data-testid="outbox-waiting">
            {waiting.length} 条等待发送（{[...new Set(waiting.map((d) => d.label))].join('、')}）
          </Text>
          <Text className="cq-muted">网络恢复后自动发送，不会重复。点这里现在就试。</Text>
        </View>
      ) : null}
      {refused.map((d) => (
        <View key={d.requestId} className="cq-row">
          <Text className="cq-text">
            {d.label}没有发出去：{d.refused}
          </Text>
          <Text className="cq-link" onClick={() => void retryDraft(d.requestId)}>
            再发一次
          </Text>
          <Text className="cq-link" onClick={() => discardDraft(d.requestId)}>
            不要了
          </Text>
        </View>
      ))}
    </View>
  );
}
