import { Input, Text, Textarea, View } from '@tarojs/components';

/**
 * Labelled form fields on Taro's own Input/Textarea (see docs/ARCHITECTURE.md, Client, for why not
 * NutUI's). Placeholders never replace the label: elderly users lose a placeholder the moment they
 * start typing. Every size follows --cq-scale.
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
      <Input
        className="cq-input cq-input-text"
        name={name}
        type={type}
        value={value}
        onInput={(e) => onChange(e.detail.value)}
        placeholder={placeholder}
        placeholderClass="cq-placeholder"
        maxlength={maxLength}
        data-field={name}
      />
      {hint ? <Text className="cq-field-hint">{hint}</Text> : null}
    </View>
  );
}

export function AreaField({ label, hint, value, onChange, placeholder, maxLength = 200, name }: { label: string; hint?: string; value: string; onChange: (v: string) => void; placeholder?: string; maxLength?: number; name?: string }) {
  return (
    <View className="cq-field">
      <Text className="cq-field-label">{label}</Text>
      <Textarea
        className="cq-input cq-input-area"
        value={value}
        onInput={(e) => onChange(e.detail.value)}
        placeholder={placeholder}
        placeholderClass="cq-placeholder"
        maxlength={maxLength}
        autoHeight
        data-field={name}
      />
      <Text className="cq-field-hint">
        {hint ? `${hint} ` : ''}
        {value.length}/{maxLength}
      </Text>
    </View>
  );
}
