/**
 * The scanner's small statistical model: per category, a logistic regression over
 *
 *   lexicon      the sum of the weights (÷ 10, at most 3) of the distinct lexicon terms of each category
 *                — the village's own lexicon, so an edit counts at once
 *   cue kinds    yes/no facts from cues.ts (a link, money, 退订, a warning's tone …)
 *   combos       pairs of cue kinds seen together (验证码 + 发给 …)
 *   brand        a 【…】 sender tag at the start or the end (carrier and shop SMS)
 *   n-grams      about a thousand character 1–3-grams chosen from the development data (诈骗 weighs them all, a
 *                complaint category the ones chosen on complaint vs quiet)
 *
 * score(c) = sigmoid(bias_c + Σ weight_c,f × feature_f). A sixth regression over the same features, 需处理,
 * reads "a complaint of any kind" (the four complaint categories against everything else); the likeliest complaint
 * category's log-odds are the average of its own and 需处理's (scanner.ts, joinComplaint): a complaint whose words are
 * split between kinds is sure to be one while no kind is sure. The message is given c when the score reaches the
 * category's threshold, so the committee's thresholds still govern. Every term of that sum is a named piece of evidence, so a decision can be
 * shown as the list of what added and what took away.
 *
 * Training (scripts/train-patrol-model.ts, run by build:functions when the weights are missing) starts
 * from PRIOR — the weights a person would set by hand — and pulls hand features towards it, so a
 * category with few examples keeps sensible weights and the data only refines them.
 */
import { COMBOS, CUE_KINDS, type CueKind } from './cues';
import { CATEGORY_ORDER, type Category } from './lexicon';

export interface ModelWeights {
  /** bumped when the feature layout changes; a stale file is refused */
  layout: number;
  ngrams: string[];
  bias: Record<Category, number>;
  /** per category, one weight per feature (featureCount(ngrams.length)) */
  weights: Record<Category, number[]>;
  /** 需处理: a complaint of any kind vs everything else, over the same features */
  complaint: { bias: number; weights: number[] };
  /** default score a message needs to be given the category (0–1), tuned on the development split */
  thresholds: Record<Category, number>;
  /** what it was trained on, for the record */
  trainedOn: { messages: number; bySource: Record<string, number> };
}

export const MODEL_LAYOUT = 13;

export const LEX_OFFSET = 0;
export const KIND_OFFSET = LEX_OFFSET + CATEGORY_ORDER.length;
export const COMBO_OFFSET = KIND_OFFSET + CUE_KINDS.length;
export const BRAND_FEATURE = COMBO_OFFSET + COMBOS.length;
export const NGRAM_OFFSET = BRAND_FEATURE + 1;
export const featureCount = (ngrams: number): number => NGRAM_OFFSET + ngrams;

/** Lexicon evidence saturates: ten weak words are not worth ten strong ones. */
export const LEX_CAP = 1.5;

/** Thresholds the committee may set (a score, 0–1): outside this a category is always or never given. */
export const THRESHOLD_MIN = 0.05;
export const THRESHOLD_MAX = 0.95;

type Prior = { bias: number; lexOwn: number; lexOther: number; kinds: Partial<Record<CueKind, number>>; combos: Array<[CueKind, CueKind, number]>; brand: number };

