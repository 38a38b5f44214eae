import { Text, View } from '@tarojs/components';
import { Input, TextArea } from '@nutui/nutui-react-taro';

/**
 * Labelled form fields on NutUI React Taro's Input and TextArea (imported on demand; used only on
 * subpackage pages, so they cost the main package nothing). Placeholders never replace the label:
 * elderly users lose a placeholder the moment they start typing.
 */
export function TextField({
  label,
  hint,
  value,
  onChange,
  placeholder,
  maxLength = 40,
  type = 'text',
  name,
}: {
  label: string;
  hint?: string;
  value: string;
  onChange: (v: string) => void;
  placeholder?: string;
  maxLength?: number;
  type?: 'text' | 'number' | 'digit' | 'idcard';
  name: string;
}) {
  return (
    <View className="cq-field">
      <Text className="cq-field-label">{label}</Text>
      <View className="cq-input">
        <Input name={name} type={type} value={value} onChange={(v: string) => onChange(v)} placeholder={placeholder} maxLength={maxLength} clearable />
      </View>
      {hint ? <Text className="cq-field-hint">{hint}</Text> : null}
    </View>
  );
}

export function AreaField({ label, hint, value, onChange, placeholder, maxLength = 200 }: { label: string; hint?: string; value: string; onChange: (v: string) => void; placeholder?: string; maxLength?: number }) {
  return (
    <View className="cq-field">
      <Text className="cq-field-label">{label}</Text>
      <View className="cq-input">
        <TextArea value={value} onChange={(v: string) => onChange(v)} placeholder={placeholder} maxLength={maxLength} showCount autoSize />
      </View>
      {hint ? <Text className="cq-field-hint">{hint}</Text> : null}
    </View>
  );
}
