import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import type { ReactNode } from 'react';
import { refreshElderFromWechat, useElder } from '../elder/store';
import { OutboxBar } from './OutboxBar';
import { ReadAloud } from './ReadAloud';

/**
 * Every page's root: applies 长辈模式 (class + type scale) and shows the page title with a
 * read-aloud button when the page passes `read` (the text a villager would want to hear).
 */
export function Screen({ title, read, children }: { title?: string; read?: string; children?: ReactNode }) {
  const elder = useElder();
  useDidShow(() => refreshElderFromWechat());
  return (
    <View className={`cq-screen${elder.elder ? ' cq-elder' : ''}`} style={`--cq-scale:${elder.scale}`} data-elder={elder.elder ? '1' : '0'}>
      {title ? (
        <View className="cq-head">
          <Text className="cq-title">{title}</Text>
          {read ? <ReadAloud text={read} /> : null}
        </View>
      ) : null}
      <OutboxBar />
      {children}
    </View>
  );
}
