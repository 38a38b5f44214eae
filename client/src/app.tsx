import { useLaunch } from '@tarojs/taro';
import Taro from '@tarojs/taro';
import type { PropsWithChildren } from 'react';
import { installTransport } from './services/wire';
import { noteEntry } from './services/groupEntry';
import './app.scss';

installTransport();

export default function App({ children }: PropsWithChildren) {
  useLaunch((options) => {
    noteEntry(options as any);
    if (process.env.TARO_ENV === 'weapp') {
      // Opening from a group card again while the app is alive also counts.
      Taro.onAppShow((o) => noteEntry(o as any));
      // Cards shared into a group carry a shareTicket, so the group can be recognised when opened.
      Taro.showShareMenu({ withShareTicket: true }).catch(() => undefined);
    }
  });
  return children;
}
