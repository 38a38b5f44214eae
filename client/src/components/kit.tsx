import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

/**
 * The small kit every page uses: plain Taro views styled in app.scss, a few hundred bytes in the
 * main package, and every size (type, touch target, line) follows --cq-scale (长辈模式).
 * Why not NutUI: see docs/ARCHITECTURE.md, Client.
 */

export function Card({ children, className = '' }: { children?: ReactNode; className?: string }) {
  return <View className={`cq-card ${className}`}>{children}</View>;
}

export function SectionTitle({ children }: { children?: ReactNode }) {
  return <Text className="cq-section-title">{children}</Text>;
}

export function Btn({
  children,
  type = 'default',
  onClick,
  disabled,
  loading,
  block = true,
  testId,
}: {
  children?: ReactNode;
  type?: 'default' | 'primary' | 'danger';
  onClick?: () => void;
  disabled?: boolean;
  loading?: boolean;
  block?: boolean;
  testId?: string;
}) {
  const off = disabled || loading;
  return (
    <View
      className={`cq-btn cq-btn-${type}${block ? ' cq-btn-block' : ''}${off ? ' cq-btn-disabled' : ''}`}
      hoverClass={off ? 'none' : 'cq-btn-hover'}
      onClick={off ? undefined : onClick}
      ariaRole="button"
     
      data-testid={testId}
    >
      <Text>{loading ? '请稍候…' : children}</Text>
    </View>
  );
}

/** A whole-row tap target: label, optional hint below, value and arrow on the right. */
export function Row({
  label,
  hint,
  value,
  onClick,
  arrow,
  testId,
}: {
  label: ReactNode;
  hint?: ReactNode;
  value?: ReactNode;
  onClick?: () => void;
  arrow?: boolean;
  testId?: string;
}) {
  return (
    <View className="cq-row" hoverClass={onClick ? 'cq-row-hover' : 'none'} onClick={onClick} data-testid={testId} ariaRole={onClick ? 'button' : undefined}>
      <View className="cq-row-main">
        <Text className="cq-row-label">{label}</Text>
        {hint ? <Text className="cq-row-hint">{hint}</Text> : null}
      </View>
      {value !== undefined && value !== null ? <Text className="cq-row-value">{value}</Text> : null}
      {arrow ?? !!onClick ? <Text className="cq-row-arrow">›</Text> : null}
    </View>
  );
}

/** One choice among a few, as big rows with a check mark (elder-friendly; no tiny radios). */
export function Choices<T extends string>({
  options,
  value,
  onChange,
}: {
  options: { value: T; label: string; hint?: string }[];
  value: T | null;
  onChange: (v: T) => void;
}) {
  return (
    <View>
      {options.map((o) => {
        const on = o.value === value;
        return (
          <View
            key={o.value}
            className={`cq-row${on ? ' cq-row-selected' : ''}`}
            hoverClass="cq-row-hover"
            onClick={() => onChange(o.value)}
            ariaRole="radio"
           
          >
            <View className={`cq-check${on ? ' cq-check-on' : ''}`}>
              <Text>{on ? '✓' : ''}</Text>
            </View>
            <View className="cq-row-main">
              <Text className="cq-row-label">{o.label}</Text>
              {o.hint ? <Text className="cq-row-hint">{o.hint}</Text> : null}
            </View>
          </View>
        );
      })}
    </View>
  );
}

export function Tag({ children, tone = 'plain' }: { children?: ReactNode; tone?: 'plain' | 'primary' | 'warn' | 'danger' }) {
  return <Text className={`cq-tag cq-tag-${tone}`}>{children}</Text>;
}

export function Banner({ children, tone = 'info' }: { children?: ReactNode; tone?: 'info' | 'warn' }) {
  return <View className={`cq-banner${tone === 'warn' ? ' cq-banner-warn' : ''}`}>{children}</View>;
}

export function Muted({ children }: { children?: ReactNode }) {
  return <Text className="cq-muted">{children}</Text>;
}

export function P({ children, strong }: { children?: ReactNode; strong?: boolean }) {
  return <Text className={`cq-text${strong ? ' cq-strong' : ''}`}>{children}</Text>;
}
