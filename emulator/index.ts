/**
 * The local CloudBase: an HTTP server that the real wx-server-sdk is pointed at (serviceUrl), over one
 * SQLite store, with a worker-thread function host, storage and openapi stand-ins, timer triggers and
 * the dev login for the H5 build. See docs/ARCHITECTURE.md, "The emulator".
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { createClock, Clock } from './clock';
import { CallerIdentity, FunctionHost, FunctionInfo, InvokeOptions, InvokeOutcome } from './host/function-host';
import { checkHost, checkJsonContentType, checkOrigin, decodePathSegment, EdgeRefusal, MAX_JSON_BYTES, parseJsonBody } from './http/edge';
import { parseMultipart } from './http/multipart';
import {
  BodyTooLarge,
  CONTENT_TYPES,
  escapeHtml,
  isLoopbackAddress,
  isLoopbackHost,
  readBody,
  sendJson,
  sendText,
} from './http/util';
import { CollectionSpecLike, OutboxMessage, Session, SqliteStore } from './store/sqlite-store';
import { TimerFiring, TimerScheduler } from './timers/scheduler';
import { DatabaseWire } from './wire/database';
import { WireError } from './wire/errors';
import { OpenApiWire } from './wire/openapi';
import { safePath, StorageWire } from './wire/storage';

export { isLoopbackAddress } from './http/util';
export type { Clock } from './clock';
export type { OutboxMessage } from './store/sqlite-store';
export type { TimerFiring } from './timers/scheduler';
export type { InvokeOptions } from './host/function-host';

export interface Persona {
  id: string;
  label: string;
  openid: string;
  description: string;
  elderMode?: boolean;
}

export interface EmulatorOptions {
  /** 0 (default) = a free port */
  port?: number;
  /** default 127.0.0.1; anything but loopback needs allowNonLoopback */
  host?: string;
  allowNonLoopback?: boolean;
  /** folder for cunqun.sqlite and storage/; null (default) = in memory */
  dataDir?: string | null;
  /** the cloudfunctions/ folder */
  functionsDir?: string | null;
  /** the H5 build (dist/h5) */
  staticDir?: string | null;
  /** CollectionSpec[] from server/collections.ts: created at start, with their SQLite indexes */
  collections?: CollectionSpecLike[];
  personas?: Persona[];
  envId?: string;
  /** the mini-program's appid reported as APPID to functions */
  appid?: string;
  /** 'manual' (default): tests call runDueTimers(); 'interval': tick every second (npm start) */
  timers?: 'manual' | 'interval';
  /** default: the machine's parallelism, between 2 and 4 */
  workersPerFunction?: number;
  /** refuse collections that were never created, as CloudBase does (default true) */
  strictCollections?: boolean;
  /** print the stack when a function throws (default true; tests of crashes turn it off) */
  logFunctionErrors?: boolean;
  /** a function instance that has not loaded its code by then is replaced (default 30 s) */
  functionStartTimeoutMs?: number;
  /** environment variables per function (name → variables), as set in CloudBase's function configuration (secrets stay out of the repo and the data) */
  functionEnv?: Record<string, Record<string, string>>;
}

export interface CallerIdentityInput {
  openid: string;
  appid?: string;
  unionid?: string;
}

export interface InvokeResult {
  result?: unknown;
  errCode?: number;
  errMsg?: string;
  dbCalls: number;
  /** the invocation was ended at its crash point (InvokeOptions.crashAfterDbCalls) */
  cut?: boolean;
}

export interface InvocationStat {
  fn: string;
  action: string | null;
  dbCalls: number;
  ms: number;
  ok: boolean;
  errCode?: number;
  source: string;
  dnsLookups: string[];
}

export interface EmulatorStats {
  invocations: InvocationStat[];
  /** SDK wire actions received, by action name */
  requests: Record<string, number>;
  reset(): void;
}

export interface Emulator {
  url: string;
  serviceUrl: string;
  port: number;
  envId: string;
  appid: string;
  invoke(name: string, event: unknown, identity: CallerIdentityInput, options?: InvokeOptions): Promise<InvokeResult>;
  /** Runs a function as its timer trigger would (no caller, SOURCE wx_trigger), e.g. to repeat or cut a run. */
  invokeTrigger(name: string, event: unknown, options?: InvokeOptions): Promise<InvokeResult>;
  clock: Clock;
  store: SqliteStore;
  stats: EmulatorStats;
  storage: StorageWire;
  functions(): FunctionInfo[];
  /** live instances (worker threads) of a function */
  instanceCount(fn: string): number;
  outbox(): OutboxMessage[];
  runDueTimers(): Promise<TimerFiring[]>;
  close(): Promise<void>;
}

