/**
 * Runs the REAL Taro weapp build (dist/weapp) inside miniprogram-simulate.
 *
 * miniprogram-simulate renders custom components with the official WXML compiler over a jsdom;
 * Taro's output is an App plus Pages. So we shim the page world: App/getApp/getCurrentPages/Page,
 * and a `wx` whose cloud.callFunction, storage and navigation are recorded for the test to read.
 * A page's definition (from Taro's createPageConfig) becomes a component whose lifetimes call
 * onLoad/onShow/onReady, so Taro's own setData drives the rendered tree.
 */
import { ensureClientBuild } from '../../../scripts/client-build';
import { readFileSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';

export const ROOT = join(__dirname, '..', '..', '..');
export const DIST = join(ROOT, 'dist', 'weapp');

/** Builds dist/weapp when missing or stale (jest's global setup has normally done it already). */
export function ensureWeappBuild(): void {
  ensureClientBuild('weapp');
}

export interface CallRecord {
  name: string;
  data: any;
}

export interface WxWorld {
  calls: CallRecord[];
  navigations: { api: string; url: string }[];
  storage: Map<string, unknown>;
  toasts: string[];
  /** Answer for wx.cloud.callFunction: return the function's result (the envelope answer). */
  answer: (name: string, data: any) => unknown;
  appBaseInfo: { fontSizeScaleFactor: number; fontSizeSetting: number };
  groupEnterInfo: { cloudID: string } | null;
  /** listeners the app gave wx.onAppShow; `showApp` calls them as WeChat does when the app comes to the front */
  appShowListeners: ((options: object) => void)[];
  /**
   * What `requirePlugin(name)` returns — the mini-program plugins this AppID has (e.g. WechatSI, see
   * fakeWechatSI). A plugin not here throws, as WeChat does for one app.json does not declare.
   */
  plugins: Record<string, unknown>;
  /** wx.getSetting's authSetting; wx.authorize sets a scope to `grantOnAsk` */
  authSetting: Record<string, boolean>;
  grantOnAsk: boolean;
  /** scopes wx.authorize was asked for, in order */
  authorizeAsked: string[];
  /** wx.getNetworkType's answer ('none' = offline) */
  networkType: string;
  /** numbers wx.makePhoneCall dialled */
  phoneCalls: string[];
  /** cloudPaths wx.cloud.uploadFile received */
  uploads: string[];
  /** wx.getRecorderManager(): the one recorder (voice notes) */
  recorder: FakeRecorder;
}

/** WeChat's RecorderManager: start/stop recorded; stop ends the take with a file of `durationMs`. */
export interface FakeRecorder {
  starts: any[];
  durationMs: number;
  manager: { start(o: any): void; stop(): void; onStop(cb: (res: any) => void): void; onError(cb: (e: any) => void): void };
}

function fakeRecorder(): FakeRecorder {
  let stopCb: ((res: any) => void) | null = null;
  const r: FakeRecorder = {
    starts: [],
    durationMs: 4_000,
    manager: {
      start: (o) => void r.starts.push(o),
      stop: () => setTimeout(() => stopCb?.({ tempFilePath: `http://tmp/voice-${r.starts.length}.mp3`, duration: r.durationMs, fileSize: 24_000 }), 0),
      onStop: (cb) => void (stopCb = cb),
      onError: () => undefined,
    },
  };
  return r;
}

/**
 * The 同声传译 plugin as a test drives it (WeChat's speech service cannot run here): its record-recognition
 * manager records start/stop, and the test says what the service answers — words while speaking
 * (`hear`), the end of the take (`finish`), or an error (`fail`). textToSpeech answers with a file name.
 */
export function fakeWechatSI() {
  const starts: any[] = [];
  const spoken: string[] = [];
  let stops = 0;
  const manager: any = {
    start: (o: any) => void starts.push(o),
    stop: () => void stops++,
  };
  return {
    plugin: {
      getRecordRecognitionManager: () => manager,
      textToSpeech: (o: any) => {
        spoken.push(o.content);
        setTimeout(() => o.success?.({ filename: `http://tmp/tts-${spoken.length}.mp3` }), 0);
      },
    },
    starts,
    spoken,
    stops: () => stops,
    hear: (result: string) => manager.onRecognize?.({ result }),
    finish: (result: string, durationMs = 3_000) => manager.onStop?.({ result, duration: durationMs, tempFilePath: 'http://tmp/take.mp3', fileSize: 20_000 }),
    fail: (retcode: number) => manager.onError?.({ retcode, msg: 'fake' }),
  };
}

let installed: WxWorld | null = null;

/**
 * WXML runtime warnings (e.g. `Template \`tmpl_0_i\` not found`: an element the weapp templates do
 * not know — WeChat drops it silently). Collected so a test can insist there are none.
 */
export const wxmlWarnings: string[] = [];
function captureWxmlWarnings() {
  const orig = console.warn;
  console.warn = (...args: unknown[]) => {
    const first = String(args[0] ?? '');
    if (first.startsWith('WXMLRT')) {
      wxmlWarnings.push(first.split('\n')[0]);
      return;
    }
    orig(...args);
  };
}

function installDom() {
  if ((global as any).window) return;
  const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', { pretendToBeVisual: true });
  const g = global as any;
  g.window = dom.window;
  g.document = dom.window.document;
  for (const k of ['Node', 'Element', 'HTMLElement', 'Event', 'CustomEvent', 'MouseEvent', 'TouchEvent', 'DocumentFragment', 'Text', 'Comment', 'getComputedStyle']) {
    // Node has its own Event/CustomEvent; j-component must get jsdom's, or jsdom refuses them.
    if ((dom.window as any)[k] !== undefined) g[k] = (dom.window as any)[k];
  }
  if (!g.navigator) g.navigator = dom.window.navigator;
  if (!g.requestAnimationFrame) g.requestAnimationFrame = (cb: any) => setTimeout(cb, 0);
}

function makeWx(world: WxWorld): any {
  const ok = (extra: object = {}) => ({ errMsg: 'ok', ...extra });
  const asyncApi = (fn: (opts: any) => any) => (opts: any = {}) => {
    try {
      const res = fn(opts);
      Promise.resolve(res).then(
        (r) => {
          opts.success?.(r);
          opts.complete?.(r);
        },
        (e) => {
          opts.fail?.(e);
          opts.complete?.(e);
        },
      );
    } catch (e) {
      opts.fail?.(e);
      opts.complete?.(e);
    }
  };
  const base: Record<string, any> = {
    getSystemInfoSync: () => ({ platform: 'devtools', windowWidth: 375, windowHeight: 667, pixelRatio: 2, screenWidth: 375, screenHeight: 667, SDKVersion: '3.4.0', language: 'zh_CN', version: '8.0.50', fontSizeSetting: world.appBaseInfo.fontSizeSetting }),
    getAppBaseInfo: () => ({ SDKVersion: '3.4.0', language: 'zh_CN', version: '8.0.50', ...world.appBaseInfo }),
    getWindowInfo: () => ({ windowWidth: 375, windowHeight: 667, pixelRatio: 2, screenWidth: 375, screenHeight: 667, statusBarHeight: 20 }),
    getDeviceInfo: () => ({ platform: 'devtools', system: 'iOS 17', brand: 'devtools', model: 'iPhone' }),
    getStorageSync: (k: string) => (world.storage.has(k) ? world.storage.get(k) : ''),
    setStorageSync: (k: string, v: unknown) => void world.storage.set(k, v),
    removeStorageSync: (k: string) => void world.storage.delete(k),
    getStorage: asyncApi(({ key }) => ({ data: world.storage.get(key) })),
    setStorage: asyncApi(({ key, data }) => void world.storage.set(key, data)),
    navigateTo: asyncApi(({ url }) => void world.navigations.push({ api: 'navigateTo', url })),
    redirectTo: asyncApi(({ url }) => void world.navigations.push({ api: 'redirectTo', url })),
    reLaunch: asyncApi(({ url }) => void world.navigations.push({ api: 'reLaunch', url })),
    switchTab: asyncApi(({ url }) => void world.navigations.push({ api: 'switchTab', url })),
    navigateBack: asyncApi(() => void world.navigations.push({ api: 'navigateBack', url: '' })),
    showToast: asyncApi(({ title }) => void world.toasts.push(title)),
    showModal: asyncApi(() => ok({ confirm: true, cancel: false })),
    showActionSheet: asyncApi(() => ok({ tapIndex: 0 })),
    showShareMenu: asyncApi(() => ok()),
    onAppShow: (l: (options: object) => void) => void world.appShowListeners.push(l),
    offAppShow: (l: (options: object) => void) => void (world.appShowListeners = world.appShowListeners.filter((x) => x !== l)),
    onAppHide: () => undefined,
    setNavigationBarTitle: asyncApi(() => ok()),
    getGroupEnterInfo: asyncApi(() => {
      if (!world.groupEnterInfo) throw { errMsg: 'getGroupEnterInfo:fail scene error' };
      return ok(world.groupEnterInfo);
    }),
    getShareInfo: asyncApi(() => {
      throw { errMsg: 'getShareInfo:fail' };
    }),
    getSetting: asyncApi(() => ok({ authSetting: { ...world.authSetting } })),
    authorize: asyncApi(({ scope }) => {
      world.authorizeAsked.push(scope);
      world.authSetting[scope] = world.grantOnAsk;
      if (!world.grantOnAsk) throw { errMsg: 'authorize:fail auth deny' };
      return ok();
    }),
    openSetting: asyncApi(() => ok({ authSetting: { ...world.authSetting } })),
    getNetworkType: asyncApi(() => ok({ networkType: world.networkType })),
    makePhoneCall: asyncApi(({ phoneNumber }) => void world.phoneCalls.push(phoneNumber)),
    getRecorderManager: () => world.recorder.manager,
    // Taro wraps only the APIs wx lists as its own keys: anything a page calls must be named here
    getFileInfo: asyncApi(() => ok({ size: 24_000 })),
    createSelectorQuery: () => {
      const q: any = { in: () => q, select: () => q, selectAll: () => q, selectViewport: () => q, boundingClientRect: () => q, scrollOffset: () => q, fields: () => q, exec: (cb: any) => cb?.([]) };
      return q;
    },
    createInnerAudioContext: () => ({ play() {}, stop() {}, destroy() {}, onEnded() {}, onError() {}, src: '' }),
    nextTick: (cb: () => void) => setTimeout(cb, 0),
    canIUse: () => true,
    getLaunchOptionsSync: () => ({ scene: 1001, query: {} }),
    getEnterOptionsSync: () => ({ scene: 1001, query: {} }),
    cloud: {
      init: () => undefined,
      CloudID: (cloudID: string) => ({ cloudID, __cloudIdMarker: true }),
      uploadFile: (opts: { cloudPath: string; success?: any; fail?: any }) => {
        world.uploads.push(opts.cloudPath);
        const p = Promise.resolve({ errMsg: 'cloud.uploadFile:ok', fileID: `cloud://env.bucket/${opts.cloudPath}` });
        p.then(opts.success, opts.fail);
        return p;
      },
      callFunction: (opts: { name: string; data: any; success?: any; fail?: any }) => {
        world.calls.push({ name: opts.name, data: JSON.parse(JSON.stringify(opts.data)) });
        const p = Promise.resolve().then(() => ({ errMsg: 'cloud.callFunction:ok', result: world.answer(opts.name, opts.data) }));
        p.then(opts.success, opts.fail);
        return p;
      },
    },
  };
  // Anything else Taro touches: a harmless stub, so the runtime's API table loads.
  return new Proxy(base, {
    get(target, key: string) {
      if (key in target) return target[key];
      if (typeof key !== 'string' || key === 'then') return undefined;
      return asyncApi(() => ok());
    },
    has() {
      return true;
    },
  });
}

let app: any = null;
const pageStack: any[] = [];

/** Loads app.js (once per test file) into a fresh simulated WeChat. */
export function bootWeapp(partial: Partial<WxWorld> = {}, launch: { scene?: number; query?: object; shareTicket?: string } = {}): WxWorld {
  if (installed) throw new Error('bootWeapp once per test file (the Taro runtime is a singleton)');
  installDom();
  const world: WxWorld = {
    calls: [],
    navigations: [],
    storage: new Map(),
    toasts: [],
    answer: () => ({ ok: false, error: { code: 'internal', message: '未设置' } }),
    appBaseInfo: { fontSizeScaleFactor: 1, fontSizeSetting: 17 },
    groupEnterInfo: null,
    appShowListeners: [],
    plugins: {},
    authSetting: {},
    grantOnAsk: true,
    authorizeAsked: [],
    networkType: 'wifi',
    phoneCalls: [],
    uploads: [],
    recorder: fakeRecorder(),
    ...partial,
  };
  installed = world;
  captureWxmlWarnings();
  const g = global as any;
  g.wx = makeWx(world);
  // WeChat's plugin loader: only what this AppID has (see WxWorld.plugins)
  g.requirePlugin = (name: string) => {
    if (!(name in world.plugins)) throw new Error(`plugin ${name} is not defined`);
    return world.plugins[name];
  };
  g.App = (cfg: any) => {
    app = cfg;
  };
  g.getApp = () => app;
  g.getCurrentPages = () => pageStack;
  // require after the globals: miniprogram-simulate defines Component for us
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  require('miniprogram-simulate');
  g.Page = (def: any) => {
    pendingPage = def;
  };
  require(join(DIST, 'app.js'));
  if (!app) throw new Error('app.js did not call App()');
  app.onLaunch?.call(app, { path: 'pages/patrol/index', scene: 1001, query: {}, ...launch });
  app.onShow?.call(app, { path: 'pages/patrol/index', scene: 1001, query: {}, ...launch });
  return world;
}

let pendingPage: any = null;

export interface RenderedPage {
  comp: any;
  instance: any;
  /** All text on the page, in document order. */
  text(): string;
  /** The first element whose text includes `needle` and that handles tap, tapped. */
  tap(needle: string): Promise<void>;
  /** A finger on the element with `needle` for `heldMs`, then lifted (touchstart … touchend). */
  hold(needle: string, heldMs: number, whileHeld?: () => void | Promise<void>): Promise<void>;
  root(): Element;
  unload(): void;
}

/**
 * Loads one page of the build (e.g. 'pages/me/index') with query, renders it, and fires
 * onLoad/onShow/onReady the way WeChat would.
 */
export async function openPage(route: string, query: Record<string, string> = {}): Promise<RenderedPage> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const simulate = require('miniprogram-simulate');
  pendingPage = null;
  const pagePath = join(DIST, route);
  // miniprogram-simulate runs the page js; the page calls Page(def), which our shim catches, and we
  // hand j-component a component built from it.
  const g = global as any;
  const realComponent = g.Component;
  // A page's module runs once (webpack caches it), so its component is registered once and each
  // openPage renders a new instance of it — as WeChat makes a new page instance per navigation.
  nextQuery = query;
  let id: string | undefined = loadedPages.get(route);
  if (id) return mount(simulate, id, route);
  g.Component = (options: any) => realComponent(options);
  const origPage = g.Page;
  g.Page = (def: any) => {
    pendingPage = def;
    const methods: Record<string, any> = {};
    for (const [k, v] of Object.entries(def)) if (typeof v === 'function') methods[k] = v;
    realComponent({
      data: def.data,
      methods,
      lifetimes: {
        attached(this: any) {
          const q = { ...nextQuery };
          this.route = route;
          this.__route__ = route;
          this.options = q;
          pageStack.push(this);
          this.onLoad?.(q);
          this.onShow?.();
        },
        ready(this: any) {
          this.onReady?.();
        },
        detached(this: any) {
          this.onUnload?.();
          const i = pageStack.indexOf(this);
          if (i >= 0) pageStack.splice(i, 1);
        },
      },
    });
  };
  try {
    id = simulate.load(pagePath, { rootPath: DIST, compiler: 'official' }) as string;
  } finally {
    g.Page = origPage;
    g.Component = realComponent;
  }
  loadedPages.set(route, id);
  return mount(simulate, id, route);
}

