/**
 * Every error a function can answer, by name, with the Chinese message a villager reads.
 * Pure data (no imports) so the client may `import type { ErrorCode }` too.
 * A command fails by returning `fail('code')` (or throwing `new AppError('code')` deep in a helper);
 * the router maps it to `{ ok: false, error: { code, message } }`. Nothing else crosses the wire:
 * an unexpected exception becomes `internal` without its stack.
 */
export const ERRORS = {
  // ── the envelope ──
  /** the event is not `{ action, payload, requestId }` */
  invalid_envelope: '请求格式不正确',
  /** no such action in this function */
  unknown_action: '不支持的操作',
  /** the payload failed the action's schema (wrong type, too long, missing field) */
  invalid_input: '填写的内容有误，请检查后再试',
  /** a timer fired that this function has no action for */
  unknown_trigger: '未知的定时任务',

  // ── who may do what ──
  /** no WeChat identity on the call */
  not_signed_in: '请在微信中打开',
  /** the caller has no active membership in this village */
  not_member: '您还不是本村成员',
  /** a member, but the role does not allow this */
  forbidden: '您没有权限进行此操作',
  /** the target belongs to another village (or a grid worker reached outside their grids) */
  village_mismatch: '不能操作其他村（网格）的数据',

  // ── the data ──
  not_found: '找不到该记录',
  /** the same requestId arrived before with different content: the client reused an id */
  exists_with_different_content: '该请求编号已用于其他内容，请刷新后重试',
  /** someone else changed the record at the same moment; retrying (same requestId) is safe */
  conflict: '数据已被他人修改，请刷新后重试',

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
  household_not_in_grid: '该户不在您负责的网格内',
  grid_not_found: '该网格不存在',
  /** a committee member may not take away their own committee role (someone must keep the keys) */
  cannot_revoke_self: '不能撤销自己的村委身份，请由其他村委成员操作',
  /** msgSecCheck judged the text risky (fraud, abuse …) */
  content_risky: '内容含有不当信息，请修改后再提交',

  // ── anything else ──
  internal: '系统繁忙，请稍后再试',
} as const;

export type ErrorCode = keyof typeof ERRORS;

export interface AppErrorBody {
  code: ErrorCode;
  message: string;
}

/** An error with a name, thrown where returning is awkward (deep in a port); the router catches it. */
export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, detail?: string) {
    super(detail ? `${code}: ${detail}` : code);
    this.code = code;
    this.name = 'AppError';
  }
}

export function errorBody(code: ErrorCode): AppErrorBody {
  return { code, message: ERRORS[code] };
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERRORS, value);
}
