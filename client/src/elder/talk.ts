/**
 * Speak to write, as data: the languages a take may be in, why a take can fail (each with the Chinese a
 * villager reads), why recognition may be unavailable, and how recognised words join a field. Pure, so
 * tests pin the rules; the engines are in listen.ts, the button in components/Talk.tsx.
 */

/** WechatSI's limit for one take, and the one the browser build keeps too. */
export const TAKE_LIMIT_MS = 60_000;

/** The plugin's languages (its `lang`); the browser's equivalent where it has one. */
export type SpeechLang = 'zh_CN' | 'zh_HK' | 'sichuanhua';
export const SPEECH_LANGS: { value: SpeechLang; label: string; web: string | null }[] = [
  { value: 'zh_CN', label: '普通话', web: 'zh-CN' },
  { value: 'zh_HK', label: '粤语', web: 'yue-Hant-HK' },
  // the Web Speech API has no 四川话 model: offered in WeChat only
  { value: 'sichuanhua', label: '四川话', web: null },
];

/** A take that produced nothing usable: the field stays as it was. */
export type TakeFailure =
  | 'silence' // 没听到声音
  | 'nothing_recognised' // heard something, no words came back
  | 'cut_at_limit' // ran to 60 s and was cut
  | 'mic_denied' // microphone consent refused
  | 'too_long' // the words do not fit in the field
  | 'busy' // the last take is still being recognised
  | 'failed';

export const TAKE_FAILURE_TEXT: Record<TakeFailure, string> = {
  silence: '没有听到声音，框里的字没有改。请按住按钮，对着手机说话，说完再松开。',
  nothing_recognised: '没有听清您说的话，框里的字没有改。请再说一次，慢一点、大声一点。',
  cut_at_limit: '一次最多说 60 秒，这段话超时被截断了，框里的字没有改。请分几次说，每次说一两句。',
  mic_denied: '没有得到使用麦克风的许可，框里的字没有改。请在设置里允许使用麦克风，或者打字。',
  too_long: '这段话太长，框里放不下，框里的字没有改。请说短一点，或者分开写。',
  busy: '上一段话还在识别，请等一下再说。',
  failed: '没有识别成功，框里的字没有改。请再说一次，或者打字。',
};

/** Why speech cannot become text here: the button records a voice note instead (where the page takes one). */
export type Unavailable = 'no_plugin' | 'no_api' | 'no_network' | 'service_failed';

export const UNAVAILABLE_TEXT: Record<Unavailable, string> = {
  no_plugin: '这个版本的小程序不能把说话变成文字',
  no_api: '这个浏览器不能把说话变成文字',
  no_network: '网络不通，说话变不成文字',
  service_failed: '语音识别现在用不了',
};

/** What one take gave back. `cut`: it ran to the limit and was stopped there. */
export interface Take {
  text: string;
  cut: boolean;
}

const ENDS_A_PHRASE = /[。！？，、；：,.!?;:\s]$/;

/**
 * The field's new value after a take, or why it stays as it is. Recognised words go after what is
 * already there (a comma between when the earlier words did not end a phrase), never over it.
 */
export function joinTake(current: string, take: Take, maxLength: number): { ok: true; value: string } | { ok: false; failure: TakeFailure } {
  if (take.cut) return { ok: false, failure: 'cut_at_limit' };
  const heard = take.text.replace(/\s+/g, ' ').trim();
  if (!heard) return { ok: false, failure: 'nothing_recognised' };
  const value = !current.trim() ? heard : `${current}${ENDS_A_PHRASE.test(current) ? '' : '，'}${heard}`;
  if (value.length > maxLength) return { ok: false, failure: 'too_long' };
  return { ok: true, value };
}

/** WechatSI's onError retcodes (its documentation) → a failure of this take, or the service being unavailable. */
export function wechatSIError(retcode: number): { failure: TakeFailure } | { unavailable: Unavailable } {
  switch (retcode) {
    case -30003: // no audio frames: the take was too short or nothing was said
      return { failure: 'silence' };
    case -30004: // the service could not make words of it
      return { failure: 'nothing_recognised' };
    case -30011: // started while the last take is still being recognised
      return { failure: 'busy' };
    case -30006: // recognition timed out
    case -30008: // network failure while querying
    case -30010: // network failure while authenticating
      return { unavailable: 'no_network' };
    case -30005: // the service's internal error
    case -30009: // authentication could not be created
    case -40001: // the AppID's call quota is used up
      return { unavailable: 'service_failed' };
    default: // -30001/-30002 recorder errors, -30007 bad start, -30012 stop with no take, -30013 unknown
      return { failure: 'failed' };
  }
}

/** SpeechRecognitionErrorEvent.error (Web Speech API) → a failure of this take, the service unavailable, or nothing. */
export function webSpeechError(error: string): { failure: TakeFailure } | { unavailable: Unavailable } | null {
  switch (error) {
    case 'aborted': // we stopped it ourselves
      return null;
    case 'no-speech':
      return { failure: 'silence' };
    case 'not-allowed':
      return { failure: 'mic_denied' };
    case 'network':
      return { unavailable: 'no_network' };
    // the browser's speech service refused, has no such language, or could not capture audio for it
    case 'service-not-allowed':
    case 'language-not-supported':
    case 'audio-capture':
      return { unavailable: 'service_failed' };
    default:
      return { failure: 'failed' };
  }
}
