import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { account, type MeOutput, type MembershipView } from '../services/account';
import { getToken, needsDevLogin } from '../services/session';
import { setUploadPrefixSource } from '../services/upload';

/**
 * Who I am, shared by every page: the last `account.me` answer and the village I am looking at.
 * Tab pages refresh it when shown; writes that change membership call refreshMe().
 */
const CURRENT_KEY = 'cunqun.currentVillage';

export interface MeState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  me?: MeOutput;
  error?: unknown;
}

let state: MeState = { status: 'idle' };
let inflight: Promise<void> | null = null;
const listeners = new Set<(s: MeState) => void>();

function set(next: MeState) {
  state = next;
  listeners.forEach((l) => l(state));
}

export function refreshMe(): Promise<void> {
  if (inflight) return inflight;
  // The browser build without a session has nobody to ask about: the page sends it to the login.
  if (needsDevLogin && !getToken()) return Promise.resolve();
  set({ ...state, status: 'loading', error: undefined });
  inflight = account
    .me()
    .then(
      (me) => set({ status: 'ready', me }),
      (error) => set({ status: 'error', me: state.me, error }),
    )
    .finally(() => {
      inflight = null;
    });
  return inflight;
}

/** Forget everything (H5 log-out). */
export function resetMe(): void {
  set({ status: 'idle' });
}

export function currentVillageId(): string | null {
  try {
    return Taro.getStorageSync(CURRENT_KEY) || null;
  } catch {
    return null;
  }
}

export function setCurrentVillage(villageId: string): void {
  Taro.setStorageSync(CURRENT_KEY, villageId);
  listeners.forEach((l) => l({ ...state }));
}

/** The membership being looked at: the remembered one if still active, else the first. */
export function pickCurrent(me: MeOutput | undefined): MembershipView | null {
  const active = (me?.memberships ?? []).filter((m) => m.status === 'active');
  if (active.length === 0) return null;
  const id = currentVillageId();
  return active.find((m) => m.villageId === id) ?? active[0];
}

// where my photos and voice notes go: my prefix in the village I am looking at (the server accepts only those)
setUploadPrefixSource(() => (pickCurrent(state.me) as (MembershipView & { uploadPrefix?: string }) | null)?.uploadPrefix ?? null);

export function useMe(): MeState & { current: MembershipView | null; reload: () => Promise<void> } {
  const [s, setS] = useState(state);
  useEffect(() => {
    listeners.add(setS);
    setS(state);
    if (state.status === 'idle') refreshMe();
    return () => {
      listeners.delete(setS);
    };
  }, []);
  return { ...s, current: pickCurrent(s.me), reload: refreshMe };
}