const loadedPages = new Map<string, string>();
let nextQuery: Record<string, string> = {};

async function mount(simulate: any, id: string, route: string): Promise<RenderedPage> {
  const comp = simulate.render(id);
  const parent = document.createElement('parent-wrapper');
  comp.attach(parent);
  await settle();
  const instance = comp.instance;
  const root = () => comp.dom as Element;
  return {
    comp,
    instance,
    root,
    text: () => (root().textContent ?? '').replace(/\s+/g, ' ').trim(),
    async tap(needle: string) {
      const target = findTappable(comp, needle);
      if (!target) throw new Error(`nothing tappable with text “${needle}” on ${route}; page text: ${(root().textContent ?? '').slice(0, 400)}`);
      target.dispatchEvent('tap');
      await settle();
    },
    async hold(needle: string, heldMs: number, whileHeld?: () => void | Promise<void>) {
      const target = findTappable(comp, needle);
      if (!target) throw new Error(`nothing to hold with text “${needle}” on ${route}; page text: ${(root().textContent ?? '').slice(0, 400)}`);
      const started = Date.now();
      target.dispatchEvent('touchstart', { touches: [{ clientX: 10, clientY: 10 }] });
      await settle();
      await whileHeld?.();
      await new Promise((r) => setTimeout(r, Math.max(0, heldMs - (Date.now() - started))));
      target.dispatchEvent('touchend', { changedTouches: [{ clientX: 10, clientY: 10 }] });
      await settle();
    },
    unload() {
      comp.detach();
    },
  };
}

