/**
 * The checks a post's content goes through before anything is written: length and attachments, then
 * WeChat's content security (msgSecCheck) and the village's lexicon. Each refusal has its own code so
 * the poster reads why.
 */
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import type { SecCheckResult } from '../kernel/openapi';
import { POST_LIMITS } from './states';

const extensionOf = (fileId: string): string => (/\.([A-Za-z0-9]{1,5})$/.exec(fileId)?.[1] ?? '').toLowerCase();

/** Empty, oversize, or an attachment we cannot show: refused before any read. */
export function checkPostContent(text: string, photos: { fileId: string }[], voice: { fileId: string; durationS: number } | undefined): void {
  if (!text && photos.length === 0 && !voice) throw new AppError('post_empty');
  if ([...text].length > POST_LIMITS.textMax) throw new AppError('post_too_long');
  if (photos.length > POST_LIMITS.photosMax) throw new AppError('media_unsupported');
  for (const p of photos) if (!(POST_LIMITS.photoExtensions as readonly string[]).includes(extensionOf(p.fileId))) throw new AppError('media_unsupported');
  if (voice) {
    if (!(POST_LIMITS.voiceExtensions as readonly string[]).includes(extensionOf(voice.fileId))) throw new AppError('media_unsupported');
    if (voice.durationS > POST_LIMITS.voiceSecondsMax) throw new AppError('media_unsupported');
  }
}

/** What secCheck may refuse a text with: an action that runs it declares these. */
export const SEC_CHECK_REFUSALS = [
  'post_refused_fraud',
  'post_refused_ad',
  'post_refused_crime',
  'post_refused_abuse',
  'post_refused_porn',
  'post_refused_politics',
  'post_refused',
] as const;
type SecCheckRefusal = (typeof SEC_CHECK_REFUSALS)[number];

/** WeChat's labels → the refusal the poster reads. */
const REFUSAL_BY_LABEL: Record<number, SecCheckRefusal> = {
  20008: 'post_refused_fraud',
  10001: 'post_refused_ad',
  20006: 'post_refused_crime',
  20003: 'post_refused_abuse',
  20002: 'post_refused_porn',
  20012: 'post_refused_porn',
  20001: 'post_refused_politics',
};

function refusalFor(label: number): SecCheckRefusal {
  return REFUSAL_BY_LABEL[label] ?? 'post_refused';
}

/**
 * msgSecCheck v2 (scene 3, 论坛) on a text others will read. `risky` is refused here with the reason;
 * `review` and `pass` are returned for the caller to hold or show. No text (a photo-only post): pass.
 */
export async function secCheck(ctx: Ctx, text: string): Promise<SecCheckResult> {
  if (!text) return { suggest: 'pass', label: 100 };
  const result = await ctx.openapi.msgSecCheck({ openid: ctx.openid, content: text, scene: 3 });
  if (result.suggest === 'risky') throw new AppError(refusalFor(result.label));
  return result;
}
