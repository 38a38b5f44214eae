import Taro from '@tarojs/taro';
import { SPEECH_LANGS, TAKE_LIMIT_MS, type SpeechLang, type Take, type TakeFailure, type Unavailable, wechatSIError, webSpeechError } from './talk';

/**
 * Speech to text. WeChat: the 同声传译 (WechatSI) plugin's record-recognition manager (declared only when
 * the build has CUNQUN_WECHATSI=1 — see README). Browser: the Web Speech API where the browser has it.
 * The button (components/Talk.tsx) asks `unavailable()` first and records a voice note instead when
 * speech cannot become text here.
 */
const isWeapp = process.env.TARO_ENV === 'weapp';

export interface TakeHandlers {
  /** words so far, while the person is still speaking */
  onPartial(text: string): void;
  /** the take is over: what was recognised */
  onEnd(take: Take): void;
  onFail(failure: TakeFailure): void;
  /** the engine cannot serve (no network, service refused): the button falls back to a voice note */
  onUnavailable(reason: Unavailable): void;
}

interface Engine {
  start(lang: SpeechLang, h: TakeHandlers): void;
  stop(): void;
  cancel(): void;
}

/**
 * WechatSI with lang zh_CN fires no onStop when nothing was said (reported on WeChat's forum): after
 * a stop, a take that has not ended within this long is taken as silence.
 */
const STOP_WATCHDOG_MS = 8_000;

function wechatSIEngine(): Engine | null {
  let plugin: any = null;
  try {
    plugin = typeof requirePlugin === 'function' ? requirePlugin('WechatSI') : null;
  } catch {
    plugin = null; // not declared in app.json (no CUNQUN_WECHATSI): no recognition in this build
  }
  if (!plugin || typeof plugin.getRecordRecognitionManager !== 'function') return null;
  // one manager per app (the plugin's rule): the current take's handlers are swapped in per take
  const manager = plugin.getRecordRecognitionManager();
  let h: TakeHandlers | null = null;
  let watchdog: ReturnType<typeof setTimeout> | null = null;
  const finish = () => {
    if (watchdog) clearTimeout(watchdog);
    watchdog = null;
    const current = h;
    h = null;
    return current;
  };
  manager.onRecognize = (res: { result?: string }) => h?.onPartial(res?.result ?? '');
  manager.onStop = (res: { result?: string; duration?: number }) =>
    finish()?.onEnd({ text: res?.result ?? '', cut: (res?.duration ?? 0) >= TAKE_LIMIT_MS - 500 });
  manager.onError = (res: { retcode?: number }) => {
    const current = finish();
    if (!current) return;
    const out = wechatSIError(Number(res?.retcode ?? 0));
    if ('unavailable' in out) current.onUnavailable(out.unavailable);
    else current.onFail(out.failure);
  };
  return {
    start(lang, handlers) {
      // a take still being recognised on another field is given up (the plugin serves one at a time)
      finish()?.onFail('failed');
      h = handlers;
      manager.start({ duration: TAKE_LIMIT_MS, lang });
    },
    stop() {
      manager.stop();
      if (h && !watchdog) watchdog = setTimeout(() => finish()?.onFail('silence'), STOP_WATCHDOG_MS);
    },
    cancel() {
      if (finish()) manager.stop();
    },
  };
}

function webSpeechEngine(): Engine | null {
  const w: any = typeof window !== 'undefined' ? window : undefined;
  const Recognition = w?.SpeechRecognition ?? w?.webkitSpeechRecognition;
  if (typeof Recognition !== 'function') return null;
  let rec: any = null;
  return {
    start(lang, handlers) {
      rec?.abort?.();
      let h: TakeHandlers | null = handlers;
      let finals = '';
      let interim = '';
      let cut = false;
      const r = new Recognition();
      rec = r;
      r.lang = SPEECH_LANGS.find((l) => l.value === lang)?.web ?? 'zh-CN';
      r.continuous = true;
      r.interimResults = true;
      r.maxAlternatives = 1;
      // the browser has no limit of its own: keep WeChat's 60 s
      const limit = setTimeout(() => {
        cut = true;
        r.stop();
      }, TAKE_LIMIT_MS);
      const done = () => {
        clearTimeout(limit);
        const current = h;
        h = null;
        return current;
      };
      r.onresult = (e: any) => {
        finals = '';
        interim = '';
        for (let i = 0; i < e.results.length; i++) {
          const alt = e.results[i][0]?.transcript ?? '';
          if (e.results[i].isFinal) finals += alt;
          else interim += alt;
        }
        h?.onPartial(finals + interim);
      };
      r.onerror = (e: any) => {
        const out = webSpeechError(String(e?.error ?? ''));
        if (!out) return;
        const current = done();
        if (!current) return;
        if ('unavailable' in out) current.onUnavailable(out.unavailable);
        else current.onFail(out.failure);
      };
      // words still pending when the person stopped count as said
      r.onend = () => done()?.onEnd({ text: finals || interim, cut });
      r.start();
    },
    stop() {
      rec?.stop();
    },
    cancel() {
      const r = rec;
      rec = null;
      if (r) {
        r.onend = null;
        r.onerror = null;
        r.onresult = null;
        r.abort?.();
      }
    },
  };
}