/** Hand-set starting weights: what each piece of evidence should roughly be worth. */
export const PRIOR: Record<Category, Prior> = {
  fraud: {
    bias: -3,
    lexOwn: 4.5,
    lexOther: -0.3,
    kinds: {
      link: 0.3, oddlink: 1.5, money: 0.5, urgency: 0.3, code: 0.5, authority: 0.8, secrecy: 1, impersonate: 0.3, remote: 1, contact: 0.5, prepay: 0.5, kin: 0.2, ask: 0.5,
      profit: 0.5, prize: 0.3, unsubscribe: -2.5, hypothetical: -0.5, warning: -6, notice: -1.5, greeting: -1, question: -0.5, shop: -1, request: -0.3,
      problem: -0.8, government: -0.8, facility: -0.5, structure: -0.5, place: -0.5, duration: -0.3,
      lucky: 0.5, alert: 0.3, photo: 0.3, carrier: -1, plight: 0.3, advice: -1, story: -1.5, debunk: -3, lesson: -1, doubt: 0.3,
    },
    combos: [
      ['link', 'money', 1], ['link', 'urgency', 0.8], ['oddlink', 'money', 1], ['oddlink', 'urgency', 0.8], ['money', 'urgency', 1], ['code', 'give', 2.5], ['authority', 'money', 2],
      ['authority', 'secrecy', 2], ['authority', 'urgency', 1], ['impersonate', 'money', 1.5], ['impersonate', 'urgency', 0.8],
      ['remote', 'money', 2], ['remote', 'impersonate', 1.5], ['link', 'impersonate', 0.8], ['contact', 'impersonate', 1.2],
      ['contact', 'money', 1.2], ['prepay', 'money', 1.2], ['prepay', 'impersonate', 1.5], ['ask', 'money', 1.5], ['ask', 'kin', 1.2], ['ask', 'impersonate', 1.2], ['ask', 'urgency', 1], ['kin', 'money', 1.2], ['kin', 'secrecy', 1.5], ['kin', 'urgency', 0.8], ['profit', 'money', 1.2], ['profit', 'link', 1], ['prize', 'money', 1.2], ['prize', 'link', 0.8],
      ['secrecy', 'money', 1.5], ['warning', 'money', -1],
      ['doubt', 'money', 1.5], ['doubt', 'plight', 1.5], ['doubt', 'authority', 1.2], ['doubt', 'link', 1.2], ['doubt', 'prize', 1.2],
      ['warning', 'authority', -2], ['warning', 'link', -1], ['warning', 'urgency', -1], ['warning', 'notice', -1.5], ['code', 'notice', -2.5],
      ['plight', 'money', 1.2], ['plight', 'ask', 1.2], ['plight', 'kin', 1], ['plight', 'secrecy', 1], ['plight', 'impersonate', 0.8],
      // short scam SMS: something about you (a prize, a flight, money back, a problem with your account, a photo) + where to act
      ['lucky', 'link', 2], ['lucky', 'callback', 1.5], ['lucky', 'money', 1.2], ['lucky', 'contact', 1.5],
      ['trip', 'callback', 1.2], ['trip', 'payout', 0.8], ['trip', 'money', 1], ['trip', 'contact', 1.2],
      ['payout', 'callback', 1], ['payout', 'link', 1.2], ['payout', 'contact', 1.2],
      ['alert', 'link', 2], ['alert', 'callback', 1], ['alert', 'urgency', 0.6], ['alert', 'impersonate', 0.8], ['photo', 'link', 3], ['unsubscribe', 'link', -1.5], ['request', 'government', -1], ['problem', 'government', -1],
    ],
    brand: -1,
  },
  hazard: {
    bias: -3,
    lexOwn: 4.5,
    lexOther: -0.2,
    kinds: { danger: 1.5, trouble: 0.8, facility: 0.3, structure: 0.5, place: 0.2, exposed: 0.2, hypothetical: -1, notice: -1, schedule: -1.5, warning: -0.5, greeting: -1, shop: -1, unsubscribe: -2, advice: -1.5, story: -1, lesson: -2, done: -1.5, laugh: -1 },
    combos: [['exposed', 'structure', 1.2], ['exposed', 'trouble', 0.8], ['exposed', 'danger', 1], ['exposed', 'place', 0.5], ['advice', 'danger', -1], ['facility', 'danger', 1.2], ['facility', 'trouble', 0.6], ['structure', 'danger', 1.5], ['structure', 'trouble', 1.5], ['place', 'danger', 0.5]],
    brand: -1.5,
  },
  dispute: {
    bias: -3,
    lexOwn: 4.5,
    lexOther: -0.2,
    kinds: { conflict: 1.5, grievance: 0.5, trouble: 0.3, problem: 0.3, request: 0.2, self: 0.2, hypothetical: -1, greeting: -1, notice: -1, schedule: -1, shop: -1, unsubscribe: -2, story: -1.5, advice: -0.5, lesson: -1, doubt: -0.5, done: -1.5, laugh: -1.5 },
    combos: [['duration', 'conflict', 0.8], ['party', 'conflict', 1], ['party', 'grievance', 1], ['party', 'problem', 0.6], ['grievance', 'conflict', 0.5], ['self', 'conflict', 0.6], ['self', 'grievance', 0.6]],
    brand: -1.5,
  },
  violation: {
    bias: -3,
    lexOwn: 4.5,
    lexOther: -0.2,
    kinds: { sneaky: 1.5, problem: 0.2, trouble: 0.3, hypothetical: -1, notice: -0.5, schedule: -1, warning: -0.5, greeting: -1, shop: -1, unsubscribe: -2, story: -1, advice: -1, lesson: -1.5, done: -1.5, laugh: -1 },
    combos: [['place', 'sneaky', 1]],
    brand: -1.5,
  },
  demand: {
    bias: -3,
    lexOwn: 4.5,
    lexOther: -0.2,
    kinds: { request: 1, problem: 1, government: 0.7, trouble: 1.2, danger: 0.5, conflict: 0.3, facility: 0.5, structure: 0.3, place: 0.2, duration: 0.5, grievance: 0.2, hypothetical: -0.8, greeting: -1, notice: -2, schedule: -2.5, question: -0.3, shop: -1.5, unsubscribe: -3, warning: -1, link: -0.5, story: -1, advice: -1, lesson: -1.5, doubt: -0.5, done: -2, laugh: -1 },
    combos: [['facility', 'trouble', 1.5], ['structure', 'trouble', 0.8], ['duration', 'trouble', 0.8], ['duration', 'request', 0.8], ['place', 'trouble', 0.5], ['request', 'problem', 1.2], ['request', 'government', 1], ['problem', 'government', 0.8], ['trouble', 'request', 1], ['trouble', 'government', 0.8], ['trouble', 'problem', 0.8], ['facility', 'hypothetical', 0.8], ['government', 'hypothetical', 0.8], ['facility', 'question', 0.5]],
    brand: -1.5,
  },
};

