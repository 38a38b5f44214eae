/**
 * The context every command receives — built in one place (router.ts) from the invocation:
 * who calls (openid from getWXContext), when (the injected clock, fixed for the invocation), which
 * request (the client-made requestId and the hash of its content), and the ports (store, openapi).
 */
import { createHash } from 'node:crypto';
import { withMarkerPruning } from './idempotency';
import type { OpenApi } from './openapi';
import type { Store } from './store';

export interface Ctx {
  /** the action being run (for audit records) */
  action: string;
  /** client-made id of this user action, the same on every retry */
  requestId: string;
  /** hash of (action, caller, parsed payload): a retry with other content has another hash */
  requestHash: string;
  /** the caller's openid; '' when a timer runs the action */
  openid: string;
  appid: string;
  /** the CloudBase environment id (getWXContext().ENV): this environment's files are `cloud://<env>.…` */
  env: string;
  /** true when a timer trigger runs the action (no caller) */
  system: boolean;
  /** true when another of our cloud functions made this call for its user (SOURCE ends in `,scf`) */
  viaFunction: boolean;
  /** ms since epoch, read once per invocation from the injected clock */
  now: number;
  store: Store;
  openapi: OpenApi;
  /** the function's own ports to other functions (FunctionSpec.ports), e.g. patrol's way to the grid */
  ports: Readonly<Record<string, unknown>>;
  /** a deterministic id for something this request creates: the same on every retry */
  newId(tag: string): string;
  /** where something that must not pass unnoticed is told (the function's log) */
  log(message: string, error?: unknown): void;
  /** DB requests this invocation may still make: a paced timer's budget (kernel/pace.ts), else Infinity */
  budget(): number;
}

/** Stable JSON (sorted keys) so equal content always hashes the same. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function sha(text: string, length = 16): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

export interface ContextParts {
  action: string;
  requestId: string;
  payload: unknown;
  openid: string;
  appid?: string;
  env?: string;
  system?: boolean;
  /** getWXContext().SOURCE: `wx_client`, `wx_client,scf` (a function calling for its user), `wx_trigger` … */
  source?: string;
  now: number;
  store: Store;
  openapi: OpenApi;
  ports?: Readonly<Record<string, unknown>>;
  log?: (message: string, error?: unknown) => void;
  budget?: () => number;
}

export function makeContext(p: ContextParts): Ctx {
  const requestHash = sha(stableJson({ action: p.action, openid: p.openid, payload: p.payload }));
  return {
    action: p.action,
    requestId: p.requestId,
    requestHash,
    openid: p.openid,
    appid: p.appid ?? '',
    // without an environment (unit tests, in-process tools): the emulator's default, so the demo tours'
    // fileIDs are this environment's both in process and on the emulator
    env: p.env || 'cunqun-local',
    system: p.system ?? false,
    viaFunction: /(^|,)scf$/.test(p.source ?? ''),
    now: p.now,
    // markers past the idempotency window go in the writes this request makes anyway (idempotency.ts)
    store: withMarkerPruning(p.store, p.requestId, p.now),
    openapi: p.openapi,
    ports: p.ports ?? {},
    // derived from caller + requestId (not content): a retry with other content lands on the same id
    newId: (tag: string) => sha(`${tag}|${p.openid}|${p.requestId}`, 20),
    log: p.log ?? ((message, error) => console.error(message, error ?? '')),
    budget: p.budget ?? (() => Infinity),
  };
}
