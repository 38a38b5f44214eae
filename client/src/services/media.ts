import Taro from '@tarojs/taro';
import { ServiceError } from './transport';
import { uploadFile } from './upload';
// tells upload.ts my prefix; a page opened directly (a message, a shared link) may have loaded nothing else that does
import '../state/me';

/**
 * What pages need from the phone — photos (compressed before upload), a voice note and playing one back,
 * a place, subscribe-message consent — in one place for every job, each working in WeChat and, where the
 * browser can, in the H5 build.
 */
const isWeapp = process.env.TARO_ENV === 'weapp';

export interface Uploaded {
  fileId: string;
  bytes: number;
  /** what <Image> shows while the page is open */
  preview: string;
}

async function sizeOf(path: string): Promise<number> {
  if (isWeapp) {
    const info = await Taro.getFileInfo({ filePath: path }).catch(() => null);
    return info && 'size' in info ? info.size : 0;
  }
  const blob = await fetch(path).then((r) => r.blob()).catch(() => null);
  return blob?.size ?? 0;
}

/** Choose up to `max` photos, compress each (WeChat) and upload; resolves with their fileIDs and sizes. */
export async function pickPhotos(max: number): Promise<Uploaded[]> {
  if (max <= 0) return [];
  let chosen: string[];
  try {
    const res = await Taro.chooseImage({ count: max, sizeType: ['compressed'], sourceType: ['camera', 'album'] });
    chosen = res.tempFilePaths;
  } catch {
    return []; // cancelled
  }
  const out: Uploaded[] = [];
  for (const src of chosen.slice(0, max)) {
    // compressImage exists only in WeChat; the browser build uploads what the picker gave
    const path = isWeapp ? (await Taro.compressImage({ src, quality: 60 }).catch(() => ({ tempFilePath: src }))).tempFilePath : src;
    const fileId = await uploadFile('photo', path);
    out.push({ fileId, bytes: await sizeOf(path), preview: path });
  }
  return out;
}

export interface VoiceNote {
  fileId: string;
  durationS: number;
  bytes: number;
  preview: string;
}

/** A recorder for one voice note of at most 60 s: WeChat's RecorderManager, or MediaRecorder in a browser. */
export function createVoiceRecorder(onDone: (note: VoiceNote) => void, onError: (message: string) => void) {
  let startedAt = 0;
  if (isWeapp) {
    const rm = Taro.getRecorderManager();
    rm.onStop(async (res) => {
      try {
        const fileId = await uploadFile('voice', res.tempFilePath, 'mp3');
        onDone({ fileId, durationS: Math.round(res.duration / 1000), bytes: res.fileSize, preview: res.tempFilePath });
      } catch (e) {
        onError(e instanceof ServiceError ? e.message : '语音没有保存成功，请再录一次');
      }
    });
    rm.onError(() => onError('录音没有成功，请检查是否允许使用麦克风'));
    return {
      supported: true,
      start: () => {
        startedAt = Date.now();
        rm.start({ duration: 60_000, format: 'mp3' });
      },
      stop: () => rm.stop(),
    };
  }
  const nav = typeof navigator !== 'undefined' ? navigator : undefined;
  const supported = !!nav?.mediaDevices?.getUserMedia && typeof MediaRecorder !== 'undefined';
  let recorder: MediaRecorder | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  return {
    supported,
    start: async () => {
      try {
        const stream = await nav!.mediaDevices.getUserMedia({ audio: true });
        const chunks: Blob[] = [];
        recorder = new MediaRecorder(stream);
        recorder.ondataavailable = (e) => chunks.push(e.data);
        recorder.onstop = async () => {
          stream.getTracks().forEach((t) => t.stop());
          const blob = new Blob(chunks, { type: recorder?.mimeType || 'audio/webm' });
          const url = URL.createObjectURL(blob);
          try {
            const fileId = await uploadFile('voice', url, 'webm');
            onDone({ fileId, durationS: Math.min(60, Math.round((Date.now() - startedAt) / 1000)), bytes: blob.size, preview: url });
          } catch (e) {
            onError(e instanceof ServiceError ? e.message : '语音没有保存成功，请再录一次');
          }
        };
        startedAt = Date.now();
        recorder.start();
        timer = setTimeout(() => recorder?.state === 'recording' && recorder.stop(), 60_000);
      } catch {
        onError('录音没有成功，请检查是否允许使用麦克风');
      }
    },
    stop: () => {
      if (timer) clearTimeout(timer);
      if (recorder?.state === 'recording') recorder.stop();
    },
  };
}

export interface PickedPlace {
  kind: 'point';
  latitude: number;
  longitude: number;
  name?: string;
  address?: string;
}

/** WeChat: the map picker. Browser: the device's position (the person may also type a place instead). */
export async function pickPlace(): Promise<PickedPlace | null> {
  if (isWeapp) {
    try {
      const res = await Taro.chooseLocation({});
      return { kind: 'point', latitude: res.latitude, longitude: res.longitude, name: res.name || undefined, address: res.address || undefined };
    } catch {
      return null;
    }
  }
  if (typeof navigator === 'undefined' || !navigator.geolocation) return null;
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ kind: 'point', latitude: p.coords.latitude, longitude: p.coords.longitude, name: '我现在的位置' }),
      () => resolve(null),
      { timeout: 10_000 },
    );
  });
}

/**
 * Subscribe-message consent, asked at the tap (WeChat's rule). Resolves with the template ids the person
 * accepted; the browser build has no subscribe messages and asks nothing.
 */
export async function askConsent(templateIds: (string | null | undefined)[]): Promise<string[]> {
  const ids = templateIds.filter((t): t is string => !!t).slice(0, 3);
  if (!isWeapp || ids.length === 0) return [];
  try {
    const res = (await Taro.requestSubscribeMessage({ tmplIds: ids } as never)) as unknown as Record<string, string>;
    return ids.filter((id) => res[id] === 'accept');
  } catch {
    return [];
  }
}

/** Plays a voice note from something playable: a local preview path, or fileUrl(fileID). */
export function playVoice(src: string): void {
  const audio = Taro.createInnerAudioContext();
  audio.src = src;
  audio.onEnded(() => audio.destroy());
  audio.play();
}
