/**
 * The envelope router — the thin edge of every cloud function. It parses `{ action, payload, requestId }`
 * (or a timer event `{ Type: 'Timer', TriggerName }`), validates the payload with the action's zod schema,
 * builds the context, runs the command and maps the outcome to `{ ok: true, data }` or
 * `{ ok: false, error: { code, message } }`. Nothing else answers the client: no stack trace, no SDK
 * error text ever crosses the wire.
 */
import { z } from 'zod';
import { measure } from './bounds';
import { makeContext } from './context';
import type { ActionTable } from './action';
import { AppError, KERNEL_ERRORS, errorBody, type AppErrorBody, type ErrorCatalogue, type ErrorCode } from './errors';
import type { OpenApi } from './openapi';
import { pacedStore, type Pace } from './pace';
import type { Store } from './store';

export type Answer<T = unknown> = { ok: true; data: T } | { ok: false; error: AppErrorBody };

export interface FunctionSpec {
  /** the cloud function's name (cloudfunctions/<name>) */
  name: string;
  /** the job's action definitions (kernel/action.ts), by action name */
  actions: ActionTable;
  /** the job's error catalogue: what its codes say (the kernel's are added) */
  errors: ErrorCatalogue;
  /** TriggerName (config.json) → action; a trigger named like its action needs no entry */
  timers?: Record<string, string>;
  /** this function's ways to other functions, handed to commands as `ctx.ports` (cloud.ts builds the real ones) */
  ports?: Readonly<Record<string, unknown>>;
}

/** What the router needs from the platform for one invocation (cloud.ts supplies the real ones). */
export interface Platform {
  openid: string;
  appid?: string;
  /** getWXContext().SOURCE: who made the call (a client, another function for its user, a timer) */
  source?: string;
  /** getWXContext().ENV: the environment whose storage holds this app's files */
  env?: string;
  clock: () => number;
  store: Store;
  openapi: OpenApi;
  log?: (message: string, error?: unknown) => void;
  /** how a timer's DB requests are paced (cloud.ts: TIMER_PACE); unpaced without it */
  timerPace?: Pace;
}

/** The system's own request ids (a timer's tick) start with this; no client requestId may. */
export const SYSTEM_ID_PREFIX = 'sys:';
/** requestIds are made by clients: a UUID or similar. No dots (they become field paths in markers); never `sys:…`. */
export const REQUEST_ID = /^(?!sys:)[A-Za-z0-9_:-]{8,80}$/;
const ACTION_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
/** config.json trigger names: letters, digits, - and _ */
const TRIGGER_NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** the whole payload, serialised; a cloud function's event may be bigger but nothing here needs it */
export const MAX_PAYLOAD_BYTES = 32 * 1024;
/** levels of nesting in a payload (`{ a: [ { … } ] }` is 3); the deepest contract needs 5 */
export const MAX_PAYLOAD_DEPTH = 20;
/** the whole event: the payload, the envelope and what CloudBase adds (userInfo, open data) */
const MAX_EVENT_BYTES = MAX_PAYLOAD_BYTES + 16 * 1024;

const envelopeSchema = z.object({
  action: z.string().regex(ACTION_NAME),
  payload: z.record(z.string(), z.unknown()).optional(),
  // a requestId becomes a key (`reqs.<requestId>`): "__proto__", "constructor", "toString" … would name the
  // prototype's members instead of a marker (the fuzzer's `__proto__` reached commands as `internal`)
  requestId: z.string().regex(REQUEST_ID).refine((id) => !(id in Object.prototype)),
});

const timerSchema = z.object({
  Type: z.literal('Timer'),
  TriggerName: z.string().regex(TRIGGER_NAME),
  Time: z.string().optional(),
});

export function fail(code: ErrorCode, detail?: string): never {
  throw new AppError(code, detail);
}

function failure(code: keyof typeof KERNEL_ERRORS, message: string = KERNEL_ERRORS[code]): Answer<never> {
  return { ok: false, error: { code, message } };
}

