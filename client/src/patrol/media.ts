import Taro from '@tarojs/taro';
import { ServiceError } from '../services/transport';
import { uploadFile } from '../services/upload';

/** Photos and a voice note for a post: chosen on the phone, uploaded first; the post carries the fileIDs. */
const isWeapp = process.env.TARO_ENV === 'weapp';

export async function pickPhotos(max: number): Promise<{ fileId: string; preview: string }[]> {
  if (max <= 0) return [];
  let chosen: string[];
  try {
    chosen = (await Taro.chooseImage({ count: max, sizeType: ['compressed'], sourceType: ['camera', 'album'] })).tempFilePaths;
  } catch {
    return []; // cancelled
  }
  const out: { fileId: string; preview: string }[] = [];
  for (const src of chosen.slice(0, max)) {
    const path = isWeapp ? (await Taro.compressImage({ src, quality: 60 }).catch(() => ({ tempFilePath: src }))).tempFilePath : src;
    out.push({ fileId: await uploadFile('photo', path), preview: path });
  }
  return out;
}

export interface VoiceNote {
  fileId: string;
  durationS: number;
}

/** One voice note of at most 60 s: WeChat's RecorderManager, or MediaRecorder in a browser. */
export function createVoiceRecorder(onDone: (note: VoiceNote) => void, onError: (message: string) => void) {
  if (isWeapp) {
    const rm = Taro.getRecorderManager();
    rm.onStop(async (res) => {
      try {
        onDone({ fileId: await uploadFile('voice', res.tempFilePath, 'mp3'), durationS: Math.round(res.duration / 1000) });
      } catch (e) {
        onError(e instanceof ServiceError ? e.message : '语音没有保存成功，请再录一次');
      }
    });
    rm.onError(() => onError('录音没有成功，请检查是否允许使用麦克风'));
    return { supported: true, start: () => rm.start({ duration: 60_000, format: 'mp3' }), stop: () => rm.stop() };
  }
  const nav = typeof navigator !== 'undefined' ? navigator : undefined;
  const supported = !!nav?.mediaDevices?.getUserMedia && typeof MediaRecorder !== 'undefined';
  let recorder: MediaRecorder | null = null;
  let startedAt = 0;
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
          const url = URL.createObjectURL(new Blob(chunks, { type: recorder?.mimeType || 'audio/webm' }));
          try {
            onDone({ fileId: await uploadFile('voice', url, 'webm'), durationS: Math.min(60, Math.round((Date.now() - startedAt) / 1000)) });
          } catch (e) {
            onError(e instanceof ServiceError ? e.message : '语音没有保存成功，请再录一次');
          }
        };
        startedAt = Date.now();
        recorder.start();
        setTimeout(() => recorder?.state === 'recording' && recorder.stop(), 60_000);
      } catch {
        onError('录音没有成功，请检查是否允许使用麦克风');
      }
    },
    stop: () => {
      if (recorder?.state === 'recording') recorder.stop();
    },
  };
}
