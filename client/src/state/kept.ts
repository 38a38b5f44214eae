import Taro from '@tarojs/taro';
import { getToken, needsDevLogin } from '../services/session';
import { useQuery, type Query } from './useQuery';

/**
 * What rarely changes — the village and its grids — kept on the phone for a few hours, so showing the
 * page again costs no function call. 我的 → 刷新我的信息 forgets it all (forgetKept), and so does a new
 * session in the browser build (the kept answer names the session it belongs to).
 */
const PREFIX = 'cunqun.kept.';
export const KEPT_FRESH_MS = 6 * 3600_000;

const owner = () => (needsDevLogin ? getToken() ?? '' : '');

export async function keptOrLoad<T>(key: string, load: () => Promise<T>, freshMs = KEPT_FRESH_MS): Promise<T> {
  try {
    const c = Taro.getStorageSync(PREFIX + key) as { owner: string; at: number; data: T } | '';
    if (c && c.owner === owner() && Date.now() - c.at < freshMs) return c.data;
  } catch {
    // nothing kept: ask
  }
  const data = await load();
  try {
    Taro.setStorageSync(PREFIX + key, { owner: owner(), at: Date.now(), data });
  } catch {
    // not kept: the next show asks again
  }
  return data;
}

export function useKeptQuery<T>(key: string, load: () => Promise<T>, deps: unknown[]): Query<T> {
  return useQuery(() => keptOrLoad(key, load), deps, { refreshOnShow: true });
}

export function forgetKept(): void {
  try {
    for (const k of Taro.getStorageInfoSync().keys) if (k.startsWith(PREFIX)) Taro.removeStorageSync(k);
  } catch {
    // nothing kept
  }
}
