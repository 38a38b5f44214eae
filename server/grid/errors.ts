import type { Codes } from '../kernel/errors';
/** Error codes of the grid function (网格上报), with the Chinese message a villager reads. */
export const GRID_ERRORS = {
  // ── reporting ──
  /** no category picked (the page suggests one from the text) */
  category_required: '请选择问题类别',
  /** a category id the village's catalogue does not have */
  category_unknown: '没有这个问题类别，请重新选择',
  /** neither words nor a voice note */
  report_empty: '请用文字或语音说一说是什么问题',
  text_too_long: '文字太长了，请控制在500字以内，详细情况可以用语音或照片补充',
  too_many_photos: '照片最多6张',
  photo_type_not_allowed: '照片格式不支持，请用 jpg、png 或 webp 格式的照片',
  photo_too_large: '照片太大了，每张请不要超过5MB',
  voice_type_not_allowed: '语音格式不支持，请重新录一段',
  voice_too_long: '语音最长60秒，请分段说或改用文字',
  voice_too_large: '语音文件太大了，请重新录一段短一些的',
  /** the picked spot lies outside the village's boundary */
  place_outside_village: '所选位置不在本村范围内，请重新选择位置，或直接写明地点',
  /** 代报 for someone who is not a resident of this worker's grids */
  not_your_resident: '只能为您负责网格内的居民代报',

  // ── handling ──
  /** the state or the caller's role does not allow this step (see TRANSITIONS) */
  transition_not_allowed: '当前状态下您不能进行这一步操作',
  /** two workers accepted at once: the other one was first */
  already_accepted: '该工单已被其他人受理',
  /** someone changed the ticket between reading and writing: refresh */
  ticket_changed: '工单状态刚刚发生了变化，请刷新后再试',
  duplicate_of_invalid: '请选择本村另一件未关闭或已解决的工单作为原工单',
  transfer_target_invalid: '转办对象不是本村的网格员或村委',
  transfer_to_same: '工单已经在该处理人或网格名下',

  // ── 附议 ──
  cannot_support_own: '这是您自己反映的问题，不需要附议',
  already_supported: '您已经附议过了',
  ticket_not_open: '该问题已经处理完毕，不能再附议',
} as const;

export type GridErrorCode = keyof typeof GRID_ERRORS;

// the kernel imports no job: this tells the type system that grid's codes are error codes too
declare module '../kernel/errors' {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface JobErrorCodes extends Codes<typeof GRID_ERRORS> {}
}
