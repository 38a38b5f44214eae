import type { Codes } from '../kernel/errors';
/** Error codes of the account function (joining, residents, roles), with the Chinese message a villager reads. */
export const ACCOUNT_ERRORS = {
  // ── joining ──
  invite_not_found: '邀请码不存在，请核对后再输入',
  invite_expired: '邀请码已过期，请向村委索取新的邀请码',
  invite_used_up: '邀请码使用次数已满，请向村委索取新的邀请码',
  invite_revoked: '邀请码已作废，请向村委索取新的邀请码',
  /** the share card's group is not bound to any village */
  group_not_bound: '该微信群尚未绑定村庄，请联系村委',
  /** the group is already bound to a different village */
  group_bound_elsewhere: '该微信群已绑定其他村庄',
  already_member: '您已经是本村成员',
  already_applied: '您的申请正在审核中，请耐心等待',
  application_not_pending: '该申请已处理过',

  // ── residents and roles ──
  not_offline_resident: '只能修改线下居民（无微信账号）的信息',
  member_not_active: '该成员尚未通过审核',
  grid_not_found: '该网格不存在',
  /** a committee member may not take away their own committee role (someone must keep the keys) */
  cannot_revoke_self: '不能撤销自己的村委身份，请由其他村委成员操作',

  // ── 成效看板, export, the audit chain ──
  /** the start date is after the end date */
  range_invalid: '日期范围有误：开始日期不能晚于结束日期',
  /** more than a year in one view */
  range_too_long: '日期范围不能超过一年，请缩短后再看',
  range_in_future: '结束日期不能晚于今天',
  range_too_early: '开始日期太早（最早 2020-01-01）',
  /** the period index is past the range's last period */
  period_out_of_range: '所选时段不在日期范围内',
  /** a resident (or a grid worker) asked for details or an export: only the published figures are theirs */
  dashboard_details_forbidden: '成效看板的明细和导出只对村委和乡镇干部开放，您可以查看公开的汇总数字',
  /** not township staff of any village */
  not_township_staff: '您不是乡镇干部，只能查看本村的成效看板',
  export_empty: '所选日期范围内没有可导出的数据，请换个范围',
} as const;

export type AccountErrorCode = keyof typeof ACCOUNT_ERRORS;

// the kernel imports no job: this tells the type system that account's codes are error codes too
declare module '../kernel/errors' {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface JobErrorCodes extends Codes<typeof ACCOUNT_ERRORS> {}
}