const DEFAULT_ENV = 'cunqun-local';

/**
 * Instances per function. Every instance's SDK calls are served by the one emulator thread, so more
 * instances than cores only add context switches and queueing jitter: measured on 2 cores (grid submit,
 * 50 connections) 4 workers gave 253/s p99 689 ms and 6.9 ms CPU per submit, 2 workers 263/s p99 380 ms
 * and 5.8 ms.
 */
function defaultWorkersPerFunction(): number {
  return Math.min(4, Math.max(2, availableParallelism()));
}
/** wx.cloud.uploadFile accepts large files; photos and voice notes here are far smaller once compressed */
const CLIENT_UPLOAD_MAX_BYTES = 10 * 1024 * 1024;
const DEFAULT_APPID = 'wx00000000cunqun0';
/** /dev/clock moves the clock within 2000-01-01 … 2200-01-01 (UTC). */
const CLOCK_MIN_MS = Date.UTC(2000, 0, 1);
const CLOCK_MAX_MS = Date.UTC(2200, 0, 1);
/** A dev-login session lasts a day of real time. */
const SESSION_TTL_MS = 24 * 3600_000;

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host) && !options.allowNonLoopback) {
    throw new Error(`拒绝在非回环地址 ${host} 上启动模拟器：确需如此请传 allowNonLoopback: true`);
  }
  const envId = options.envId ?? DEFAULT_ENV;
  const appid = options.appid ?? DEFAULT_APPID;
  const dataDir = options.dataDir ?? null;
  const personas = options.personas ?? [];

  const store = new SqliteStore(dataDir);
  for (const spec of options.collections ?? []) store.ensureCollection(spec.name, spec.indexes ?? []);

  const clock = createClock(Number(store.getMeta('clock_offset') ?? 0) || 0, (offset) => {
    if (!store.isClosed) store.setMeta('clock_offset', String(offset));
  });

  let baseUrl = '';
  let port = 0;
  const db = new DatabaseWire(store, { strictCollections: options.strictCollections ?? true, envId });
  const storage = new StorageWire(dataDir ? join(dataDir, 'storage') : null, envId, () => baseUrl, {
    get: (path) => store.getMeta(`file_creator:${path}`),
    set: (path, creator) => store.setMeta(`file_creator:${path}`, creator),
  });
  const openapi = new OpenApiWire(store);
  // The SDK wire answers only callers that know this start's secret: the function host's workers (it is in
  // the serviceUrl they get) and this process's own SDK (emu.serviceUrl). A web page cannot guess it.
  const wireSecret = randomBytes(24).toString('base64url');
  const host_ = new FunctionHost({
    functionsDir: options.functionsDir ? resolve(options.functionsDir) : null,
    workersPerFunction: Math.max(1, options.workersPerFunction ?? defaultWorkersPerFunction()),
    envId,
    serviceBase: () => `${baseUrl}/admin/${wireSecret}/w/`,
    clockOffsetMs: () => clock.offset(),
    onWorkerIdle: (workerId) => db.abortTransactionsOf(workerId),
    logFunctionErrors: options.logFunctionErrors ?? true,
    startTimeoutMs: options.functionStartTimeoutMs,
    functionEnv: options.functionEnv,
  });

  const stats: EmulatorStats = {
    invocations: [],
    requests: {},
    reset() {
      this.invocations.length = 0;
      for (const k of Object.keys(this.requests)) delete this.requests[k];
    },
  };

  async function run(name: string, event: unknown, identity: CallerIdentity, invokeOptions?: InvokeOptions): Promise<InvokeOutcome> {
    const outcome = await host_.invoke(name, event, identity, invokeOptions);
    stats.invocations.push({
      fn: name,
      action: event && typeof event === 'object' && typeof (event as { action?: unknown }).action === 'string' ? (event as { action: string }).action : null,
      dbCalls: outcome.dbCalls,
      ms: outcome.ms,
      ok: outcome.errCode === undefined,
      errCode: outcome.errCode,
      source: identity.source ?? 'wx_client',
      dnsLookups: outcome.dnsLookups,
    });
    return outcome;
  }

  const toResult = (o: InvokeOutcome): InvokeResult =>
    o.errCode === undefined ? { result: o.result, dbCalls: o.dbCalls } : { errCode: o.errCode, errMsg: o.errMsg, dbCalls: o.dbCalls, ...(o.cut ? { cut: true } : {}) };

  /** A client call (mini-program or H5), SOURCE wx_client: the event as sent (open data only through getOpenData). */
  async function invokeAsClient(name: string, event: unknown, identity: CallerIdentityInput, clientIp?: string, invokeOptions?: InvokeOptions): Promise<InvokeResult> {
    if (!identity || typeof identity.openid !== 'string') throw new Error('invoke(name, event, identity) 需要 identity.openid');
    const outcome = await run(name, event ?? {}, {
      openid: identity.openid,
      appid: identity.appid ?? appid,
      unionid: identity.unionid,
      source: 'wx_client',
      clientIp,
    }, invokeOptions);
    return toResult(outcome);
  }

  const timers = new TimerScheduler(host_, store, () => clock.now(), (fn, event) =>
    run(fn, event, { source: 'wx_trigger', appid }),
  );

  // ---- SDK wire ------------------------------------------------------------------------------

  // CloudBase's requestId only has to be unique: a random prefix per emulator and a counter
  const requestIdPrefix = randomBytes(4).toString('hex');
  let requestSeq = 0;

  async function handleWire(req: IncomingMessage, res: ServerResponse, url: URL, workerId: string | null): Promise<void> {
    const requestId = `${requestIdPrefix}${(++requestSeq).toString(16).padStart(8, '0')}`;
    const answer = (value: Record<string, unknown>) => sendJson(res, 200, { requestId, ...value });
    const answerError = (code: string, message: string) => answer({ code, message });
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (e) {
      answerError('INVALID_PARAM', e instanceof BodyTooLarge ? '[InvalidParameter] 请求体过大' : '[InvalidParameter] 读取请求体失败');
      return;
    }
    const contentType = req.headers['content-type'] ?? '';
    let params: Record<string, any>;
    let form: Map<string, Buffer> | null = null;
    if (contentType.startsWith('multipart/form-data')) {
      form = parseMultipart(body, contentType);
      if (!form) return answerError('INVALID_PARAM', '[InvalidParameter] multipart 请求体格式错误');
      params = {};
      for (const [k, v] of form) if (k !== 'requestData') params[k] = v.toString('utf8');
    } else {
      try {
        params = JSON.parse(body.toString('utf8') || 'null');
      } catch {
        return answerError('INVALID_PARAM', '[InvalidParameter] 请求体不是合法的 JSON');
      }
      if (!params || typeof params !== 'object' || Array.isArray(params)) return answerError('INVALID_PARAM', '[InvalidParameter] 请求体必须是对象');
    }
    const action = params.action;
    if (typeof action !== 'string' || !action) return answerError('INVALID_COMMON_PARAM', '[InvalidParameter] 缺少 action');
    const env = (url.searchParams.get('env') || params.envName || '') as string;
    if (env && env !== envId) return answerError('INVALID_ENV', `[ResourceNotFound.Env] 环境不存在: ${env}（本地环境是 ${envId}）`);

    // a call still in flight from a worker ended at its crash point never lands
    if (workerId && host_.isCut(workerId)) return;
    stats.requests[action] = (stats.requests[action] ?? 0) + 1;
    const current = workerId ? host_.current(workerId) : null;
    if (current) {
      current.sdkCalls += 1;
      if (action.startsWith('database.')) current.dbCalls += 1;
    }

    try {
      if (action.startsWith('database.')) {
        // crash-point testing: the k-th call is applied (or refused), then the invocation ends and its answer is lost
        if (workerId && current && current.crashAfterDbCalls === current.dbCalls) {
          try {
            db.handle(action, params, { now: clock.now(), workerId });
          } catch {
            // a refused call is a call all the same
          }
          // no answer: the worker is terminated while it waits, which closes its connection
          host_.cut(workerId);
          return;
        }
        return answer(db.handle(action, params, { now: clock.now(), workerId }));
      }
      if (action.startsWith('storage.')) {
        // an upload inside an invocation for a user is that user's write (CloudBase's "only the creator writes")
        return answer(storage.handle(action, params, { writer: current?.identity.openid ?? null }));
      }
      if (action === 'functions.invokeFunction') {
        const name = params.function_name;
        if (typeof name !== 'string' || !name) return answerError('INVALID_PARAM', '[InvalidParameter] 函数名不能为空');
        let event: unknown = {};
        if (typeof params.request_data === 'string' && params.request_data !== '') {
          try {
            event = JSON.parse(params.request_data);
          } catch {
            return answerError('INVALID_PARAM', '[InvalidParameter] request_data 不是合法的 JSON');
          }
        }
        if (!host_.info(name)) return answerError('ResourceNotFound.Function', `[ResourceNotFound.Function] 未找到云函数: ${name}`);
        // CloudBase passes the user on to the called function and appends ",scf" to SOURCE.
        const caller = current?.identity;
        const identity: CallerIdentity = caller
          ? { ...caller, source: `${caller.source ?? 'wx_client'},scf` }
          : { source: 'scf', appid };
        const outcome = await run(name, event, identity);
        if (outcome.errCode !== undefined) return answerError('FUNCTIONS_EXECUTE_FAIL', outcome.errMsg ?? 'functions execute fail');
        return answer({ data: { response_data: JSON.stringify(outcome.result ?? null) } });
      }
      if (action === 'wx.openApi') {
        const requestData = form?.get('requestData');
        const apiName = params.apiName;
        if (!requestData || typeof apiName !== 'string') return answerError('INVALID_PARAM', '[InvalidParameter] wx.openApi 需要 apiName 与 requestData');
        let reply: Buffer;
        try {
          reply = openapi.handle(apiName, requestData, { now: clock.now(), callerOpenid: current?.identity.openid });
        } catch (e) {
          return answerError('INVALID_PARAM', `[InvalidParameter] requestData 不是合法的 protobuf: ${(e as Error).message}`);
        }
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(reply.length) });
        res.end(reply);
        return;
      }
      return answerError('INVALID_ACTION', `[InvalidParameter.Action] 本地模拟器不支持的 action: ${action}`);
    } catch (e) {
      if (e instanceof WireError) return answerError(e.code, e.message);
      console.error('[emulator] wire error', e);
      return answerError('SYS_ERR', `[InternalError] ${(e as Error).message}`);
    }
  }

  // ---- H5 transport and dev routes ---------------------------------------------------------

  const refuse = (res: ServerResponse, r: EdgeRefusal) => sendJson(res, r.status, { errCode: r.status, code: r.code, errMsg: r.message });

  /** The JSON body of an H5 or dev route: application/json, at most MAX_JSON_BYTES, nested at most MAX_JSON_DEPTH. */
  async function readJson(req: IncomingMessage): Promise<{ value: any } | { refusal: EdgeRefusal }> {
    const wrongType = checkJsonContentType(req.headers['content-type']);
    if (wrongType) return { refusal: wrongType };
    let body: Buffer;
    try {
      body = await readBody(req, MAX_JSON_BYTES);
    } catch (e) {
      if (e instanceof BodyTooLarge) return { refusal: { status: 413, code: 'payload_too_large', message: `请求体过大（最多 ${MAX_JSON_BYTES / 1024 / 1024} MB）` } };
      return { refusal: { status: 400, code: 'body_unreadable', message: '读取请求体失败' } };
    }
    return parseJsonBody(body);
  }

  /**
   * Dev-login sessions: the store keeps only a hash of each token, and a session ends SESSION_TTL_MS of
   * real time after login (the wall clock: demos move the emulator's clock by days).
   */
  function sessionOf(req: IncomingMessage): Session | null {
    const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
    return token ? store.findSession(token, Date.now()) : null;
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, rawName: string): Promise<void> {
    if (req.method !== 'POST') return sendJson(res, 405, { errCode: 405, errMsg: '只支持 POST' });
    const name = decodePathSegment(rawName);
    if (name === null) return refuse(res, { status: 400, code: 'bad_function_name', message: '云函数名不合法（URL 编码有误）' });
    const session = sessionOf(req);
    if (!session) return sendJson(res, 401, { errCode: 401, errMsg: '未登录或会话已失效：请先在本地登录（POST /dev/login）' });
    const body = await readJson(req);
    if ('refusal' in body) return refuse(res, body.refusal);
    const outcome = await invokeAsClient(name, body.value, { openid: session.openid }, req.socket.remoteAddress?.replace(/^::ffff:/, ''));
    if (outcome.errCode !== undefined) return sendJson(res, 200, { errCode: outcome.errCode, errMsg: outcome.errMsg });
    return sendJson(res, 200, { result: outcome.result });
  }

  /**
   * The browser build's face of wx.cloud storage: `POST /api/storage/upload?cloudPath=…` (a session as for
   * functions; the body is the file) answers `{ fileID }` as wx.cloud.uploadFile does; `GET
   * /api/storage/file?fileID=…` serves a file to an <img>/<audio> the way a mini-program shows a cloud://
   * fileID directly (CloudBase's default storage rule lets every user of the app read).
   */
  async function handleClientStorage(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (url.pathname === '/api/storage/file') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { errCode: 405, errMsg: '只支持 GET' });
      const path = storage.pathOf(url.searchParams.get('fileID'));
      const content = path ? storage.read(path) : null;
      if (!path || !content) return sendText(res, 404, '文件不存在');
      res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream', 'content-length': String(content.length), 'cache-control': 'private, max-age=3600' });
      res.end(req.method === 'HEAD' ? undefined : content);
      return;
    }
    if (req.method !== 'POST') return sendJson(res, 405, { errCode: 405, errMsg: '只支持 POST' });
    const session = sessionOf(req);
    if (!session) return sendJson(res, 401, { errCode: 401, errMsg: '未登录或会话已失效：请先在本地登录（POST /dev/login）' });
    const cloudPath = safePath(url.searchParams.get('cloudPath'));
    if (!cloudPath) return sendJson(res, 400, { errCode: -404011, errMsg: 'cloudPath 不合法' });
    let content: Buffer;
    try {
      content = await readBody(req, CLIENT_UPLOAD_MAX_BYTES);
    } catch {
      return sendJson(res, 413, { errCode: -404012, errMsg: `文件超过 ${CLIENT_UPLOAD_MAX_BYTES / 1024 / 1024} MB` });
    }
    if (content.length === 0) return sendJson(res, 400, { errCode: -404013, errMsg: '文件是空的' });
    // CloudBase's default storage rule: only the file's creator may write it again
    if (!storage.writeAs(session.openid, cloudPath, content)) {
      return sendJson(res, 403, { errCode: -503002, code: 'storage_not_creator', errMsg: '这个文件是别人上传的，不能覆盖' });
    }
    return sendJson(res, 200, { fileID: storage.fileId(cloudPath) });
  }

  async function handleDev(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    if (path === '/dev/personas' && req.method === 'GET') return sendJson(res, 200, { personas });
    if (path === '/dev/login' && req.method === 'POST') {
      const read = await readJson(req);
      if ('refusal' in read) return refuse(res, read.refusal);
      const body = read.value;
      let persona: Persona | null = null;
      let openid: string;
      if (body && body.newVisitor === true) {
        openid = `o${randomBytes(20).toString('base64url').slice(0, 27)}`;
      } else {
        persona = personas.find((p) => p.id === body?.personaId) ?? null;
        if (!persona) return sendJson(res, 404, { errCode: 404, errMsg: `没有这个演示身份: ${String(body?.personaId)}` });
        openid = persona.openid;
      }
      const token = randomBytes(24).toString('hex');
      const now = Date.now();
      store.saveSession(token, { openid, personaId: persona?.id ?? null, createdAt: now, expiresAt: now + SESSION_TTL_MS });
      return sendJson(res, 200, { token, openid, persona });
    }
    if (path === '/dev/clock') {
      if (req.method === 'POST') {
        const read = await readJson(req);
        if ('refusal' in read) return refuse(res, read.refusal);
        const body = read.value;
        const target = typeof body?.advanceMs === 'number' ? clock.now() + body.advanceMs : typeof body?.setMs === 'number' ? body.setMs : null;
        if (target === null) return sendJson(res, 400, { errCode: 400, code: 'clock_needs_time', errMsg: '需要 { advanceMs } 或 { setMs }' });
        // a time every Date (and every function's clock) can still show
        if (!(target >= CLOCK_MIN_MS && target <= CLOCK_MAX_MS)) return refuse(res, { status: 400, code: 'clock_out_of_range', message: '时间超出范围（只能在 2000 年到 2200 年之间）' });
        clock.set(target);
        const fired = body.runTimers ? await timers.runDue() : [];
        return sendJson(res, 200, { now: clock.now(), iso: new Date(clock.now()).toISOString(), offsetMs: clock.offset(), fired: fired.map((f) => ({ fn: f.fn, trigger: f.trigger, time: f.time })) });
      }
      return sendJson(res, 200, { now: clock.now(), iso: new Date(clock.now()).toISOString(), offsetMs: clock.offset() });
    }
    if (path === '/dev/outbox' && req.method === 'GET') {
      const list = store.outbox();
      const wantsHtml = url.searchParams.get('format') === 'html' || (url.searchParams.get('format') !== 'json' && (req.headers.accept ?? '').includes('text/html'));
      if (!wantsHtml) return sendJson(res, 200, { messages: list });
      return sendText(res, 200, outboxHtml(list), 'text/html; charset=utf-8');
    }
    return sendJson(res, 404, { errCode: 404, errMsg: `没有这个调试接口: ${req.method} ${path}` });
  }

  function handleStorage(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> | void {
    const uploadMatch = /^\/storage\/upload\/([a-f0-9]+)$/.exec(url.pathname);
    if (uploadMatch && (req.method === 'PUT' || req.method === 'POST')) {
      return readBody(req).then(
        (content) => {
          if (!storage.receiveUpload(uploadMatch[1], content)) {
            return sendText(res, 403, '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>upload url invalid or expired</Message><RequestId>local</RequestId><TraceId>local</TraceId></Error>', 'application/xml');
          }
          res.writeHead(200, { 'content-length': '0', etag: `"${randomBytes(8).toString('hex')}"` });
          res.end();
        },
        () => sendText(res, 413, 'too large'),
      );
    }
    if (url.pathname.startsWith('/storage/file/') && (req.method === 'GET' || req.method === 'HEAD')) {
      let path: string;
      try {
        path = decodeURIComponent(url.pathname.slice('/storage/file/'.length));
      } catch {
        return sendText(res, 400, 'bad path');
      }
      const content = storage.serve(path, url.searchParams.get('t'), url.searchParams.get('sign'));
      if (!content) return sendText(res, 404, 'file not found or link expired');
      res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream', 'content-length': String(content.length) });
      res.end(req.method === 'HEAD' ? undefined : content);
      return;
    }
    return sendText(res, 404, 'not found');
  }

  function handleStatic(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed');
    const root = options.staticDir ? resolve(options.staticDir) : null;
    const index = root ? join(root, 'index.html') : null;
    if (!root || !index || !existsSync(index)) {
      return sendText(res, 503, NOT_BUILT_PAGE, 'text/html; charset=utf-8');
    }
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      return sendText(res, 400, 'bad path');
    }
    let file = resolve(join(root, rel));
    if (file !== root && !file.startsWith(root + sep)) return sendText(res, 403, 'forbidden');
    if (!existsSync(file) || !statSync(file).isFile()) file = index;
    const content = readFileSync(file);
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': String(content.length),
      'cache-control': file === index ? 'no-cache' : 'public, max-age=60',
    });
    res.end(req.method === 'HEAD' ? undefined : content);
  }

  const server: Server = createServer((req, res) => {
    const fail = (e: unknown) => {
      console.error('[emulator] request failed', e);
      if (!res.headersSent) sendJson(res, 500, { errCode: 500, errMsg: '模拟器内部错误' });
      else res.destroy();
    };
    try {
      // origin-form only ("/path?query"); an absolute or odd request target is bad input, not a route
      const target = req.url ?? '';
      if (!target.startsWith('/')) return refuse(res, { status: 400, code: 'bad_request_target', message: '请求路径不合法' });
      const url = new URL(`http://emulator.local${target}`);
      const path = url.pathname;
      // every route: sent to this emulator by name (not a rebound DNS name), from none or its own pages
      const edge = checkHost(req.headers.host, port, options.allowNonLoopback === true) ?? checkOrigin(req.headers.origin, req.headers.host);
      if (edge) return refuse(res, edge);
      const remote = req.socket.remoteAddress;
      // same machine: loopback, or our own address when bound to a LAN address (allowNonLoopback)
      const local = isLoopbackAddress(remote) || (remote !== undefined && remote === req.socket.localAddress);
      // no CORS headers anywhere: the emulator's pages are same-origin, and no other page may read an answer
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { allow: 'GET, HEAD, POST, PUT' });
        res.end();
        return;
      }
      if (path === '/admin' || path.startsWith('/admin/')) {
        if (!local) return sendJson(res, 403, { code: 'PERMISSION_DENIED', message: 'SDK wire is loopback only' });
        const w = /^\/admin\/([A-Za-z0-9_-]+)(?:\/w\/([A-Za-z0-9_-]+))?\/?$/.exec(path);
        if (!w || !sameSecret(w[1], wireSecret) || req.headers.origin !== undefined) {
          return sendJson(res, 403, { code: 'PERMISSION_DENIED', message: '[PermissionDenied] SDK 通道只接受本模拟器函数实例的调用（serviceUrl 不对）' });
        }
        if (req.method !== 'POST') return sendJson(res, 405, { code: 'INVALID_PARAM', message: 'POST only' });
        void handleWire(req, res, url, w[2] ?? null).catch(fail);
        return;
      }
      if (path.startsWith('/dev/')) {
        if (!local) return sendJson(res, 403, { errCode: 403, errMsg: '调试接口只接受本机访问' });
        void handleDev(req, res, url).catch(fail);
        return;
      }
      if (path === '/api/storage/upload' || path === '/api/storage/file') {
        void handleClientStorage(req, res, url).catch(fail);
        return;
      }
      const api = /^\/api\/functions\/([^/]+)$/.exec(path);
      if (api) {
        void handleApi(req, res, api[1]).catch(fail);
        return;
      }
      if (path.startsWith('/api/')) return sendJson(res, 404, { errCode: 404, errMsg: `没有这个接口: ${path}` });
      if (path.startsWith('/storage/')) {
        void Promise.resolve(handleStorage(req, res, url)).catch(fail);
        return;
      }
      handleStatic(req, res, url);
    } catch (e) {
      fail(e);
    }
  });
  server.keepAliveTimeout = 5000;

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host === 'localhost' ? '127.0.0.1' : host === '0.0.0.0' ? '127.0.0.1' : host;
  baseUrl = `http://${urlHost}:${port}`;

  timers.prime();
  let ticking = false;
  const interval =
    options.timers === 'interval'
      ? setInterval(() => {
          if (ticking) return;
          ticking = true;
          timers
            .runDue()
            .catch((e) => console.error('[emulator] timer tick failed', e))
            .finally(() => {
              ticking = false;
            });
        }, 1000)
      : null;
  interval?.unref();

  let closing: Promise<void> | null = null;
  const close = () => {
    if (closing) return closing;
    closing = (async () => {
      if (interval) clearInterval(interval);
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      await host_.close();
      store.close();
    })();
    return closing;
  };

  return {
    url: baseUrl,
    serviceUrl: `${baseUrl}/admin/${wireSecret}`,
    port,
    envId,
    appid,
    invoke: (name, event, identity, invokeOptions) => invokeAsClient(name, event, identity, undefined, invokeOptions),
    invokeTrigger: async (name, event, invokeOptions) => toResult(await run(name, event, { source: 'wx_trigger', appid }, invokeOptions)),
    clock,
    store,
    stats,
    storage,
    functions: () => host_.list(),
    instanceCount: (fn) => host_.instanceCount(fn),
    outbox: () => store.outbox(),
    runDueTimers: () => timers.runDue(),
    close,
  };
}

const NOT_BUILT_PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>村群治理 · 本地</title></head>
<body style="font-family:sans-serif;font-size:20px;padding:2em"><h1>村群治理 · 本地模拟器</h1><p>H5 未构建，请运行 npm run build:h5 ，然后刷新本页。</p></body></html>`;

function outboxHtml(list: OutboxMessage[]): string {
  const rows = list
    .map(
      (m) => `<li><p><b>${escapeHtml(new Date(m.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }))}</b> → ${escapeHtml(m.to)}</p>
<p>模板 ${escapeHtml(m.templateId)}${m.page ? ` · 页面 ${escapeHtml(m.page)}` : ''}</p>
<pre>${escapeHtml(JSON.stringify(m.data, null, 2))}</pre></li>`,
    )
    .join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>订阅消息发件箱</title></head>
<body style="font-family:sans-serif;padding:1em"><h1>订阅消息发件箱（${list.length}）</h1>
${list.length ? `<ol>${rows}</ol>` : '<p>还没有发出任何订阅消息。</p>'}</body></html>`;
}

/** Compares the wire secret in constant time. */
function sameSecret(given: string, secret: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}
