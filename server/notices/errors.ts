import type { Codes } from '../kernel/errors';
/** Error codes of the notices function (村务公开), with the Chinese message a villager reads. */
export const NOTICES_ERRORS = {
  // ── publishing ──
  title_required: '请填写通知标题',
  title_too_long: '标题太长了，请控制在40字以内',
  notice_text_required: '请填写通知正文',
  notice_text_too_long: '正文太长了，请控制在3000字以内，详细内容可以拍照作为附件',
  too_many_photos: '照片（附件）最多9张',
  photo_type_not_allowed: '照片格式不支持，请用 jpg、png 或 webp 格式的照片',
  photo_too_large: '照片太大了，每张请不要超过5MB',
  /** the pinned-until date is in the past or more than PIN_DAYS_MAX ahead */
  pin_date_invalid: '置顶截止日期要在今天之后、90天以内',
  /** unpin of a notice that is not pinned now */
  not_pinned: '这条通知现在没有置顶',
  /** someone changed the notice between reading and writing: refresh */
  notice_changed: '通知刚刚被修改过，请刷新后再试',

  // ── 当面告知 ──
  /** the person told is not a resident of a household in the grid worker's grids */
  not_your_household: '只能为您负责网格内的住户登记当面告知',
  /** the household has already seen the notice on a phone, or was already told */
  already_reached: '这一户已经知道这条通知了，不用再登记',

  // ── 问答 ──
  question_empty: '请写下您想问的问题',
  question_too_long: '问题太长了，请控制在300字以内',
  answer_empty: '请写下答复内容',
  answer_too_long: '答复太长了，请控制在1000字以内',
  already_answered: '这个问题已经答复过了',
} as const;

export type NoticesErrorCode = keyof typeof NOTICES_ERRORS;

// the kernel imports no job: this tells the type system that the notices' codes are error codes too
declare module '../kernel/errors' {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface JobErrorCodes extends Codes<typeof NOTICES_ERRORS> {}
}
