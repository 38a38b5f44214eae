import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { isServiceError } from '../services/transport';
import { Btn } from './kit';

/** Shown while a page's data is on its way. */
export function Loading({ text = '正在加载…' }: { text?: string }) {
  return (
    <View className="cq-state" ariaRole="status">
      <View className="cq-spinner" />
      <Text className="cq-state-hint">{text}</Text>
    </View>
  );
}

/** Nothing to show yet — say so plainly, and what the person can do about it. */
/** `mark`: one character in a circle (no emoji: not every phone or browser font has them). */
export function Empty({ mark = '空', title, hint, action }: { mark?: string; title: string; hint?: string; action?: { text: string; onClick: () => void } }) {
  return (
    <View className="cq-state">
      <Text className="cq-state-mark">{mark}</Text>
      <Text className="cq-state-title">{title}</Text>
      {hint ? <Text className="cq-state-hint">{hint}</Text> : null}
      {action ? (
        <View className="cq-state-action">
          <Btn type="primary" onClick={action.onClick}>
            {action.text}
          </Btn>
        </View>
      ) : null}
    </View>
  );
}

/** A failed load, with the server's Chinese message and a retry. */
export function ErrorState({ error, onRetry, extra }: { error: unknown; onRetry?: () => void; extra?: ReactNode }) {
  const message = isServiceError(error) ? error.message : '出了点问题，请稍后再试。';
  return (
    <View className="cq-state" ariaRole="alert">
      <Text className="cq-state-mark cq-state-mark-warn">!</Text>
      <Text className="cq-state-title">没有加载成功</Text>
      <Text className="cq-state-hint">{message}</Text>
      {onRetry ? (
        <View className="cq-state-action">
          <Btn type="primary" onClick={onRetry}>
            重试
          </Btn>
        </View>
      ) : null}
      {extra}
    </View>
  );
}