/** Lets Taro's batched setData, promises and timers run. */
export async function settle(rounds = 6): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 5));
}

function findTappable(comp: any, needle: string): any {
  // The innermost element with the text, walking up to the nearest one bound to tap.
  const all: any[] = comp.querySelectorAll('.cq-btn, .cq-row, .cq-read, view');
  let best: any = null;
  for (const w of all) {
    const dom: Element | undefined = w.dom;
    if (!dom || !(dom.textContent ?? '').includes(needle)) continue;
    if (!best || (best.dom as Element).contains(dom)) best = w;
  }
  return best;
}

export function readText(file: string): string {
  return readFileSync(join(DIST, file), 'utf8');
}

/** Sizes as WeChat counts them (license notes are excluded by project.config.json packOptions). */
export function packageSizes(): { main: number; subpackages: Record<string, number> } {
  const appJson = JSON.parse(readText('app.json'));
  const roots: string[] = (appJson.subPackages ?? appJson.subpackages ?? []).map((s: any) => s.root.replace(/\/$/, ''));
  const sizes = { main: 0, subpackages: Object.fromEntries(roots.map((r) => [r, 0])) as Record<string, number> };
  const walk = (dir: string, rel: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p, r);
      else if (!e.name.endsWith('.LICENSE.txt') && !e.name.endsWith('.map')) {
        const root = roots.find((x) => r.startsWith(`${x}/`));
        if (root) sizes.subpackages[root] += statSync(p).size;
        else sizes.main += statSync(p).size;
      }
    }
  };
  walk(DIST, '');
  return sizes;
}

/** The app comes to the front again, e.g. opened from a group card while it was alive (wx.onAppShow). */
export async function showApp(world: WxWorld, options: { scene: number; shareTicket?: string; query?: object }): Promise<void> {
  for (const l of world.appShowListeners) l({ path: 'pages/patrol/index', query: {}, ...options });
  await settle();
}
