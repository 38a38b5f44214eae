/**
 * The errors every function may answer, by name, with the Chinese message a villager reads. Each job keeps
 * its own catalogue in server/<job>/errors.ts and names its codes to the type system by declaration merging
 * into `JobErrorCodes` (the kernel imports no job); a function's router answers from KERNEL_ERRORS plus its
 * job's catalogue. Pure data, so the client may `import type { ErrorCode }` too.
 * A command fails by returning `fail('code')` (or throwing `new AppError('code')` deep in a helper);
 * the router maps it to `{ ok: false, error: { code, message } }`. Nothing else crosses the wire:
 * an unexpected exception becomes `internal` without its stack.
 */

/** Codes every function may answer; each job adds its own in server/<job>/errors.ts. */
export const KERNEL_ERRORS = {
  // ── the envelope ──
  /** the event is not `{ action, payload, requestId }` */
  invalid_envelope: '请求格式不正确',
  /** no such action in this function */
  unknown_action: '不支持的操作',
  /** the payload failed the action's schema (wrong type, too long, missing field) */
  invalid_input: '填写的内容有误，请检查后再试',
  /** the payload is nested deeper than any action needs (router.ts MAX_PAYLOAD_DEPTH) */
  payload_too_deep: '请求内容层级过深',
  /** the payload is bigger than any action needs (router.ts MAX_PAYLOAD_BYTES) */
  payload_too_large: '请求内容过大，请分批提交',
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

  /** a photo / voice note that is not a file the caller uploaded to this environment (a URL, someone else's file) */
  file_not_allowed: '附件无效，请重新上传',
  /** the share card's CloudID did not resolve (made up, or expired: CloudIDs live a few minutes) */
  group_card_invalid: '没有读到群信息，请从群里的卡片重新打开',

  /** msgSecCheck judged the text risky (fraud, abuse …) */
  content_risky: '内容含有不当信息，请修改后再提交',

  // ── anything else ──
  internal: '系统繁忙，请稍后再试',
} as const;

export type KernelErrorCode = keyof typeof KERNEL_ERRORS;

/**
 * The jobs' codes, added by each job's errors.ts:
 *   declare module '../kernel/errors' { interface JobErrorCodes extends Codes<typeof GRID_ERRORS> {} }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface JobErrorCodes {}
export type Codes<C> = { [K in keyof C]: true };

export type ErrorCode = KernelErrorCode | keyof JobErrorCodes;
/** code → the Chinese message; a function's router is given its job's, merged over the kernel's */
export type ErrorCatalogue = { readonly [K in ErrorCode]?: string };

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

/** The answer's error for a code, its message from the catalogue (kernel codes need none). */
export function errorBody(code: ErrorCode, catalogue: ErrorCatalogue = KERNEL_ERRORS): AppErrorBody {
  const own = Object.prototype.hasOwnProperty.call(catalogue, code) ? catalogue[code] : undefined;
  return { code, message: own ?? (KERNEL_ERRORS as ErrorCatalogue)[code] ?? KERNEL_ERRORS.internal };
}

export function isErrorCode(value: unknown, catalogue: ErrorCatalogue = KERNEL_ERRORS): value is ErrorCode {
  return typeof value === 'string' && (Object.prototype.hasOwnProperty.call(KERNEL_ERRORS, value) || Object.prototype.hasOwnProperty.call(catalogue, value));
}
