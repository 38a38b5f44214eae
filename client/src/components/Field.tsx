import { Input, Text, Textarea, View } from '@tarojs/components';
import { TalkButton, type VoiceNoteSlot } from './Talk';

/**
 * Labelled form fields on Taro's own Input/Textarea (see docs/ARCHITECTURE.md, Client, for why not
 * NutUI's). Placeholders never replace the label: elderly users lose a placeholder the moment they
 * start typing. Every size follows --cq-scale.
 *
 * Speak to write: every AreaField carries the talk button (components/Talk.tsx) unless `talk={false}`
 * (text that is pasted, not said); a TextField carries it when asked (`talk`): names, titles, reasons —
 * not codes or numbers. A page whose command takes a voice note passes `voiceNote`: where speech cannot
 * become text, the button records one.
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
  talk = false,
}: {
  label: string;
  hint?: string;
  value: string;
  onChange: (v: string) => void;
  placeholder?: string;
  maxLength?: number;
  type?: 'text' | 'number' | 'digit' | 'idcard';
  name: string;
  /** a talk button below the field (free text only) */
  talk?: boolean;
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
      {talk ? <TalkButton name={name} value={value} onChange={onChange} maxLength={maxLength} compact /> : null}
      {hint ? <Text className="cq-field-hint">{hint}</Text> : null}
    </View>
  );
}

export function AreaField({
  label,
  hint,
  value,
  onChange,
  placeholder,
  maxLength = 200,
  name,
  talk = true,
  voiceNote,
}: {
  label: string;
  hint?: string;
  value: string;
  onChange: (v: string) => void;
  placeholder?: string;
  maxLength?: number;
  name?: string;
  /** false for text that is pasted, not said */
  talk?: boolean;
  voiceNote?: VoiceNoteSlot;
}) {
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
      {talk ? <TalkButton name={name ?? 'text'} value={value} onChange={onChange} maxLength={maxLength} voiceNote={voiceNote} /> : null}
    </View>
  );
}
