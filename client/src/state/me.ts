import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { account } from '../services/api';
import type { MeOutput, MembershipView } from '../../../server/account/contract';
import { onEntryChange, openedFromGroup } from '../services/groupEntry';
import { getToken, keptOwner, needsDevLogin } from '../services/session';
import { setUploadPrefixSource } from '../services/upload';
import { meFreshForMs } from './me-fresh';

/**
 * Who I am, shared by every page: the last `account.me` answer and the village I am looking at.
 * Membership rarely changes, so the answer is kept on the phone (per session) and a tab page asks again
 * only when it is older than it may be (state/me-fresh.ts: 30 days for a member of one village, whose whole
 * `me` the stamp covers; 7 otherwise) or shows no village yet (an applicant waiting for approval):
 * a tab then costs one function call (its own list), not two. The board's answer (the first screen)
 * carries my standing's stamp; a stamp that differs from the kept one asks again (checkMemberStamp), so a
 * role given by the committee shows on the next open, not a week later. 我的 has the clear refresh (刷新),
 * and writes that change membership call refreshMe().
 */
const CURRENT_KEY = 'cunqun.currentVillage';
const ME_KEY = 'cunqun.me';

export interface MeState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  me?: MeOutput;
  error?: unknown;
  /** when `me` was answered (ms) */
  at?: number;
}

function cached(): MeState {
  try {
    const c = Taro.getStorageSync(ME_KEY) as { owner: string; me: MeOutput; at: number } | '';
    if (c && c.owner === keptOwner() && c.me) return { status: 'ready', me: c.me, at: c.at };
  } catch {
    // nothing kept: ask
  }
  return { status: 'idle' };
}

let state: MeState = cached();
let inflight: Promise<void> | null = null;
const listeners = new Set<(s: MeState) => void>();

// Opened from a group card: whether the person belongs to that group's village decides what the page
// offers (join, or bind the group), so a kept answer is not trusted then.
onEntryChange(() => {
  if (openedFromGroup()) void refreshMe();
});

function set(next: MeState) {
  state = next;
  listeners.forEach((l) => l(state));
}

export function refreshMe(): Promise<void> {
  if (inflight) return inflight;
  // The browser build without a session has nobody to ask about: the page sends it to the login.
  if (needsDevLogin && !getToken()) return Promise.resolve();
  set({ ...state, status: 'loading', error: undefined });
  inflight = account('me', {})
    .then(
      (me) => {
        const at = Date.now();
        set({ status: 'ready', me, at });
        try {
          Taro.setStorageSync(ME_KEY, { owner: keptOwner(), me, at });
        } catch {
          // not kept: the next tab asks again
        }
      },
      (error) => set({ status: 'error', me: state.me, error }),
    )
    .finally(() => {
      inflight = null;
    });
  return inflight;
}

/** A tab page being shown: ask only when what the phone keeps is old, failed, or shows no village yet. */
export function refreshMeIfStale(): Promise<void> {
  if (state.status === 'idle' && state.me === undefined) {
    const c = cached();
    if (c.me) set(c);
  }
  const fresh = state.status === 'ready' && state.me !== undefined && state.at !== undefined && Date.now() - state.at < meFreshForMs(state.me);
  if (fresh && pickCurrent(state.me)) return Promise.resolve();
  return refreshMe();
}

/** The board answered my standing's stamp in this village: ask `me` again when the kept one differs. */
export function checkMemberStamp(villageId: string, stamp: string | undefined): void {
  if (!stamp || state.status !== 'ready') return;
  const kept = (state.me?.memberships ?? []).find((m) => m.villageId === villageId);
  if (kept?.stamp !== stamp) void refreshMe();
}

/** Forget everything (H5 log-out). */
export function resetMe(): void {
  try {
    Taro.removeStorageSync(ME_KEY);
  } catch {
    // nothing kept
  }
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

// where my photos and voice notes go: my prefix in the village I am looking at (the server accepts only those).
// A page opened directly (no tab page asked who I am yet) or an answer kept from before prefixes existed asks
// now, and the upload waits for the answer.
const uploadPrefixNow = () => (pickCurrent(state.me) as (MembershipView & { uploadPrefix?: string }) | null)?.uploadPrefix ?? null;
setUploadPrefixSource(async () => {
  if (!uploadPrefixNow()) await refreshMe();
  return uploadPrefixNow();
});

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
