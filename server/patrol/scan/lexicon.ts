/**
 * The patrol lexicon: what a village's committee wants the scanner to notice, by category, with a
 * weight (how much it adds to a message's urgency) and an action (what happens to the post).
 */
import { normaliseTerm } from './normalise';

export const CATEGORY = {
  DEMAND: 'demand', // 诉求
  DISPUTE: 'dispute', // 矛盾纠纷
  HAZARD: 'hazard', // 安全隐患
  FRAUD: 'fraud', // 诈骗
  VIOLATION: 'violation', // 违规
} as const;
export type Category = (typeof CATEGORY)[keyof typeof CATEGORY];

export const CATEGORY_LABELS: Record<Category, string> = {
  demand: '诉求',
  dispute: '矛盾纠纷',
  hazard: '安全隐患',
  fraud: '诈骗',
  violation: '违规',
};

/** Fixed order of categories; breaks ties wherever categories are listed. Most dangerous first. */
export const CATEGORY_ORDER: readonly Category[] = ['fraud', 'hazard', 'dispute', 'violation', 'demand'];

export const ACTION = {
  FLAG: 'flag', // 标记：照常显示，进入研判队列
  HOLD: 'hold', // 待审：网格员看过才显示
  BLOCK: 'block', // 拦截：不发布，告诉发帖人原因
} as const;
export type Action = (typeof ACTION)[keyof typeof ACTION];

export const ACTION_LABELS: Record<Action, string> = { flag: '标记', hold: '待审', block: '拦截' };

/** Strength of each action; a message takes its strongest (block > hold > flag). */
export const ACTION_RANK: Record<Action, number> = { flag: 1, hold: 2, block: 3 };

export interface LexiconTerm {
  term: string;
  category: Category;
  /** 1–10: how much one match adds to a message's urgency. */
  weight: number;
  action: Action;
}

export const WEIGHT_MIN = 1;
export const WEIGHT_MAX = 10;
/** Shortest term, in characters that count: one character (钱, 打, v) would match nearly everything. */
export const TERM_MIN_CHARS = 2;
/** Longest term, in characters that count (spaces and symbols inside a term are not counted). */
export const TERM_MAX_CHARS = 20;
/** Longest term as typed, spaces and symbols included: past this it is not a word. */
export const TERM_MAX_RAW_CHARS = 40;
/** Most terms one village may keep; the default lexicon plus generous local additions fit. */
export const LEXICON_MAX_TERMS = 20000;

export type LexiconErrorCode =
  | 'lexicon_not_a_list' // the lexicon is not an array
  | 'lexicon_too_large' // more than LEXICON_MAX_TERMS terms
  | 'lexicon_term_invalid' // an entry is not an object with a string term
  | 'lexicon_term_empty' // nothing left of the term once spaces and symbols are ignored
  | 'lexicon_term_too_short' // one character: it would match nearly every message
  | 'lexicon_term_too_long' // more than TERM_MAX_CHARS characters (or TERM_MAX_RAW_CHARS as typed)
  | 'lexicon_term_duplicate' // same as an earlier term once normalised (ＶＸ = vx, 詐騙 = 诈骗)
  | 'lexicon_category_invalid' // not one of CATEGORY
  | 'lexicon_weight_invalid' // not a number from WEIGHT_MIN to WEIGHT_MAX
  | 'lexicon_action_invalid'; // not one of ACTION

export interface LexiconError {
  code: LexiconErrorCode;
  message: string;
  /** Position of the offending entry in the submitted list; absent for whole-list errors. */
  index?: number;
  term?: string;
}

export type LexiconValidation = { ok: true; lexicon: LexiconTerm[] } | { ok: false; errors: LexiconError[] };

const isCategory = (value: unknown): value is Category =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(CATEGORY_LABELS, value);
const isAction = (value: unknown): value is Action =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(ACTION_RANK, value);

/**
 * Checks a whole lexicon as the committee would save it. Reports every problem at once (each with
 * the entry's index) so an edit screen can mark them all; nothing is saved unless this says ok.
 * Terms are returned trimmed; everything else as given.
 */
export function validateLexicon(input: unknown): LexiconValidation {
  if (!Array.isArray(input)) {
    return { ok: false, errors: [{ code: 'lexicon_not_a_list', message: '词库格式不对：应为词条列表' }] };
  }
  if (input.length > LEXICON_MAX_TERMS) {
    return {
      ok: false,
      errors: [{ code: 'lexicon_too_large', message: `词库最多 ${LEXICON_MAX_TERMS} 个词条，现有 ${input.length} 个` }],
    };
  }
  const errors: LexiconError[] = [];
  const lexicon: LexiconTerm[] = [];
  const firstIndexOf = new Map<string, number>();
  input.forEach((entry, index) => {
    const entryErrors = checkEntry(entry, index, firstIndexOf);
    if (entryErrors.length > 0) errors.push(...entryErrors);
    else {
      const { term, category, weight, action } = entry as LexiconTerm;
      lexicon.push({ term: term.trim(), category, weight, action });
    }
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, lexicon };
}

function checkEntry(entry: unknown, index: number, firstIndexOf: Map<string, number>): LexiconError[] {
  if (typeof entry !== 'object' || entry === null || typeof (entry as { term?: unknown }).term !== 'string') {
    return [{ code: 'lexicon_term_invalid', message: `第 ${index + 1} 条：词条应为文字`, index }];
  }
  const { term: rawTerm, category, weight, action } = entry as Record<string, unknown> & { term: string };
  const term = rawTerm.trim();
  const errors: LexiconError[] = [];
  const at = `第 ${index + 1} 条「${term.length > 12 ? term.slice(0, 12) + '…' : term}」`;
  const key = normaliseTerm(term);
  if (key.length === 0) {
    errors.push({ code: 'lexicon_term_empty', message: `第 ${index + 1} 条：词条为空（或只有空格、符号）`, index, term });
  } else if (key.length < TERM_MIN_CHARS) {
    errors.push({ code: 'lexicon_term_too_short', message: `${at}：词条至少 ${TERM_MIN_CHARS} 个字，一个字几乎每条消息都会命中`, index, term });
  } else if (key.length > TERM_MAX_CHARS || term.length > TERM_MAX_RAW_CHARS) {
    errors.push({ code: 'lexicon_term_too_long', message: `${at}：词条过长，最多 ${TERM_MAX_CHARS} 个字`, index, term });
  } else {
    const first = firstIndexOf.get(key);
    if (first !== undefined) {
      errors.push({
        code: 'lexicon_term_duplicate',
        message: `${at}：与第 ${first + 1} 条重复（忽略全半角、大小写、繁简和符号后相同）`,
        index,
        term,
      });
    } else firstIndexOf.set(key, index);
  }
  if (!isCategory(category)) {
    errors.push({ code: 'lexicon_category_invalid', message: `${at}：分类应为诉求、矛盾纠纷、安全隐患、诈骗或违规`, index, term });
  }
  if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < WEIGHT_MIN || weight > WEIGHT_MAX) {
    errors.push({ code: 'lexicon_weight_invalid', message: `${at}：权重应为 ${WEIGHT_MIN} 到 ${WEIGHT_MAX} 之间的数`, index, term });
  }
  if (!isAction(action)) {
    errors.push({ code: 'lexicon_action_invalid', message: `${at}：处置方式应为标记、待审或拦截`, index, term });
  }
  return errors;
}
