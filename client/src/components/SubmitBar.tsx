import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { errorText } from '../state/useSubmit';
import { Btn, Muted } from './kit';

/**
 * The foot of a form: what went wrong (red, above the button), the one big button that sends it — busy
 * while it runs —, why it cannot be tapped yet, and optionally a quieter second button (返回, 取消).
 * `error` is a message to show as is, or what useSubmit caught.
 */
export function SubmitBar({
  label,
  onSubmit,
  busy,
  disabled,
  error,
  testId,
  type = 'primary',
  why,
  secondary,
  gap,
}: {
  label: ReactNode;
  onSubmit: () => unknown;
  busy?: boolean;
  disabled?: boolean;
  error?: unknown;
  testId?: string;
  type?: 'primary' | 'danger' | 'default';
  /** shown under the button while it is disabled */
  why?: ReactNode;
  secondary?: { label: ReactNode; onClick: () => void; testId?: string };
  /** a blank line above the bar, when it follows a card */
  gap?: boolean;
}) {
  const message = typeof error === 'string' ? error : errorText(error);
  return (
    <View>
      {message ? (
        <Text className="cq-error-text" data-testid={testId ? `${testId}-error` : undefined}>
          {message}
        </Text>
      ) : null}
      {gap ? <View className="cq-gap" /> : null}
      <Btn type={type} testId={testId} disabled={disabled} loading={busy} onClick={() => void onSubmit()}>
        {label}
      </Btn>
      {disabled && why ? <Muted>{why}</Muted> : null}
      {secondary ? <View className="cq-gap" /> : null}
      {secondary ? (
        <Btn onClick={secondary.onClick} testId={secondary.testId}>
          {secondary.label}
        </Btn>
      ) : null}
    </View>
  );
}
