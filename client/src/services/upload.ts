import Taro from '@tarojs/taro';
import { ServiceError, clientError } from './transport';
import { getToken } from './session';

/**
 * Files people attach (photos, voice notes) go to cloud storage first; functions receive only the
 * fileID. Inside WeChat that is wx.cloud.uploadFile and a cloud:// fileID that <Image>/<Audio> show
 * directly; in the browser build the emulator offers the same two steps over HTTP
 * (POST /api/storage/upload, GET /api/storage/file).
 */

export type UploadKind = 'photo' | 'voice';

/** What each kind accepts, checked before anything is sent (the server checks the fileIDs again). */
export const UPLOAD_RULES: Record<UploadKind, { extensions: string[]; maxBytes: number; label: string }> = {
  photo: { extensions: ['jpg', 'jpeg', 'png', 'webp'], maxBytes: 5 * 1024 * 1024, label: '照片' },
  voice: { extensions: ['mp3', 'aac', 'm4a', 'wav', 'webm', 'ogg', 'silk'], maxBytes: 5 * 1024 * 1024, label: '语音' },
};

/**
 * My upload prefix in the village being looked at (`u/<villageId>/<hash>/`, from account.me): the functions
 * accept only fileIDs under it, so every upload goes there. state/me.ts tells this module where to read it.
 */
let prefixSource: () => string | null | Promise<string | null> = () => null;
export function setUploadPrefixSource(source: () => string | null | Promise<string | null>): void {
  prefixSource = source;
}

/** A storage path that never collides: <my prefix>kind/yyyy-mm/time-random.ext */
export function cloudPathFor(kind: UploadKind, extension: string, now: Date, prefix: string | null): string {
  if (!prefix) throw new ServiceError('upload_prefix_unknown', '还没有读到您在本村的信息，请稍后再试。', true);
  const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
  const random = Math.floor(Math.random() * 0xffffffff).toString(16).padStart(8, '0');
  return `${prefix}${kind}/${month}/${now.getTime().toString(36)}-${random}.${extension.toLowerCase()}`;
}

export function extensionOf(path: string, fallback: string): string {
  const match = /\.([A-Za-z0-9]{1,5})(?:[?#].*)?$/.exec(path);
  return match ? match[1].toLowerCase() : fallback;
}

/** Refuses a file of the wrong type or size with a message the person can act on. */
export function checkUpload(kind: UploadKind, extension: string, sizeBytes: number): void {
  const rule = UPLOAD_RULES[kind];
  if (!rule.extensions.includes(extension.toLowerCase())) {
    throw new ServiceError('file_type_not_allowed', `${rule.label}格式不支持，请换一个（支持 ${rule.extensions.join('、')}）。`);
  }
  if (sizeBytes > rule.maxBytes) {
    throw new ServiceError('file_too_large', `${rule.label}太大了，请不要超过 ${rule.maxBytes / 1024 / 1024} MB。`);
  }
}

/**
 * Uploads a local file (a temp path from chooseImage / the recorder; a blob: URL in the browser) and
 * resolves with its fileID.
 */
export async function uploadFile(kind: UploadKind, localPath: string, fallbackExtension = kind === 'photo' ? 'jpg' : 'mp3'): Promise<string> {
  if (process.env.TARO_ENV === 'weapp') {
    const extension = extensionOf(localPath, fallbackExtension);
    const info = await Taro.getFileInfo({ filePath: localPath }).catch(() => null);
    checkUpload(kind, extension, info && 'size' in info ? info.size : 0);
    const cloudPath = cloudPathFor(kind, extension, new Date(), await prefixSource());
    try {
      const res = await Taro.cloud.uploadFile({ cloudPath, filePath: localPath });
      return res.fileID;
    } catch {
      throw clientError('network_error');
    }
  }
  return uploadInBrowser(kind, localPath, fallbackExtension);
}

async function uploadInBrowser(kind: UploadKind, localPath: string, fallbackExtension: string): Promise<string> {
  let blob: Blob;
  try {
    blob = await (await fetch(localPath)).blob();
  } catch {
    throw new ServiceError('file_unreadable', '读取文件失败，请重新选择。');
  }
  const fromType = /\/(jpeg|jpg|png|webp|mpeg|mp3|aac|wav|webm|ogg|mp4)/.exec(blob.type)?.[1];
  const extension = (fromType === 'mpeg' ? 'mp3' : fromType === 'mp4' ? 'm4a' : fromType) ?? extensionOf(localPath, fallbackExtension);
  checkUpload(kind, extension, blob.size);
  const cloudPath = cloudPathFor(kind, extension, new Date(), await prefixSource());
  const token = getToken();
  let res: Response;
  try {
    res = await fetch(`/api/storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, {
      method: 'POST',
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      body: blob,
    });
  } catch {
    throw clientError('network_error');
  }
  if (res.status === 401) throw clientError('not_signed_in', false);
  const body = (await res.json().catch(() => null)) as { fileID?: string } | null;
  if (!res.ok || !body?.fileID) throw new ServiceError('upload_failed', '上传没有成功，请稍后再试。', true);
  return body.fileID;
}

/** Something <Image src> / an audio context can play: the fileID itself in WeChat, an HTTP URL in the browser. */
export function fileUrl(fileID: string): string {
  if (process.env.TARO_ENV === 'weapp') return fileID;
  return `/api/storage/file?fileID=${encodeURIComponent(fileID)}`;
}
