import { Text, View } from '@tarojs/components';

/**
 * Bars drawn as views, not a chart library: a few dozen bars need no canvas, the numbers stay text (read
 * aloud, found by tests, enlarged by 长辈模式) and the subpackage stays a few KB (docs/ARCHITECTURE.md, 成效看板).
 */
export interface Bar {
  key: string;
  label: string;
  value: number;
  /** what is printed (e.g. 62.5%) */
  shown: string;
  onClick?: () => void;
}

export function Bars({ bars, max, alt, testId }: { bars: Bar[]; max?: number; alt?: boolean; testId?: string }) {
  const top = max ?? Math.max(1, ...bars.map((b) => b.value));
  return (
    <View data-testid={testId}>
      {bars.map((b) => (
        <View key={b.key} className="cq-bar-row" onClick={b.onClick} hoverClass={b.onClick ? 'cq-row-hover' : 'none'} ariaRole={b.onClick ? 'button' : undefined} data-testid={testId ? `${testId}-${b.key}` : undefined}>
          <Text className="cq-bar-label">{b.label}</Text>
          <View className="cq-bar-track">
            <View className={`cq-bar-fill${alt ? ' cq-bar-fill-alt' : ''}`} style={`width:${Math.max(0, Math.min(100, (b.value / top) * 100)).toFixed(1)}%`} />
          </View>
          <Text className="cq-bar-value">{b.shown}</Text>
        </View>
      ))}
    </View>
  );
}