/** The prior as a weight vector over the layout (n-grams start at 0). */
export function priorWeights(category: Category, ngrams: number): { bias: number; weights: number[] } {
  const prior = PRIOR[category];
  const weights = new Array<number>(featureCount(ngrams)).fill(0);
  CATEGORY_ORDER.forEach((c, k) => (weights[LEX_OFFSET + k] = c === category ? prior.lexOwn : prior.lexOther));
  CUE_KINDS.forEach((kind, k) => (weights[KIND_OFFSET + k] = prior.kinds[kind] ?? 0));
  for (const [a, b, w] of prior.combos) {
    const k = COMBOS.findIndex(([x, y]) => x === a && y === b);
    if (k < 0) throw new Error(`patrol model: no combo ${a}+${b}`);
    weights[COMBO_OFFSET + k] = w;
  }
  weights[BRAND_FEATURE] = prior.brand;
  return { bias: prior.bias, weights };
}

/**
 * The 需处理 head's prior: 诉求's (a request, a problem, trouble that lasts, a facility …): what any complaint tells.
 * The other three categories' lexicon words are left to their own heads (a prior that counted them here too — a
 * hazard word in a fire-safety notice — let 需处理 alone surface 66 % of seven held-aside writers' complaints at 5 % of
 * their quiet messages flagged, this one 87 %; seventeenth session).
 */
export function complaintPriorWeights(ngrams: number): { bias: number; weights: number[] } {
  return priorWeights('demand', ngrams);
}

/** The prior as a whole model: what the scanner uses when no trained weights are present. */
export function priorModel(): ModelWeights {
  const bias = {} as Record<Category, number>;
  const weights = {} as Record<Category, number[]>;
  const thresholds = {} as Record<Category, number>;
  for (const c of CATEGORY_ORDER) {
    const p = priorWeights(c, 0);
    bias[c] = p.bias;
    weights[c] = p.weights;
    thresholds[c] = 0.5;
  }
  return { layout: MODEL_LAYOUT, ngrams: [], bias, weights, complaint: complaintPriorWeights(0), thresholds, trainedOn: { messages: 0, bySource: {} } };
}

/** Whether a weights file fits this code's layout. */
export function isUsableModel(model: unknown): model is ModelWeights {
  const m = model as ModelWeights;
  if (!m || m.layout !== MODEL_LAYOUT || !Array.isArray(m.ngrams)) return false;
  const n = featureCount(m.ngrams.length);
  if (!Array.isArray(m.complaint?.weights) || m.complaint.weights.length !== n || typeof m.complaint.bias !== 'number') return false;
  return CATEGORY_ORDER.every((c) => Array.isArray(m.weights?.[c]) && m.weights[c].length === n && typeof m.bias?.[c] === 'number' && typeof m.thresholds?.[c] === 'number');
}
