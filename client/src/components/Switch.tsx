import { Text, View } from '@tarojs/components';

/** A labelled on/off row; the whole row toggles. */
export function SwitchRow({ label, hint, on, onChange, testId }: { label: string; hint?: string; on: boolean; onChange: (v: boolean) => void; testId?: string }) {
  return (
    <View className="cq-row" hoverClass="cq-row-hover" onClick={() => onChange(!on)} ariaRole="switch" data-testid={testId}>
      <View className="cq-row-main">
        <Text className="cq-row-label">{label}</Text>
        {hint ? <Text className="cq-row-hint">{hint}</Text> : null}
      </View>
      <Text className="cq-row-value">{on ? '开' : '关'}</Text>
      <View className={`cq-switch${on ? ' cq-switch-on' : ''}`} />
    </View>
  );
}
