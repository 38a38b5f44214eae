import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { canSpeak, speak, stopSpeaking } from '../elder/speech';

/** 朗读 button for a piece of content. Hidden where this build has no speech engine. */
export function ReadAloud({ text }: { text: string }) {
  const [on, setOn] = useState(false);
  useEffect(() => () => stopSpeaking(), []);
  if (!canSpeak() || !text.trim()) return null;
  const toggle = () => {
    if (on) {
      stopSpeaking();
      setOn(false);
      return;
    }
    if (speak(text, () => setOn(false))) setOn(true);
  };
  return (
    <View className={`cq-read${on ? ' cq-read-on' : ''}`} onClick={toggle} hoverClass="cq-btn-hover" ariaRole="button">
      <Text>{on ? '■ 停止朗读' : '▶ 朗读'}</Text>
    </View>
  );
}
