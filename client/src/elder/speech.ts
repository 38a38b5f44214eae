import Taro from '@tarojs/taro';
import { chunkText } from './chunk';

/**
 * Read-aloud. WeChat: the 同声传译 (WechatSI) plugin's textToSpeech, which fails past ~420
 * characters, so text is spoken in chunks. Browser: the Web Speech API.
 * Where neither exists (the plugin is not declared, e.g. a build without a real appid), `canSpeak()`
 * is false and the read-aloud button is not shown.
 */
interface Speaker {
  speak(chunks: string[], onEnd: () => void): void;
  stop(): void;
}

function weappSpeaker(): Speaker | null {
  let plugin: any = null;
  try {
    plugin = typeof requirePlugin === 'function' ? requirePlugin('WechatSI') : null;
  } catch {
    plugin = null; // not declared in app.json: no read-aloud in this build
  }
  if (!plugin || typeof plugin.textToSpeech !== 'function') return null;
  let audio: Taro.InnerAudioContext | null = null;
  let token = 0;
  return {
    speak(chunks, onEnd) {
      const mine = ++token;
      audio?.destroy();
      audio = Taro.createInnerAudioContext();
      const a = audio;
      let i = 0;
      const next = () => {
        if (mine !== token) return;
        if (i >= chunks.length) return onEnd();
        plugin.textToSpeech({
          lang: 'zh_CN',
          tts: true,
          content: chunks[i++],
          success(res: { filename: string }) {
            if (mine !== token) return;
            a.src = res.filename;
            a.play();
          },
          fail: () => onEnd(),
        });
      };
      a.onEnded(next);
      a.onError(() => onEnd());
      next();
    },
    stop() {
      token++;
      audio?.stop();
    },
  };
}

function webSpeaker(): Speaker | null {
  const synth: SpeechSynthesis | undefined = typeof window !== 'undefined' ? (window as any).speechSynthesis : undefined;
  if (!synth || typeof (window as any).SpeechSynthesisUtterance !== 'function') return null;
  return {
    speak(chunks, onEnd) {
      synth.cancel();
      chunks.forEach((c, idx) => {
        const u = new SpeechSynthesisUtterance(c);
        u.lang = 'zh-CN';
        u.rate = 0.9;
        if (idx === chunks.length - 1) {
          u.onend = onEnd;
          u.onerror = onEnd;
        }
        synth.speak(u);
      });
    },
    stop() {
      synth.cancel();
    },
  };
}

let speaker: Speaker | null | undefined;
function getSpeaker(): Speaker | null {
  if (speaker === undefined) speaker = process.env.TARO_ENV === 'weapp' ? weappSpeaker() : webSpeaker();
  return speaker;
}

export function canSpeak(): boolean {
  return getSpeaker() !== null;
}

export function speak(text: string, onEnd: () => void): boolean {
  const s = getSpeaker();
  const chunks = chunkText(text);
  if (!s || chunks.length === 0) return false;
  s.speak(chunks, onEnd);
  return true;
}

export function stopSpeaking(): void {
  getSpeaker()?.stop();
}