/** Routes one event. Pure over the platform: unit tests call it with a memory store and a fixed clock. */
export async function route(spec: FunctionSpec, event: unknown, platform: Platform): Promise<Answer> {
  let actionName: string;
  let payload: Record<string, unknown>;
  let requestId: string;
  let system = false;

  // before anything recursive touches the event (a 100,000-deep array overflows JSON.stringify and zod)
  const shape = measure(event, MAX_PAYLOAD_DEPTH + 1, MAX_EVENT_BYTES);
  if (shape === 'too_deep') return failure('payload_too_deep');
  if (shape === 'too_large') return failure('payload_too_large');

  const isTimer = !!event && typeof event === 'object' && (event as { Type?: unknown }).Type === 'Timer';
  if (isTimer) {
    // a client may send anything; only an invocation without a WeChat caller is a real trigger
    const timer = timerSchema.safeParse(event);
    if (!timer.success || platform.openid) return failure('invalid_envelope');
    actionName = spec.timers?.[timer.data.TriggerName] ?? timer.data.TriggerName;
    const def = Object.prototype.hasOwnProperty.call(spec.actions, actionName) ? spec.actions[actionName] : undefined;
    if (!def || def.who !== 'timer') return failure('unknown_trigger');
    payload = {};
    requestId = `${SYSTEM_ID_PREFIX}timer:${timer.data.TriggerName}:${(timer.data.Time ?? String(platform.clock())).replace(/[^A-Za-z0-9_:-]/g, '_')}`.slice(0, 100);
    system = true;
  } else {
    const env = envelopeSchema.safeParse(event);
    if (!env.success) return failure('invalid_envelope');
    actionName = env.data.action;
    payload = withOpenData(event as Record<string, unknown>, env.data.payload ?? {});
    requestId = env.data.requestId;
    const def = Object.prototype.hasOwnProperty.call(spec.actions, actionName) ? spec.actions[actionName] : undefined;
    if (!def || def.who === 'timer') return failure('unknown_action');
    if (!platform.openid) return failure('not_signed_in');
    const payloadShape = measure(payload, MAX_PAYLOAD_DEPTH, MAX_PAYLOAD_BYTES);
    if (payloadShape !== 'ok') return failure(payloadShape === 'too_deep' ? 'payload_too_deep' : 'payload_too_large');
  }

  const def = spec.actions[actionName];
  const parsed = def.input.safeParse(payload);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i: { path: PropertyKey[] }) => i.path.map(String).join('.')).filter(Boolean))].slice(0, 3);
    return failure('invalid_input', fields.length ? `${KERNEL_ERRORS.invalid_input}（${fields.join('、')}）` : KERNEL_ERRORS.invalid_input);
  }

  // a timer's requests keep to the environment's QPS (pace.ts); a person's call is never slowed
  const paced = system && platform.timerPace ? pacedStore(platform.store, platform.timerPace) : null;
  const ctx = makeContext({
    action: actionName,
    requestId,
    payload: parsed.data,
    openid: system ? '' : platform.openid,
    appid: platform.appid,
    source: platform.source,
    env: platform.env,
    system,
    now: platform.clock(),
    store: paced ?? platform.store,
    openapi: platform.openapi,
    ports: spec.ports,
    budget: paced ? paced.left : undefined,
    log: (message, error) => (platform.log ?? defaultLog)(`[${spec.name}.${actionName}] ${message}`, error),
  });
  try {
    const data = await def.run(ctx, parsed.data);
    return { ok: true, data };
  } catch (error) {
    if (error instanceof AppError) {
      const known = Object.prototype.hasOwnProperty.call(KERNEL_ERRORS, error.code) || Object.prototype.hasOwnProperty.call(spec.errors, error.code);
      // a code outside the job's catalogue has no message to give: a bug, answered as `internal` and logged
      if (!known) {
        (platform.log ?? defaultLog)(`[${spec.name}.${actionName}] ${requestId}: code ${error.code} is not in the catalogue`, error);
        return failure('internal');
      }
      if (!Object.prototype.hasOwnProperty.call(KERNEL_ERRORS, error.code) && !def.errors.includes(error.code)) {
        (platform.log ?? defaultLog)(`[${spec.name}.${actionName}] answered ${error.code}, not among its declared errors`);
      }
      return { ok: false, error: errorBody(error.code, spec.errors) };
    }
    (platform.log ?? defaultLog)(`[${spec.name}.${actionName}] ${requestId}`, error);
    return failure('internal');
  }
}

/**
 * Open data (a share card's group, a phone number) can only travel as a CloudID in a TOP-LEVEL field of
 * the call (CloudBase swaps it for `{ cloudID, data }` there and nowhere deeper). Such fields join the
 * payload under their own name, where the action's schema keeps only the CloudID: the command asks WeChat
 * what it stands for (kernel/openapi.ts openGIdOf), never reading a `data` a client could have written.
 */
function withOpenData(event: Record<string, unknown>, payload: Record<string, unknown>): Record<string, unknown> {
  let merged = payload;
  for (const [key, value] of Object.entries(event)) {
    if (key === 'action' || key === 'payload' || key === 'requestId' || key === 'userInfo') continue;
    const isOpenData = !!value && typeof value === 'object' && typeof (value as { cloudID?: unknown }).cloudID === 'string';
    if (isOpenData && !(key in merged)) merged = { ...merged, [key]: value };
  }
  return merged;
}

function defaultLog(message: string, error?: unknown): void {
  console.error(message, error ?? '');
}
