import Taro from '@tarojs/taro';
import { keptOwner } from '../services/session';
import { useQuery, type Query } from './useQuery';

/**
 * What rarely changes — the village and its grids — kept on the phone for a few hours, so showing the
 * page again costs no function call. 我的 → 刷新我的信息 forgets it all (forgetKept), and so does a new
 * session in the browser build (the kept answer names the session it belongs to).
 *
 * With `stamp`, an answer is kept under a stamp and shown only while the stamp asked with is the same
 * (state/tab-stamps.ts); a null stamp shows nothing kept and keeps nothing.
 */
const PREFIX = 'cunqun.kept.';
export const KEPT_FRESH_MS = 6 * 3600_000;

export async function keptOrLoad<T>(key: string, load: () => Promise<T>, opts: { freshMs?: number; stamp?: string | null } = {}): Promise<T> {
  const { freshMs = KEPT_FRESH_MS, stamp } = opts;
  if (stamp !== null) {
    try {
      const c = Taro.getStorageSync(PREFIX + key) as { owner: string; at: number; stamp?: string; data: T } | '';
      if (c && c.owner === keptOwner() && c.stamp === stamp && Date.now() - c.at < freshMs) return c.data;
    } catch {
      // nothing kept: ask
    }
  }
  const data = await load();
  try {
    if (stamp === null) Taro.removeStorageSync(PREFIX + key);
    else Taro.setStorageSync(PREFIX + key, { owner: keptOwner(), at: Date.now(), stamp, data });
  } catch {
    // not kept: the next show asks again
  }
  return data;
}

export function useKeptQuery<T>(key: string, load: () => Promise<T>, deps: unknown[]): Query<T> {
  return useQuery(() => keptOrLoad(key, load), deps, { refreshOnShow: true });
}

/** Forgets what is kept: all of it, or the keys that begin with `under`. */
export function forgetKept(under = ''): void {
  try {
    for (const k of Taro.getStorageInfoSync().keys) if (k.startsWith(PREFIX + under)) Taro.removeStorageSync(k);
  } catch {
    // nothing kept
  }
}
