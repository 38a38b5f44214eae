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

export interface ScanResult {
  /** Categories found, most urgent contribution first (ties: fraud, hazard, dispute, violation, demand). */
  categories: Category[];
  /** 0–100, see urgencyOf. */
  urgency: number;
  /** Strongest action of any span (block > hold > flag); null when nothing matched. */
  action: Action | null;
  /** Every match, nested and overlapping ones included: by start, then longer first, then lexicon order. */
  spans: ScanSpan[];
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
 * urgency = round(100 × (1 − e^(−raw / URGENCY_SCALE))), raw = Σ weight × CATEGORY_URGENCY_FACTOR
 * over the distinct terms matched. Saturating, so it stays in 0–100 and more evidence always adds
 * a little less; a term repeated in one message counts once, so repeating a word cannot push a
 * message to the top. Nested terms both count (刷单返利 also contains 刷单): the longer phrase is
 * more evidence. Examples: one demand of weight 3 → 12; a dispute of weight 5 → 34; a hazard of
 * weight 9 → 68; two fraud terms of weight 9 and 7 → 86.
 */
export function urgencyOf(spans: readonly Pick<ScanSpan, 'term' | 'category' | 'weight'>[]): number {
  return urgencyFromRaw(rawScores(spans).total);
}

export function urgencyFromRaw(raw: number): number {
  return raw <= 0 ? 0 : Math.round(100 * (1 - Math.exp(-raw / URGENCY_SCALE)));
}

function rawScores(spans: readonly Pick<ScanSpan, 'term' | 'category' | 'weight'>[]): {
  total: number;
  byCategory: Map<Category, number>;
} {
  const seen = new Set<string>();
  const byCategory = new Map<Category, number>();
  let total = 0;
  for (const span of spans) {
    if (seen.has(span.term)) continue;
    seen.add(span.term);
    const score = span.weight * CATEGORY_URGENCY_FACTOR[span.category];
    total += score;
    byCategory.set(span.category, (byCategory.get(span.category) ?? 0) + score);
  }
  return { total, byCategory };
}

/** The strongest action among the spans (block > hold > flag), or null when there are none. */
export function strongestAction(spans: readonly Pick<ScanSpan, 'action'>[]): Action | null {
  let best: Action | null = null;
  for (const span of spans) if (best === null || ACTION_RANK[span.action] > ACTION_RANK[best]) best = span.action;
  return best;
}

/**
 * The result for spans already in their final order: the plain statement of what the scanner's
 * fast path computes (the tests hold the two to the same answers). Also for callers that re-score
 * a subset of spans.
 */
export function summariseSpans(spans: ScanSpan[]): ScanResult {
  if (spans.length === 0) return { categories: [], urgency: 0, action: null, spans };
  const { total, byCategory } = rawScores(spans);
  const categories = [...byCategory.keys()].sort(
    (a, b) => byCategory.get(b)! - byCategory.get(a)! || CATEGORY_ORDER.indexOf(a) - CATEGORY_ORDER.indexOf(b),
  );
  return { categories, urgency: urgencyFromRaw(total), action: strongestAction(spans), spans };
}
