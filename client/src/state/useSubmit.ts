import { useRef, useState } from 'react';
import { isServiceError, newRequestId, type CallOptions } from '../services/transport';
import { installOutbox } from './outbox';

installOutbox();

/**
 * A user action that writes. The requestId is made once per intent: tapping again after a network
 * failure with the same input resends the same requestId (the server answers from what it stored, so
 * nothing happens twice); changed input is a new intent and gets a new id.
 */
export function useSubmit<A extends unknown[], R>(action: (opts: CallOptions, ...args: A) => Promise<R>, options: { keepOffline?: string } = {}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const attempt = useRef<{ key: string; requestId: string } | null>(null);
  const running = useRef(false);

  async function run(...args: A): Promise<R | undefined> {
    if (running.current) return undefined;
    const key = JSON.stringify(args);
    if (!attempt.current || attempt.current.key !== key) attempt.current = { key, requestId: newRequestId() };
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      const result = await action({ requestId: attempt.current.requestId, ...(options.keepOffline ? { keepOffline: options.keepOffline } : {}) }, ...args);
      attempt.current = null;
      return result;
    } catch (e) {
      setError(e);
      // A refusal (not retryable) ends this intent; a lost answer keeps its id for the retry, and so does a
      // draft kept offline (tapping again sends the same requestId: the server keeps one, never two).
      if (!(isServiceError(e) && (e.retryable || e.code === 'kept_offline'))) attempt.current = null;
      return undefined;
    } finally {
      running.current = false;
      setBusy(false);
    }
  }

  return { run, busy, error, clearError: () => setError(null) };
}

export function errorText(e: unknown): string | null {
  if (!e) return null;
  return isServiceError(e) ? e.message : '操作没有成功，请稍后再试。';
}
