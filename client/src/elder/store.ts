import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { resolveElder, type ElderView } from './scale';

const MANUAL_KEY = 'cunqun.elder.manual';

function readWechatScale(): number {
  try {
    const info: any = Taro.getAppBaseInfo ? Taro.getAppBaseInfo() : null;
    if (info && typeof info.fontSizeScaleFactor === 'number') return info.fontSizeScaleFactor;
    // Older base libraries give only fontSizeSetting (px); 17 is the iOS standard, 16 Android's.
    if (info && typeof info.fontSizeSetting === 'number') return info.fontSizeSetting / 17;
  } catch {
    // The browser build has no WeChat font setting.
  }
  return 1;
}

function readManual(): boolean | null {
  try {
    const v = Taro.getStorageSync(MANUAL_KEY);
    return v === true || v === false ? v : null;
  } catch {
    return null;
  }
}

let view: ElderView = resolveElder({ wechatScale: readWechatScale(), manual: readManual() });
markBody(view);
const listeners = new Set<(v: ElderView) => void>();

/**
 * The browser build's tab bar lives outside every page's root; a class on <body> lets app.scss
 * enlarge it too. (WeChat's native tab bar has a fixed type size.)
 */
function markBody(v: ElderView): void {
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return;
  document.body.classList.toggle('cq-elder-body', v.elder);
}

function publish(next: ElderView): void {
  if (next.elder === view.elder && next.scale === view.scale && next.source === view.source) return;
  view = next;
  markBody(view);
  listeners.forEach((l) => l(view));
}

/** The user's own switch on 我的; remembered on this device. */
export function setElderMode(on: boolean): void {
  Taro.setStorageSync(MANUAL_KEY, on);
  publish(resolveElder({ wechatScale: readWechatScale(), manual: on }));
}

/** Back to following WeChat's font setting. */
export function followWechatFont(): void {
  Taro.removeStorageSync(MANUAL_KEY);
  publish(resolveElder({ wechatScale: readWechatScale(), manual: null }));
}

/** WeChat's font may have changed while we were in the background. */
export function refreshElderFromWechat(): void {
  publish(resolveElder({ wechatScale: readWechatScale(), manual: readManual() }));
}

export function useElder(): ElderView {
  const [v, setV] = useState(view);
  useEffect(() => {
    listeners.add(setV);
    setV(view);
    return () => {
      listeners.delete(setV);
    };
  }, []);
  return v;
}