let engine: Engine | null | undefined;
function getEngine(): Engine | null {
  if (engine === undefined) engine = isWeapp ? wechatSIEngine() : webSpeechEngine();
  return engine;
}

/**
 * A service failure (no network, refused) counts for a few minutes: the next presses record voice
 * notes straight away instead of failing again; after that recognition is tried anew.
 */
const BROKEN_FOR_MS = 5 * 60_000;
let broken: { reason: Unavailable; at: number } | null = null;

export function markUnavailable(reason: Unavailable): void {
  broken = { reason, at: Date.now() };
}

/** Why speech cannot become text in this build right now, or null when it can (as far as can be known before trying). */
export function unavailable(): Unavailable | null {
  if (!getEngine()) return isWeapp ? 'no_plugin' : 'no_api';
  if (broken && Date.now() - broken.at < BROKEN_FOR_MS) return broken.reason;
  return null;
}

/** The network check before a take: offline, recognition cannot work. */
export async function offline(): Promise<boolean> {
  if (isWeapp) {
    try {
      const res = await Taro.getNetworkType();
      return res.networkType === 'none';
    } catch {
      return false;
    }
  }
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

export function startTake(h: TakeHandlers): void {
  getEngine()!.start(speechLang(), h);
}
export function stopTake(): void {
  getEngine()?.stop();
}
export function cancelTake(): void {
  getEngine()?.cancel();
}

/**
 * Microphone consent. WeChat: scope.record — asked once (Taro.authorize); once refused WeChat will not
 * ask again, so the person is sent to the settings page. 'asked': consent was just given, and the press
 * that asked is spent (the dialog took it) — press again. Browser: the browser asks when a take starts.
 */
export async function microphoneConsent(): Promise<'granted' | 'asked' | 'denied'> {
  if (!isWeapp) return 'granted';
  let setting: boolean | undefined;
  try {
    const res = await Taro.getSetting();
    setting = (res.authSetting as Record<string, boolean | undefined>)['scope.record'];
  } catch {
    setting = undefined;
  }
  if (setting === true) return 'granted';
  if (setting === undefined) {
    try {
      await Taro.authorize({ scope: 'scope.record' });
      return 'asked';
    } catch {
      return 'denied';
    }
  }
  const modal = await Taro.showModal({ title: '需要使用麦克风', content: '说话要用到麦克风。请在设置页打开"麦克风"，再回来按住说话。', confirmText: '去设置', cancelText: '不用了' }).catch(() => null);
  if (!modal?.confirm) return 'denied';
  const after = await Taro.openSetting().catch(() => null);
  return (after?.authSetting as Record<string, boolean | undefined> | undefined)?.['scope.record'] ? 'asked' : 'denied';
}

// ─── the language, chosen once on 我的 ───────────────────────────────────────────────────────────────

const LANG_KEY = 'cunqun.speech.lang';

/** The languages this build can recognise (the browser has no 四川话). */
export function speechLangs(): typeof SPEECH_LANGS {
  return isWeapp ? SPEECH_LANGS : SPEECH_LANGS.filter((l) => l.web);
}

export function speechLang(): SpeechLang {
  try {
    const v = Taro.getStorageSync(LANG_KEY);
    if (speechLangs().some((l) => l.value === v)) return v as SpeechLang;
  } catch {
    // no storage: the default
  }
  return 'zh_CN';
}

export function setSpeechLang(lang: SpeechLang): void {
  Taro.setStorageSync(LANG_KEY, lang);
}
