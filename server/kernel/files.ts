/**
 * Files people attach (photos, voice notes) are uploaded by the phone straight to cloud storage; a function
 * receives only the fileID. Stored unchecked, a fileID may be anyone's file, or (issue 16) any URL — every
 * viewer's phone would then fetch it. So every command that stores a fileID checks, here, that it is a file
 * of THIS environment under the caller's own upload prefix `u/<villageId>/<hash of openid>/` (account `me`
 * tells the phone its prefix; client/src/services/upload.ts puts every upload there). Storage's rule "only
 * the creator writes" keeps others from writing into a path someone created; the prefix keeps a caller
 * from naming someone else's file. A fileID the document already holds (a photo kept while goods are
 * edited) is not the caller's to prove.
 */
import { sha, type Ctx } from './context';
import { AppError } from './errors';

/** The storage folder of one person's uploads in one village (no openid in it: a hash). */
export function uploadPrefix(villageId: string, openid: string): string {
  return `u/${villageId}/${sha(`upload|${openid}`, 16)}/`;
}

/** The cloud path inside a fileID of this environment, or null. */
function pathIn(env: string, fileId: string): string | null {
  const head = `cloud://${env}.`;
  if (!fileId.startsWith(head)) return null;
  const slash = fileId.indexOf('/', head.length);
  if (slash < 0) return null;
  const path = fileId.slice(slash + 1);
  return path.split('/').some((seg) => seg === '' || seg === '.' || seg === '..') ? null : path;
}

/** Refuses (`file_not_allowed`) any fileID that is not this environment's file under the caller's prefix. */
export function requireOwnFiles(ctx: Pick<Ctx, 'env' | 'openid'>, villageId: string, fileIds: (string | null | undefined)[], kept: (string | null | undefined)[] = []): void {
  const prefix = uploadPrefix(villageId, ctx.openid);
  for (const id of fileIds) {
    if (!id || kept.includes(id)) continue;
    const path = pathIn(ctx.env, id);
    if (!path || !path.startsWith(prefix) || !ctx.openid) throw new AppError('file_not_allowed');
  }
}
