/**
 * The patrol function's limits and states as pure data (no zod, no server code): the commands, the tests
 * and the mini-program all read these same tables.
 */
/** The limits the commands check, each with its own error code (the message says what to fix). */
export const POST_LIMITS = {
  /** characters of a post or reply */
  textMax: 500,
  photosMax: 9,
  photoExtensions: ['jpg', 'jpeg', 'png', 'webp'],
  voiceSecondsMax: 60,
  voiceExtensions: ['mp3', 'aac', 'm4a', 'wav', 'silk', 'webm', 'ogg'],
  /** characters of a text pasted as a lead */
  leadTextMax: 2000,
  /** messages per import batch (the client also keeps a batch under the 32 KB payload limit) */
  importBatchMax: 100,
  /** characters of one imported message (longer ones are cut: a chat line past this is a document) */
  importTextMax: 1000,
  /** edits per lexicon request */
  lexiconEditsMax: 200,
} as const;

// ─── states (code value + Chinese label side by side) ───────────────────────────────────────────────

/** Who may see a message. */
export const VISIBILITY = {
  shown: '已公开', // on the board
  held: '待审核', // msgSecCheck said review, or the lexicon holds it: only its poster and the grid workers see it
  rejected: '未通过审核', // a grid worker read it and kept it off the board
  internal: '仅网格员可见', // pasted or imported from a WeChat group: the triage queue only
} as const;
export type Visibility = keyof typeof VISIBILITY;

export const MESSAGE_SOURCES = {
  board: '村里的群', // a post on the board
  reply: '回复',
  paste: '转为线索', // pasted or forwarded from a WeChat group
  import: '导入的聊天记录',
} as const;
export type MessageSource = keyof typeof MESSAGE_SOURCES;

export const LEAD_STATUS = {
  open: '待研判',
  escalated: '已上报村委',
  dismissed: '已排除',
  replied: '已回复',
  converted: '已转工单',
  warned: '已发防骗预警',
} as const;
export type LeadStatus = keyof typeof LEAD_STATUS;

/** The five triage actions. */
export type TriageAction = 'dismiss' | 'reply' | 'convert' | 'escalate' | 'warn';

/**
 * The triage transitions, one table the commands, the UI and the tests read. `by`: who may take it —
 * a grid worker only in their grids and only while the lead is open; once escalated, only the committee.
 */
export const TRIAGE: Record<TriageAction, { label: string; to: LeadStatus; from: readonly LeadStatus[]; confirms: boolean }> = {
  dismiss: { label: '排除', to: 'dismissed', from: ['open', 'escalated'], confirms: false },
  reply: { label: '回复', to: 'replied', from: ['open', 'escalated'], confirms: false },
  convert: { label: '转为工单', to: 'converted', from: ['open', 'escalated'], confirms: true },
  escalate: { label: '上报村委', to: 'escalated', from: ['open'], confirms: true },
  warn: { label: '发布防骗预警', to: 'warned', from: ['open', 'escalated'], confirms: true },
};

/** A lead still waiting for someone (the queue and the coverage count these). */
export const OPEN_LEAD_STATUSES: readonly LeadStatus[] = ['open', 'escalated'];
/** Outcomes that confirm the lead was real: its poster or flagger earns a `lead_confirmed` event. */
export const CONFIRMED_LEAD_STATUSES: readonly LeadStatus[] = ['converted', 'escalated', 'warned'];

