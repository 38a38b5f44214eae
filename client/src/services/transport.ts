/**
 * The one way the client reaches a cloud function. Pages call services/<function>.ts; services call
 * `callFunction`; only this file knows the wire.
 *
 * Envelope `{ action, payload, requestId }` → answer `{ ok: true, data }` or `{ ok: false, error }`
 * (docs/ARCHITECTURE.md). The requestId is made here, before sending, so that a retry of the same
 * user intent (pass the same requestId back in) is answered from what the server stored.
 *
 * Two wires, chosen at build time:
 *   weapp — Taro.cloud.callFunction({ name, data: envelope }) → res.result
 *   h5    — POST /api/functions/<name>, Authorization: Bearer <token> → { result } | { errCode, errMsg }
 * Both are plain objects built by factories below, so tests inject fakes and no service branches on
 * the platform.
 */

/** Codes the client itself produces; the server's codes (snake_case) pass through unchanged. */
export type ClientErrorCode =
  | 'network_error' // 网络不通或超时：可以原样重试
  | 'not_signed_in' // H5：没有会话或会话已失效
  | 'invocation_failed' // 云函数本身没能运行完（超时、崩溃）
  | 'bad_answer'; // 答复不是约定的信封

export class ServiceError extends Error {
  readonly code: string;
  /** True when sending the same request again (same requestId) may succeed. */
  readonly retryable: boolean;

  constructor(code: string, message: string, retryable = false) {
    super(message);
    this.name = 'ServiceError';
    this.code = code;
    this.retryable = retryable;
  }
}

export function isServiceError(e: unknown): e is ServiceError {
  return e instanceof ServiceError || (typeof e === 'object' && e !== null && (e as any).name === 'ServiceError');
}

/** Chinese messages for errors that never reached a command. */
export const CLIENT_ERROR_MESSAGES: Record<ClientErrorCode, string> = {
  network_error: '网络不太好，没有连上。请稍后再试。',
  not_signed_in: '请先登录。',
  invocation_failed: '服务暂时没有响应，请稍后再试。',
  bad_answer: '服务返回的内容看不懂，请稍后再试。',
};

export function clientError(code: ClientErrorCode, retryable = code !== 'bad_answer'): ServiceError {
  return new ServiceError(code, CLIENT_ERROR_MESSAGES[code], retryable);
}

export interface Envelope {
  action: string;
  payload: object;
  requestId: string;
}

/**
 * Open data: CloudIDs from WeChat (e.g. a share card's group id), by field name. CloudBase swaps a
 * CloudID for its decrypted data only at the TOP level of the event, so they travel beside
 * action/payload/requestId (`event.group`), never inside payload; the function's router moves them
 * into the payload before validating (docs/ARCHITECTURE.md, Client).
 */
export type OpenData = Record<string, string>;

/** Sends one envelope to one function and resolves with the function's return value (the answer). */
export interface Transport {
  send(name: string, envelope: Envelope, openData?: OpenData): Promise<unknown>;
}

/** 24 random hex chars + time: unique enough per device, and made before the first send. */
export function newRequestId(): string {
  let r = '';
  for (let i = 0; i < 4; i++) r += Math.floor(Math.random() * 0x1000000).toString(16).padStart(6, '0');
  return `${Date.now().toString(36)}-${r}`;
}

// ---------------------------------------------------------------------------------------------
// Wires

interface CloudLike {
  callFunction(param: { name: string; data: object }): Promise<{ result?: unknown }>;
  CloudID(id: string): unknown;
}

/** Inside WeChat: wx.cloud (Taro.cloud), initialised once by the app. */
export function createCloudTransport(cloud: CloudLike): Transport {
  return {
    async send(name, envelope, openData) {
      const data: Record<string, unknown> = { ...envelope };
      for (const [field, id] of Object.entries(openData ?? {})) data[field] = cloud.CloudID(id);
      let res: { result?: unknown };
      try {
        res = await cloud.callFunction({ name, data });
      } catch (e: any) {
        // wx.cloud rejects with errCode/errMsg: network trouble, function missing, timeout, crash.
        const msg = String(e?.errMsg ?? e?.message ?? '');
        if (/timeout|network|request:fail/i.test(msg)) throw clientError('network_error');
        throw clientError('invocation_failed');
      }
      return res?.result;
    },
  };
}

