/**
 * Cloud storage stand-in. fileIDs look like CloudBase's: cloud://<env>.<bucket>/<path>. Uploads follow
 * the SDK's two steps (storage.getUploadMetadata → PUT to the URL we hand out); temp URLs are signed
 * links to GET /storage/file/<path> on this emulator. Files live under dataDir/storage, or in memory.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { fail } from './errors';

const UPLOAD_TTL_MS = 10 * 60_000;
const DEFAULT_MAX_AGE_S = 7200;

export class StorageWire {
  readonly bucket: string;
  private readonly secret = randomBytes(16).toString('hex');
  private readonly memory = new Map<string, Buffer>();
  private readonly pendingUploads = new Map<string, { path: string; expires: number }>();

  constructor(private readonly root: string | null, private readonly envId: string, private readonly baseUrl: () => string) {
    this.bucket = `${Buffer.from(envId).toString('hex').slice(0, 4)}-${envId}-1300000000`;
    if (root) mkdirSync(root, { recursive: true });
  }

  fileId(path: string): string {
    return `cloud://${this.envId}.${this.bucket}/${path}`;
  }

  /** The cloud path inside a fileID of this environment, or null. */
  pathOf(fileID: unknown): string | null {
    if (typeof fileID !== 'string') return null;
    const prefix = `cloud://${this.envId}.${this.bucket}/`;
    if (!fileID.startsWith(prefix)) return null;
    return safePath(fileID.slice(prefix.length));
  }

  handle(action: string, body: Record<string, any>): Record<string, unknown> {
    switch (action) {
      case 'storage.getUploadMetadata':
        return this.getUploadMetadata(body);
      case 'storage.batchGetDownloadUrl':
        return this.batchGetDownloadUrl(body);
      case 'storage.batchDeleteFile':
        return this.batchDeleteFile(body);
      default:
        return fail('INVALID_ACTION', `[InvalidParameter.Action] 不支持的存储操作: ${action}`);
    }
  }

  private getUploadMetadata(body: Record<string, any>) {
    const path = safePath(body.path);
    if (!path) return fail('INVALID_PARAM', '[InvalidParameter] cloudPath 不合法');
    const token = randomBytes(16).toString('hex');
    this.pendingUploads.set(token, { path, expires: Date.now() + UPLOAD_TTL_MS });
    return {
      data: {
        url: `${this.baseUrl()}/storage/upload/${token}`,
        token,
        authorization: `local-${token}`,
        fileId: this.fileId(path),
        cosFileId: `local-${token}`,
        download_url: this.tempUrl(path, DEFAULT_MAX_AGE_S),
      },
    };
  }

  /** PUT /storage/upload/<token>: returns false when the token is unknown or expired. */
  receiveUpload(token: string, content: Buffer): boolean {
    const pending = this.pendingUploads.get(token);
    if (!pending || pending.expires < Date.now()) return false;
    this.pendingUploads.delete(token);
    this.write(pending.path, content);
    return true;
  }

  private batchGetDownloadUrl(body: Record<string, any>) {
    if (!Array.isArray(body.file_list)) return fail('INVALID_PARAM', '[InvalidParameter] file_list 必须是数组');
    const list = (body.file_list as any[]).map((item) => {
      const fileID = item?.fileid;
      const path = this.pathOf(fileID);
      if (!path || !this.exists(path)) return { fileID, tempFileURL: '', code: 'STORAGE_FILE_NONEXIST', message: '文件不存在' };
      const maxAge = typeof item.max_age === 'number' && item.max_age > 0 ? item.max_age : DEFAULT_MAX_AGE_S;
      return { fileID, tempFileURL: this.tempUrl(path, maxAge), code: 'SUCCESS', maxAge };
    });
    return { data: { download_list: list } };
  }

  private batchDeleteFile(body: Record<string, any>) {
    if (!Array.isArray(body.fileid_list)) return fail('INVALID_PARAM', '[InvalidParameter] fileid_list 必须是数组');
    const list = (body.fileid_list as unknown[]).map((fileID) => {
      const path = this.pathOf(fileID);
      if (!path || !this.exists(path)) return { fileID, code: 'STORAGE_FILE_NONEXIST', message: '文件不存在' };
      this.remove(path);
      return { fileID, code: 'SUCCESS' };
    });
    return { data: { delete_list: list } };
  }

  tempUrl(path: string, maxAgeS: number): string {
    const expires = Date.now() + maxAgeS * 1000;
    return `${this.baseUrl()}/storage/file/${path}?t=${expires}&sign=${this.sign(path, expires)}`;
  }

  /** GET /storage/file/<path>?t&sign: the file, or null when the link is bad, expired or the file is gone. */
  serve(path: string, t: string | null, sign: string | null): Buffer | null {
    const clean = safePath(path);
    const expires = Number(t);
    if (!clean || !sign || !Number.isFinite(expires) || expires < Date.now() || this.sign(clean, expires) !== sign) return null;
    return this.read(clean);
  }

  read(path: string): Buffer | null {
    if (!this.root) return this.memory.get(path) ?? null;
    const file = this.diskPath(path);
    return existsSync(file) ? readFileSync(file) : null;
  }

  write(path: string, content: Buffer): void {
    if (!this.root) {
      this.memory.set(path, Buffer.from(content));
      return;
    }
    const file = this.diskPath(path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }

  private exists(path: string): boolean {
    return this.root ? existsSync(this.diskPath(path)) : this.memory.has(path);
  }

  private remove(path: string): void {
    if (!this.root) this.memory.delete(path);
    else rmSync(this.diskPath(path), { force: true });
  }

  private diskPath(path: string): string {
    return join(this.root!, ...path.split('/'));
  }

  private sign(path: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${path}\n${expires}`).digest('hex').slice(0, 32);
  }
}

/** A cloud path without traversal: no empty, '.' or '..' segments, no backslashes. */
export function safePath(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const path = value.replace(/^\/+/, '');
  if (!path || path.includes('\\') || path.includes('\0')) return null;
  const segments = path.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return null;
  if (normalize(path).split(sep).includes('..')) return null;
  return path;
}
