/**
 * Cloud storage stand-in. fileIDs look like CloudBase's: cloud://<env>.<bucket>/<path>. Uploads follow
 * the SDK's two steps (storage.getUploadMetadata → PUT to the URL we hand out); temp URLs are signed
 * links to GET /storage/file/<path> on this emulator. Files live under dataDir/storage, or in memory.
 * Writes follow CloudBase's default storage rule, "only the creator writes": each file's creator (an
 * openid; admin for the server SDK outside any user's invocation) is recorded, and a user may not write a
 * path someone else created. Every user of the app may read.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { fail } from './errors';

const UPLOAD_TTL_MS = 10 * 60_000;

/** Who created each stored file (persisted beside the data: the emulator's store). '' = admin. */
export interface FileCreators {
  get(path: string): string | undefined;
  set(path: string, creator: string): void;
}

/** The caller of a storage action: a user's openid, or null for admin (the server SDK outside a user's call). */
export interface StorageCaller {
  writer: string | null;
}
const DEFAULT_MAX_AGE_S = 7200;

export class StorageWire {
  readonly bucket: string;
  private readonly secret = randomBytes(16).toString('hex');
  private readonly memory = new Map<string, Buffer>();
  private readonly pendingUploads = new Map<string, { path: string; expires: number; writer: string | null }>();

  constructor(
    private readonly root: string | null,
    private readonly envId: string,
    private readonly baseUrl: () => string,
    private readonly creators: FileCreators = inMemoryCreators(),
  ) {
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

  handle(action: string, body: Record<string, any>, caller: StorageCaller = { writer: null }): Record<string, unknown> {
    switch (action) {
      case 'storage.getUploadMetadata':
        return this.getUploadMetadata(body, caller.writer);
      case 'storage.batchGetDownloadUrl':
        return this.batchGetDownloadUrl(body);
      case 'storage.batchDeleteFile':
        return this.batchDeleteFile(body);
      default:
        return fail('INVALID_ACTION', `[InvalidParameter.Action] 不支持的存储操作: ${action}`);
    }
  }

  private getUploadMetadata(body: Record<string, any>, writer: string | null) {
    const path = safePath(body.path);
    if (!path) return fail('INVALID_PARAM', '[InvalidParameter] cloudPath 不合法');
    if (!this.mayWrite(writer, path)) return fail('STORAGE_EXCEED_AUTHORITY', `[PermissionDenied] 文件 ${path} 由别人创建，不能覆盖`);
    const token = randomBytes(16).toString('hex');
    this.pendingUploads.set(token, { path, expires: Date.now() + UPLOAD_TTL_MS, writer });
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

  /** PUT /storage/upload/<token>: returns false when the token is unknown or expired, or the path was taken meanwhile. */
  receiveUpload(token: string, content: Buffer): boolean {
    const pending = this.pendingUploads.get(token);
    if (!pending || pending.expires < Date.now()) return false;
    this.pendingUploads.delete(token);
    return this.writeAs(pending.writer, pending.path, content);
  }

  /**
   * Writes a file as this caller (null = admin) unless someone else created that path: false then, and
   * nothing written. Check, record and write happen in one synchronous step, so two uploads cannot race.
   */
  writeAs(writer: string | null, path: string, content: Buffer): boolean {
    if (!this.mayWrite(writer, path)) return false;
    // the creator is recorded before the bytes: a crash in between leaves no file, so the path stays free
    if (!this.exists(path)) this.creators.set(path, writer ?? '');
    this.write(path, content);
    return true;
  }

  /** The file's creator: an openid, '' for admin, undefined when unknown (a file from before creators were kept). */
  creatorOf(path: string): string | undefined {
    return this.creators.get(path);
  }

  private mayWrite(writer: string | null, path: string): boolean {
    return writer === null || !this.exists(path) || this.creators.get(path) === writer;
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
    // written aside, then renamed into place: a process killed mid-upload leaves no half file behind the path
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.partial`;
    writeFileSync(partial, content);
    renameSync(partial, file);
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

function inMemoryCreators(): FileCreators {
  const map = new Map<string, string>();
  return { get: (path) => map.get(path), set: (path, creator) => void map.set(path, creator) };
}