type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{
  status: number;
  json(): Promise<any>;
}>;

export interface HttpTransportOptions {
  fetch: FetchLike;
  baseUrl?: string; // '' = same origin (the emulator serves the H5 build)
  getToken(): string | null;
  /** Called when the server says the session is missing or stale (HTTP 401). */
  onUnauthenticated?(): void;
}

/** In the browser build: the emulator's HTTP face of the function host. */
export function createHttpTransport(opts: HttpTransportOptions): Transport {
  return {
    async send(name, envelope, openData) {
      // Share cards and other open data exist only inside WeChat.
      if (openData && Object.keys(openData).length) throw new ServiceError('not_in_wechat', '这一步需要在微信里打开小程序。');
      const token = opts.getToken();
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (token) headers.Authorization = `Bearer ${token}`;
      let res: { status: number; json(): Promise<any> };
      try {
        res = await opts.fetch(`${opts.baseUrl ?? ''}/api/functions/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(envelope),
        });
      } catch {
        throw clientError('network_error');
      }
      if (res.status === 401) {
        opts.onUnauthenticated?.();
        throw clientError('not_signed_in', false);
      }
      let body: any;
      try {
        body = await res.json();
      } catch {
        throw clientError(res.status >= 500 ? 'invocation_failed' : 'bad_answer');
      }
      if (body && typeof body === 'object' && 'result' in body) return body.result;
      if (body && typeof body === 'object' && 'errCode' in body) throw clientError('invocation_failed');
      throw clientError(res.status >= 500 ? 'invocation_failed' : 'bad_answer');
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The caller services use

let active: Transport | null = null;

/** Set once at start-up (services/index.ts picks the wire for the build); tests set a fake. */
export function setTransport(t: Transport): void {
  active = t;
}

export interface CallOptions {
  /** Pass the requestId of a failed attempt to retry the same intent safely. */
  requestId?: string;
  /** CloudIDs to send as open data (weapp only). */
  openData?: OpenData;
  /**
   * A write worth keeping when the network fails (a report, a post, a claim, a vote): named in words
   * ('帖子'), it is kept on the phone as a draft and sent again with the same requestId (state/outbox.ts);
   * the call then rejects with `kept_offline`.
   */
  keepOffline?: string;
}

/** Where a write that could not be sent is kept (state/outbox.ts installs the phone's storage). */
export interface Outbox {
  keep(draft: { name: string; action: string; payload: object; requestId: string; label: string }): void;
  /** the answer to a kept request arrived (sent by the page again, or by the outbox) */
  sent(requestId: string): void;
}

let outbox: Outbox | null = null;

export function setOutbox(o: Outbox | null): void {
  outbox = o;
}

/** Not lost: kept on the phone, sent again when the network is back. Not retryable by hand: it will go. */
export const KEPT_OFFLINE_MESSAGE = '网络不通，已存为草稿，网络恢复后会自动发送，不会重复。';

/**
 * Calls `name.action(payload)` and resolves with `data`, or rejects with a ServiceError whose
 * `message` is Chinese and fit to show as is.
 */
export async function callFunction<T>(name: string, action: string, payload: object = {}, opts: CallOptions = {}): Promise<T> {
  if (!active) throw new ServiceError('no_transport', '应用还没准备好，请重新打开。');
  const envelope: Envelope = { action, payload, requestId: opts.requestId ?? newRequestId() };
  let answer: any;
  try {
    answer = await active.send(name, envelope, opts.openData);
  } catch (e) {
    // the request may or may not have arrived: keep it with its requestId, so sending it again is safe
    if (opts.keepOffline && outbox && isServiceError(e) && e.retryable && e.code !== 'not_signed_in') {
      outbox.keep({ name, action, payload, requestId: envelope.requestId, label: opts.keepOffline });
      throw new ServiceError('kept_offline', KEPT_OFFLINE_MESSAGE, false);
    }
    throw e;
  }
  if (answer && typeof answer === 'object' && 'ok' in answer) outbox?.sent(envelope.requestId);
  if (answer && typeof answer === 'object' && answer.ok === true) return answer.data as T;
  if (answer && typeof answer === 'object' && answer.ok === false && answer.error) {
    const { code, message } = answer.error;
    throw new ServiceError(String(code ?? 'unknown_error'), String(message || '操作没有成功，请稍后再试。'));
  }
  throw clientError('bad_answer');
}
