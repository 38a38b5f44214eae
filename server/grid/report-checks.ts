/**
 * The checks on a report's attachments and words that need no data (what is missing, too long, of the
 * wrong type or size). Shared by submitReport and resolveTicket (whose photos obey the same limits).
 */
import { AppError } from '../kernel/errors';
import { REPORT_LIMITS } from './contract';

const extensionOf = (fileId: string): string => /\.([A-Za-z0-9]{1,5})$/.exec(fileId)?.[1]?.toLowerCase() ?? '';

/** The checks that need no data: what is missing, too long, of the wrong type or size. */
export function checkReportInput(input: { categoryId?: string; text: string; voice?: { fileId: string; durationS: number; bytes: number }; photos: { fileId: string; bytes: number }[] }): void {
  if (!input.categoryId) throw new AppError('category_required');
  if (!input.text.trim() && !input.voice) throw new AppError('report_empty');
  if ([...input.text].length > REPORT_LIMITS.textMax) throw new AppError('text_too_long');
  checkPhotos(input.photos);
  if (input.voice) {
    if (!(REPORT_LIMITS.voiceExtensions as readonly string[]).includes(extensionOf(input.voice.fileId))) throw new AppError('voice_type_not_allowed');
    if (input.voice.durationS > REPORT_LIMITS.voiceSecondsMax) throw new AppError('voice_too_long');
    if (input.voice.bytes > REPORT_LIMITS.voiceBytesMax) throw new AppError('voice_too_large');
  }
}

export function checkPhotos(photos: { fileId: string; bytes: number }[]): void {
  if (photos.length > REPORT_LIMITS.photosMax) throw new AppError('too_many_photos');
  for (const p of photos) {
    if (!(REPORT_LIMITS.photoExtensions as readonly string[]).includes(extensionOf(p.fileId))) throw new AppError('photo_type_not_allowed');
    if (p.bytes > REPORT_LIMITS.photoBytesMax) throw new AppError('photo_too_large');
  }
}
