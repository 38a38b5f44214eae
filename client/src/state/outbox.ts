import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { callFunction, isServiceError, setOutbox } from '../services/transport';

/**
 * Writes that could not be sent (no network, a call that failed on the way) are kept on the phone as
 * drafts — Taro storage, so closing the app loses nothing — and sent again, with the SAME requestId,
 * when the network is back: the server answers a repeated requestId from what it stored, so a draft that
 * did arrive the first time is not written twice. A draft the server refuses (the poll closed meanwhile)
 * stays, with the reason, until the person dismisses it.
 */
const KEY = 'cunqun.outbox';
const RETRY_MS = 15_000;

export interface Draft {
  name: string;
  action: string;
  payload: object;
  requestId: string;
  /** what it is, in words: 帖子, 上报, 申报, 投票 */
  label: string;
  keptAt: number;
  /** the server's refusal, when it refused */
  refused?: string;
  /** sends that reached the function but found it failing (timeout, crash) */
  failures?: number;
}

/** a function that keeps failing on a draft is not called every 15 s for ever: after this many, it asks */
const MAX_FAILURES = 8;

let drafts: Draft[] = load();
const listeners = new Set<(d: Draft[]) => void>();
let flushing: Promise<void> | null = null;
let timer: ReturnType<typeof setInterval> | null = null;

function load(): Draft[] {
  try {
    const v = Taro.getStorageSync(KEY);
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

function save(next: Draft[]): void {
  drafts = next;
  try {
    Taro.setStorageSync(KEY, drafts);
  } catch {
    // storage full or refused: the drafts still live in memory until the app closes
  }
  listeners.forEach((l) => l(drafts));
  schedule();
}

function schedule(): void {
  const waiting = drafts.some((d) => !d.refused);
  if (waiting && !timer) timer = setInterval(() => void flushOutbox(), RETRY_MS);
  if (!waiting && timer) {
    clearInterval(timer);
    timer = null;
  }
}

/** Sends every waiting draft, oldest first; stops at the first that still cannot get through. */
export function flushOutbox(): Promise<void> {
  if (flushing) return flushing;
  flushing = (async () => {
    for (const d of drafts.filter((x) => !x.refused)) {
      try {
        await callFunction(d.name, d.action, d.payload, { requestId: d.requestId });
        save(drafts.filter((x) => x.requestId !== d.requestId));
      } catch (e) {
        if (isServiceError(e) && e.code === 'invocation_failed' && (d.failures ?? 0) + 1 < MAX_FAILURES) {
          save(drafts.map((x) => (x.requestId === d.requestId ? { ...x, failures: (x.failures ?? 0) + 1 } : x)));
          break;
        }
        if (isServiceError(e) && e.code !== 'invocation_failed' && (e.retryable || e.code === 'no_transport' || e.code === 'not_signed_in')) break;
        save(drafts.map((x) => (x.requestId === d.requestId ? { ...x, refused: isServiceError(e) ? e.message : '没有发送成功。' } : x)));
      }
    }
  })().finally(() => {
    flushing = null;
  });
  return flushing;
}

/** Send a refused draft once more (the same requestId: if it did arrive, the server answers what it stored). */
export function retryDraft(requestId: string): Promise<void> {
  save(drafts.map((x) => (x.requestId === requestId ? { ...x, refused: undefined, failures: 0 } : x)));
  return flushOutbox();
}

export function discardDraft(requestId: string): void {
  save(drafts.filter((d) => d.requestId !== requestId));
}

export function useOutbox(): Draft[] {
  const [d, setD] = useState(drafts);
  useEffect(() => {
    listeners.add(setD);
    setD(drafts);
    return () => void listeners.delete(setD);
  }, []);
  return d;
}

let installed = false;

/** Once per app: the transport keeps failed writes here, and the network coming back sends them. */
export function installOutbox(): void {
  if (installed) return;
  installed = true;
  setOutbox({
    keep(d) {
      if (drafts.some((x) => x.requestId === d.requestId)) return;
      save([...drafts, { ...d, keptAt: Date.now() }]);
    },
    sent(requestId) {
      if (drafts.some((x) => x.requestId === requestId)) save(drafts.filter((x) => x.requestId !== requestId));
    },
  });
  try {
    Taro.onNetworkStatusChange((s) => {
      if (s.isConnected) void flushOutbox();
    });
  } catch {
    // not every build offers it; the browser's own event and the retry timer remain
  }
  if (typeof window !== 'undefined' && typeof window.addEventListener === 'function') window.addEventListener('online', () => void flushOutbox());
  schedule();
  if (drafts.length) setTimeout(() => void flushOutbox(), 1000);
}
