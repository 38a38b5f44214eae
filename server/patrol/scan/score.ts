/**
 * From matched spans to what triage sorts by: the categories, the urgency score and the strongest action.
 */
import { ACTION_RANK, CATEGORY_ORDER, type Action, type Category } from './lexicon';

export interface ScanSpan {
  /** UTF-16 offsets into the text as written (end exclusive): text.slice(start, end) is what to highlight. */
  start: number;
  end: number;
  /** The lexicon term as the committee wrote it. */
  term: string;
  category: Category;
  weight: number;
  action: Action;
}

/** One piece of evidence behind a decision: what it is and how much it added (or took away). */
export interface ScanEvidence {
  category: Category;
  /**
   * term: a lexicon word; cue: a fact like "mentions a link"; combo: two facts together; brand: a 【】 sender tag;
   * model: the n-grams; overruled: reached its threshold, but the message reads as a scam that scores higher;
   * negated: a lexicon word right after a negation (没有打架), not counted (0 points); joint: how far 需处理 (a complaint of
   * any kind), averaged into the likeliest complaint category (a short message's with a smaller share), moved it — up or down;
   * the label names 需处理's strongest reasons
   */
  kind: 'term' | 'cue' | 'combo' | 'brand' | 'model' | 'overruled' | 'negated' | 'joint';
  /** in Chinese, for the grid worker */
  label: string;
  /** contribution to the category's log-odds (positive adds, negative takes away), one decimal */
  points: number;
}

export interface ScanResult {
  /** Categories decided, most urgent contribution first (ties: fraud, hazard, dispute, violation, demand). */
  categories: Category[];
  /** 0–100, see urgencyFromRaw. */
  urgency: number;
  /** Strongest action among the spans of the decided categories (block > hold > flag); null when none. */
  action: Action | null;
  /** Every lexicon match, nested and overlapping ones included: by start, then longer first, then lexicon order. */
  spans: ScanSpan[];
  /** Score per category, 0–1 (two decimals): a category is given when its score reaches its threshold. */
  scores: Record<Category, number>;
}

/** A scan with the words behind it (Scanner.explain). */
export interface ExplainedScan extends ScanResult {
  /** What decided it: for every category given (and any that came close), strongest first. */
  evidence: ScanEvidence[];
}

/**
 * How much more a category weighs than a plain demand: someone is being cheated or could be hurt
 * now (fraud, hazard), people are at odds (dispute), a rule is broken (violation), a need (demand).
 */
export const CATEGORY_URGENCY_FACTOR: Record<Category, number> = {
  fraud: 3,
  hazard: 3,
  dispute: 2,
  violation: 1.5,
  demand: 1,
};

/** Raw score at which urgency reaches 63 (1 − 1/e); one weight-8 fraud or hazard term gives 24. */
export const URGENCY_SCALE = 24;

/**
 * urgency = round(100 × (1 − e^(−raw / URGENCY_SCALE))), raw = Σ over the decided categories of
 * CATEGORY_URGENCY_FACTOR × (the weights of its distinct terms + 4 × its score). Saturating, so it
 * stays in 0–100 and more evidence always adds a little less; a term repeated in one message counts
 * once; a category that was not decided adds nothing (a warning quoting scam words is not urgent).
 */
export function urgencyFromRaw(raw: number): number {
  return raw <= 0 ? 0 : Math.round(100 * (1 - Math.exp(-raw / URGENCY_SCALE)));
}

/** The strongest action among the spans (block > hold > flag), or null when there are none. */
export function strongestAction(spans: readonly Pick<ScanSpan, 'action'>[]): Action | null {
  let best: Action | null = null;
  for (const span of spans) if (best === null || ACTION_RANK[span.action] > ACTION_RANK[best]) best = span.action;
  return best;
}
