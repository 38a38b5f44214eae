/**
 * The scanner: one lexicon compiled once, then any number of messages scanned against it.
 *
 * One pass of one automaton finds three kinds of pattern: the village's lexicon terms (they become
 * the spans a grid worker sees highlighted), cues (cues.ts) and the model's n-grams (model.ts). The
 * categories are then decided from all of that evidence together, per category, against a threshold
 * — not by the first word that matches.
 */
import { IGNORED_CLASS, MatchBuffer, buildAutomaton, createMatcher } from './automaton';
import * as cues from './cues';
import { DEFAULT_LEXICON } from './default-lexicon';
import * as lexiconModule from './lexicon';
import type { Action, Category, LexiconTerm } from './lexicon';
import * as layout from './model';
import { THRESHOLD_MAX, THRESHOLD_MIN, featureCount, isUsableModel, priorModel, type ModelWeights } from './model';
import { MODEL_WEIGHTS } from './model-weights';
import { normaliseTerm } from './normalise';
import * as score from './score';
import type { ExplainedScan, ScanEvidence, ScanResult, ScanSpan } from './score';

export interface ScanOptions {
  /** the village's thresholds (0–1) where they differ from the model's defaults */
  thresholds?: Partial<Record<Category, number>>;
  /** weights to use instead of the shipped ones (training and tests) */
  model?: ModelWeights;
  /**
   * Terms the village removed from the default lexicon: a cue word inside one of them is switched off
   * too, so removing 吵架 also stops the cue 吵 from calling a quarrel a dispute. Removing a word must
   * make it stop counting.
   */
  silenced?: readonly string[];
}

export interface Scanner {
  /** Scans one message. Pure and deterministic; safe to call any number of times. */
  scan(text: string): ScanResult;
  /** scan() plus the evidence behind each category, in words (what the queue shows). */
  explain(text: string): ExplainedScan;
  /** The model's feature vector of a message (sparse), for training and tests. */
  features(text: string): { index: number[]; value: number[] };
  readonly lexicon: readonly LexiconTerm[];
  /** The threshold each category is decided at. */
  readonly thresholds: Readonly<Record<Category, number>>;
  /** Size of the compiled automaton, for logs and the bench. */
  readonly stats: { terms: number; states: number; alphabet: number };
}

/** The shipped model, or the hand-set prior when the weights file does not fit this code. */
export function shippedModel(): ModelWeights {
  return isUsableModel(MODEL_WEIGHTS) ? (MODEL_WEIGHTS as ModelWeights) : priorModel();
}

// Module-level copies of the constants the hot loops read: run through tsx (the bench, the CLI) every
// imported binding is a getter, and a getter per character costs more than the matching.
const { ABSENCE_WORDS, COMBOS, CUES, REPEATED, CUE_KINDS, CUE_LABELS, LAUGH_EMOJI, MASKS, NEGATABLE_KINDS, NEGATIONS, NEGATION_MASKS, comboLabel } = cues;
const LAUGH = CUE_KINDS.indexOf('laugh');
const ODDLINK = CUE_KINDS.indexOf('oddlink');
const { ACTION_RANK, CATEGORY_ORDER, CATEGORY_LABELS } = lexiconModule;
const { BRAND_FEATURE, COMBO_OFFSET, KIND_OFFSET, LEX_CAP, LEX_OFFSET, NGRAM_OFFSET } = layout;
const { CATEGORY_URGENCY_FACTOR, urgencyFromRaw } = score;

const C = CATEGORY_ORDER.length;
/** the heads of the model: the five categories, then 需处理 (a complaint of any kind) */
const JOINT = C;
/**
 * The likeliest complaint category's log-odds: this share from 需处理, the rest from its own head (joinComplaint).
 * Seventeenth session, tried: 0.65 surfaced more of the nine writers' complaints held aside then (o–u, e, f) at 5 / 8 /
 * 10 % of quiet flagged (83.5 / 90.5 / 92.7 % against this 82.3 / 86.5 / 90.5 %; 5-fold on dev 0.865 at 3.8 % against
 * 0.855 at 4.2 %), but read chat under a street lamp (村口的路灯下面…跳广场舞) as a complaint and lost several of the
 * hand-written cases the tests keep; left at an even average until that is understood.
 */
const JOINT_SHARE = 0.5;
/**
 * Below this many characters 需处理's share shrinks in proportion (a 6-character message: 0.5 × 6/16). 需处理 reads how a
 * complaint is told (他, 有人, 没, 怎么, 好几天); 家里有煤气味 tells nothing of how, so its low 需处理 score was only the
 * head's bias, and averaging it in pulled a plain emergency under the threshold (0.92 → 0.66 against 0.675). The writers'
 * villages hold almost no complaint this short (25 of 340 messages ≤ 16 characters), so the data cannot tune it; on them it
 * changed nothing (eighteenth session: test split and the writers held aside, the same figures at 16 as without it; 24
 * cost 0.7 points of the test split's complaints).
 */
const SHORT_TEXT = 16;
const H = C + 1;
const K = CUE_KINDS.length;
/** repeatKind[kind]: the kind set when that kind is seen a second time, apart from the first (cues.ts, REPEATED), or -1 */
const repeatKind = Int16Array.from(CUE_KINDS, (kind) => {
  const pair = REPEATED.find(([seen]) => seen === kind);
  return pair ? CUE_KINDS.indexOf(pair[1]) : -1;
});

/** Evidence is listed for a category once its score reaches this, even when not decided (the "why not"). */
const EXPLAIN_FROM = 0.2;

/** How far (log-odds) past its threshold a second complaint category must be to be given beside the clearest one. */
const SECOND_MARGIN = 1;

/**
 * Compiles a lexicon (validated with validateLexicon first; the scanner trusts weights and
 * categories). Compiling 5,000 terms takes tens of milliseconds, so a cloud function keeps one
 * scanner per village lexicon version rather than compiling per message.
 */
export function createScanner(lexicon: readonly LexiconTerm[], options: ScanOptions = {}): Scanner {
  const model = options.model ?? shippedModel();
  const terms = lexicon.map((entry) => ({ ...entry }));
  const L = terms.length;
  const silenced = (options.silenced ?? []).map(normaliseTerm).filter(Boolean);
  const activeCues = silenced.length === 0 ? CUES : CUES.filter((cue) => !silenced.some((term) => term.includes(normaliseTerm(cue.term))));
  const CU = activeCues.length;
  const N = model.ngrams.length;
  const masks = [...MASKS, ...NEGATION_MASKS];
  const automaton = buildAutomaton([...terms.map((entry) => entry.term), ...activeCues.map((cue) => cue.term), ...model.ngrams, ...masks, ...NEGATIONS]);
  const MASK_FROM = L + CU + N;
  const NEG_FROM = MASK_FROM + masks.length;
  const match = createMatcher(automaton);

  const thresholds = {} as Record<Category, number>;
  for (const c of CATEGORY_ORDER) {
    const wanted = options.thresholds?.[c] ?? model.thresholds[c];
    thresholds[c] = Math.min(THRESHOLD_MAX, Math.max(THRESHOLD_MIN, Number.isFinite(wanted) ? wanted : 0.5));
  }
  // Decided when the logit reaches logit(threshold): no sigmoid on the fast path.
  const cut = new Float64Array(C);
  CATEGORY_ORDER.forEach((c, k) => (cut[k] = Math.log(thresholds[c] / (1 - thresholds[c]))));

  // Per-term facts, looked up by pattern id instead of through objects and Maps.
  const categoryIndex = new Uint8Array(L);
  const actionRank = new Uint8Array(L);
  const termWeight = new Float64Array(L);
  // A word the village added (not a default term of that category): 需处理 learnt nothing of it — its weights for the
  // lexicon were fitted on the default words, and those of 安全隐患, 矛盾纠纷 and 违规 count for little there, since
  // they fire in notices too — so it counts there as much as in its own category's head: the village said what it is.
  const defaultWords = defaultWordKeys();
  const villageWord = new Uint8Array(L);
  const villageTerms = new Set<string>();
  terms.forEach((entry, id) => {
    villageWord[id] = entry.category !== 'fraud' && !defaultWords.has(`${entry.category}:${normaliseTerm(entry.term)}`) ? 1 : 0;
    if (villageWord[id] === 1) villageTerms.add(entry.term);
    categoryIndex[id] = CATEGORY_ORDER.indexOf(entry.category);
    actionRank[id] = ACTION_RANK[entry.action];
    termWeight[id] = entry.weight;
  });
  // each category's place in CATEGORY_ORDER (the order scores and JSON lines print)
  const [FRAUD, HAZARD_AT, DISPUTE_AT, VIOLATION_AT, DEMAND_AT] = (['fraud', 'hazard', 'dispute', 'violation', 'demand'] as const).map((c) => CATEGORY_ORDER.indexOf(c));
  const kindOf = new Uint8Array(CU);
  activeCues.forEach((cue, k) => (kindOf[k] = CUE_KINDS.indexOf(cue.kind)));
  // what a negation right before it undoes (cues.ts, NEGATIONS): words of events, not of things whose absence is the complaint
  // not 诉求 (没有低保 asks for it) and not 诈骗 (a scam that says 并不是要您转账 is still one; a resident's warning is the
  // warning cue's)
  const absence = ABSENCE_WORDS.map(normaliseTerm);
  const isAbsence = (term: string): boolean => {
    const normal = normaliseTerm(term);
    return absence.some((word) => normal.includes(word));
  };
  const negatable = new Uint8Array(L + CU);
  terms.forEach((entry, id) => (negatable[id] = categoryIndex[id] !== DEMAND_AT && categoryIndex[id] !== FRAUD && !isAbsence(entry.term) ? 1 : 0));
  activeCues.forEach((cue, k) => (negatable[L + k] = NEGATABLE_KINDS.has(cue.kind) && !isAbsence(cue.term) ? 1 : 0));
  // the lexicon words the last scan found negated, with the negation's pattern id (explain() names them)
  let negatedTerms = new Int32Array(16);
  let negatedCount = 0;
  const comboA = new Uint8Array(COMBOS.length);
  const comboB = new Uint8Array(COMBOS.length);
  COMBOS.forEach(([a, b], k) => ((comboA[k] = CUE_KINDS.indexOf(a)), (comboB[k] = CUE_KINDS.indexOf(b))));

  // Weights as one flat array per head — the five categories, then 需处理 (JOINT) — features in the layout of model.ts.
  const F = featureCount(N);
  const weight = [...CATEGORY_ORDER.map((c) => Float64Array.from(model.weights[c])), Float64Array.from(model.complaint.weights)];
  const bias = Float64Array.from([...CATEGORY_ORDER.map((c) => model.bias[c]), model.complaint.bias]);
  // the same weights feature-major (byFeature[f * H + h]): a present feature adds to every head in one go
  const byFeature = new Float64Array(F * H);
  for (let h = 0; h < H; h++) for (let f = 0; f < F; f++) byFeature[f * H + h] = weight[h][f];
  // features present in one message (kinds, pairs of kinds, the brand tag), rebuilt per scan
  const active = new Int32Array(K + COMBOS.length + 1);
  const actionByRank: Array<Action | null> = [null, 'flag', 'hold', 'block'];

  // Scratch space reused by every call: scan() is synchronous, so no two calls share it at once.
  const buffer = new MatchBuffer();
  let order = new Int32Array(64);
  const lexSum = new Float64Array(C);
  // the part of lexSum the village's own words bring (villageWord), for 需处理 (computeLogits)
  const villageSum = new Float64Array(C);
  // the scanned text's length (joinComplaint)
  let textLength = 0;
  const termSeen = new Uint8Array(L);
  const kindSeen = new Int32Array(K); // first cue id seen + 1, 0 = none
  const kindList = new Int32Array(K);
  // where each kind's first cue lay in the text (valid while kindSeen[kind] !== 0), for REPEATED
  const firstStart = new Int32Array(K);
  const firstEnd = new Int32Array(K);
  let kindCount = 0;
  // comboOf[a * K + b] (a < b): the combo index for that pair of kinds, or -1
  const comboOf = new Int32Array(K * K).fill(-1);
  const ngramSeen = new Uint8Array(N);
  let ngramList = new Int32Array(16);
  let ngramCount = 0;
  COMBOS.forEach((_, k) => {
    const a = Math.min(comboA[k], comboB[k]);
    const b = Math.max(comboA[k], comboB[k]);
    comboOf[a * K + b] = k;
  });
  // per head; the likeliest complaint category's after joinComplaint: its two readings averaged
  const logit = new Float64Array(H);
  // each category's own head before joinComplaint (explain() tells how far the average moved it)
  const own = new Float64Array(C);
  const given = new Uint8Array(C);
  const raw = new Float64Array(C);
  const EMPTY_SCORES: Record<Category, number> = { fraud: 0, hazard: 0, dispute: 0, violation: 0, demand: 0 };
  const urgencyFactor = Float64Array.from(CATEGORY_ORDER, (c) => CATEGORY_URGENCY_FACTOR[c]);
  const baseScores = { ...EMPTY_SCORES };
  logit.set(bias);
  joinComplaint();
  CATEGORY_ORDER.forEach((c, k) => (baseScores[c] = Math.round(sigmoid(logit[k]) * 100) / 100));
  // Most messages find nothing: they share one frozen answer instead of allocating four objects each.
  // The empty lists are shared (frozen) too: most messages decide nothing, and many have no span.
  const NO_CATEGORIES = Object.freeze([]) as unknown as Category[];
  const NO_SPANS = Object.freeze([]) as unknown as ScanSpan[];
  const NOTHING: ScanResult = Object.freeze({
    categories: NO_CATEGORIES,
    urgency: 0,
    action: null,
    spans: NO_SPANS,
    scores: Object.freeze(baseScores),
  });

  /** Reads the raw matches into lexicon spans (their order positions), lexicon sums, kinds and n-grams. */
  function collect(text: string): number {
    buffer.count = 0;
    textLength = text.length;
    const found = match(text, buffer);
    let maskCount = 0;
    let negations = 0;
    for (let k = 0; k < found; k++) {
      const id = buffer.data[3 * k];
      if (id >= NEG_FROM) negations++;
      else if (id >= MASK_FROM) maskCount++;
    }
    if (maskCount > 0) dropMasked(found);
    negatedCount = 0;
    if (negations > 0) negate(found);
    for (let c = 0; c < C; c++) lexSum[c] = villageSum[c] = 0;
    for (let k = 0; k < kindCount; k++) kindSeen[kindList[k]] = 0;
    kindCount = 0;
    for (let k = 0; k < ngramCount; k++) ngramSeen[ngramList[k]] = 0;
    ngramCount = 0;
    if (order.length < found) order = new Int32Array(found * 2);
    const data = buffer.data;
    let spans = 0;
    for (let k = 0; k < found; k++) {
      const id = data[3 * k];
      if (id < 0) continue;
      if (id < L) {
        order[spans++] = k;
      } else if (id < L + CU) {
        const kind = kindOf[id - L];
        if (kind === ODDLINK && !endsWebAddress(text, data[3 * k + 1], data[3 * k + 2])) continue;
        if (kindSeen[kind] === 0) {
          kindSeen[kind] = id - L + 1;
          kindList[kindCount++] = kind;
          firstStart[kind] = data[3 * k + 1];
          firstEnd[kind] = data[3 * k + 2];
        } else {
          const repeat = repeatKind[kind];
          if (repeat >= 0 && kindSeen[repeat] === 0 && (data[3 * k + 1] >= firstEnd[kind] || data[3 * k + 2] <= firstStart[kind])) {
            kindSeen[repeat] = id - L + 1;
            kindList[kindCount++] = repeat;
          }
        }
      } else if (id < MASK_FROM) {
        const g = id - L - CU;
        if (ngramSeen[g] === 0) {
          ngramSeen[g] = 1;
          if (ngramCount === ngramList.length) {
            const bigger = new Int32Array(ngramList.length * 2);
            bigger.set(ngramList);
            ngramList = bigger;
          }
          ngramList[ngramCount++] = g;
        }
      }
    }
    // a laughing emoji is a laugh too (the matcher never sees emoji); the cue index CU stands for it in explain()
    if (kindSeen[LAUGH] === 0 && (text.indexOf('\uD83D') !== -1 || text.indexOf('\uD83E') !== -1) && LAUGH_EMOJI.test(text)) {
      kindSeen[LAUGH] = CU + 1;
      kindList[kindCount++] = LAUGH;
    }
    // Spans by start, then longer (outer) first, then lexicon order. Insertion sort: a message has
    // a handful of matches, and they arrive almost sorted (by end).
    for (let k = 1; k < spans; k++) {
      const item = order[k];
      let j = k - 1;
      const itemStart = data[3 * item + 1];
      while (j >= 0 && data[3 * order[j] + 1] >= itemStart && spanAfter(data, order[j], item)) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = item;
    }
    // Each distinct term counts once (a repeated word is not more evidence).
    for (let k = 0; k < spans; k++) {
      const id = data[3 * order[k]];
      if (termSeen[id] === 1) continue;
      termSeen[id] = 1;
      lexSum[categoryIndex[id]] += termWeight[id];
      if (villageWord[id] === 1) villageSum[categoryIndex[id]] += termWeight[id];
    }
    for (let k = 0; k < spans; k++) termSeen[data[3 * order[k]]] = 0;
    return spans;
  }

  /**
   * A term or cue lying wholly inside a longer mask (挂断电话 around 断电) is not what it looks like:
   * its match's pattern id becomes -1, which counts for nothing. Rare, so it costs only when it happens.
   */
  function dropMasked(found: number): void {
    const data = buffer.data;
    for (let m = 0; m < found; m++) {
      if (data[3 * m] < MASK_FROM || data[3 * m] >= NEG_FROM) continue;
      const start = data[3 * m + 1];
      const end = data[3 * m + 2];
      for (let k = 0; k < found; k++) {
        const id = data[3 * k];
        // lexicon words, cues and negations can be masked (有没有 asks, it denies nothing)
        if (id < 0 || (id >= L + CU && id < NEG_FROM)) continue;
        if (data[3 * k + 1] >= start && data[3 * k + 2] <= end && data[3 * k + 2] - data[3 * k + 1] < end - start) data[3 * k] = -1;
      }
    }
  }

  /**
   * A word of an event that starts exactly where a negation ends (没有|打架, 没人|拿刀, 并没有|漏水) is not counted:
   * its id becomes -1 like a masked one. A negation inside a longer word (老人没人管) negates nothing. Only
   * when a negation was found.
   */
  function negate(found: number): void {
    const data = buffer.data;
    for (let n = 0; n < found; n++) {
      const negation = data[3 * n];
      if (negation < NEG_FROM) continue;
      const start = data[3 * n + 1];
      const end = data[3 * n + 2];
      let inside = false;
      for (let k = 0; k < found && !inside; k++) {
        const id = data[3 * k];
        // a negation inside a longer word is part of it (老人没人管, 没有护栏): that word is the complaint
        if (id >= 0 && id < L + CU && data[3 * k + 1] <= start && data[3 * k + 2] >= end && data[3 * k + 2] - data[3 * k + 1] > end - start) inside = true;
      }
      if (inside) continue;
      let any = false;
      for (let k = 0; k < found; k++) {
        const id = data[3 * k];
        if (id < 0 || id >= L + CU || negatable[id] === 0 || data[3 * k + 1] !== end) continue;
        data[3 * k] = -1;
        any = true;
        // the n-grams in the undone word go with it: 漏 and 漏水 in 并没有漏水 are no leak either
        const wordEnd = data[3 * k + 2];
        for (let j = 0; j < found; j++) {
          const other = data[3 * j];
          if (other >= L + CU && other < MASK_FROM && data[3 * j + 1] < wordEnd && data[3 * j + 2] > end) data[3 * j] = -1;
        }
        if (id < L) {
          if (negatedCount * 2 === negatedTerms.length) {
            const bigger = new Int32Array(negatedTerms.length * 2);
            bigger.set(negatedTerms);
            negatedTerms = bigger;
          }
          negatedTerms[2 * negatedCount] = id;
          negatedTerms[2 * negatedCount + 1] = negation - NEG_FROM;
          negatedCount++;
        }
      }
      // the negation's own words are no cue: 没发 inside 没发生 is nothing unpaid, and 没人 in 没人拿刀 is no 没人管
      for (let k = 0; k < found; k++) {
        const id = data[3 * k];
        if (id < L || id >= L + CU || data[3 * k + 1] < start || data[3 * k + 2] > end) continue;
        if (any || data[3 * k + 2] - data[3 * k + 1] < end - start) data[3 * k] = -1;
      }
    }
  }

  function brandTagged(text: string): boolean {
    // 【中国联通】… or …【某某银行】: the sender tag carriers and shops put on an SMS
    let i = 0;
    while (i < text.length && text.charCodeAt(i) <= 0x20) i++;
    if (text.charCodeAt(i) === 0x3010) {
      const close = text.indexOf('】', i + 1);
      if (close > i + 1 && close - i <= 16) return true;
    }
    let j = text.length - 1;
    while (j >= 0 && text.charCodeAt(j) <= 0x20) j--;
    if (text.charCodeAt(j) === 0x3011) {
      const open = text.lastIndexOf('【', j - 1);
      if (open >= 0 && j - open <= 16 && j - open > 1) return true;
    }
    return false;
  }

  /** Only what is present is visited: most messages have no cue, or one or two. */
  function computeLogits(brand: boolean): void {
    // the features present, listed once (the pairs of kinds found among a handful of kinds), then
    // added per category from the feature-major copy of the weights
    let present = 0;
    for (let k = 0; k < kindCount; k++) {
      const a = kindList[k];
      active[present++] = KIND_OFFSET + a;
      for (let j = k + 1; j < kindCount; j++) {
        const b = kindList[j];
        const combo = a < b ? comboOf[a * K + b] : comboOf[b * K + a];
        if (combo >= 0) active[present++] = COMBO_OFFSET + combo;
      }
    }
    if (brand) active[present++] = BRAND_FEATURE;
    for (let h = 0; h < H; h++) logit[h] = bias[h];
    for (let l = 0; l < C; l++) {
      if (lexSum[l] <= 0) continue;
      const x = Math.min(LEX_CAP, lexSum[l] / 10);
      const at = (LEX_OFFSET + l) * H;
      for (let h = 0; h < H; h++) logit[h] += byFeature[at + h] * x;
      // the village's own words' part of the (capped) feature counts in 需处理 at the category's own weight
      if (villageSum[l] > 0) logit[JOINT] += (byFeature[at + l] - byFeature[at + JOINT]) * (x - Math.min(LEX_CAP, (lexSum[l] - villageSum[l]) / 10));
    }
    for (let k = 0; k < present; k++) {
      const at = active[k] * H;
      for (let h = 0; h < H; h++) logit[h] += byFeature[at + h];
    }
    for (let k = 0; k < ngramCount; k++) {
      const at = (NGRAM_OFFSET + ngramList[k]) * H;
      for (let h = 0; h < H; h++) logit[h] += byFeature[at + h];
    }
    joinComplaint();
  }

  /**
   * The likeliest of the four complaint categories (by its own head) is read twice, and the two log-odds averaged: its
   * own head, and 需处理 — "a complaint of any kind". A message sure to be some complaint, its words split between kinds
   * (a leaking pipe nobody came to see: 安全隐患 or 诉求?), is lifted; one whose own head fires on a word alone (防火 in a
   * notice) is held back when nothing else reads as a complaint. The other kinds stand on their own heads (a second
   * category must clear its threshold by SECOND_MARGIN besides). The category's threshold decides either way, and no
   * Math.exp is spent: this runs for nearly every message.
   * Seventeenth session, on seven writers held aside: own heads alone surfaced 72.1 % of their complaints at 7.4 % of
   * quiet flagged; every kind given the larger of its own and P(需处理) × P(kind | 需处理) 76.6 % at 5.2 %; every kind
   * averaged with P(需处理) × its likeness to the likeliest 83.5 % at 5.5 % (8 MB/s slower: Math.exp per kind); the likeliest alone
   * averaged, as here, 83.5 % at 5.5 % too. A message shorter than SHORT_TEXT gives 需处理 a share in proportion: in a few
   * words (家里有煤气味) it has nothing to read, and its bias alone would hold back a plain emergency.
   */
  function joinComplaint(): void {
    let top = -1;
    for (let c = 0; c < C; c++) {
      own[c] = logit[c];
      if (c !== FRAUD && (top < 0 || logit[c] > logit[top])) top = c;
    }
    const share = JOINT_SHARE * Math.min(1, textLength / SHORT_TEXT);
    logit[top] = (1 - share) * logit[top] + share * logit[JOINT];
  }

  /**
   * A category is given when its score reaches its threshold — unless another category overrules it:
   * - a message read as a scam keeps another category only if that one scores higher still: a scam
   *   script's 疫情, 受伤 or 解决问题 is part of the script, not a hazard or a demand of its own;
   * - of the four complaint categories the clearest (most above its threshold) is given, and a second
   *   only when it too clears its threshold by SECOND_MARGIN: a blocked drain is a 诉求, and a 安全隐患
   *   as well only when the message says so plainly.
   * overruledBy says by which (explain() shows it), or -1.
   */
  function isGiven(c: number): boolean {
    return logit[c] >= cut[c] && overruledBy(logit, c) < 0;
  }

  function overruledBy(z: Float64Array, c: number): number {
    if (c === FRAUD) return -1;
    if (z[FRAUD] >= cut[FRAUD] && z[c] < z[FRAUD]) return FRAUD;
    const margin = z[c] - cut[c];
    if (margin >= SECOND_MARGIN) return -1;
    const scam = z[FRAUD] >= cut[FRAUD];
    for (let d = 0; d < C; d++) {
      // a category the scam overrules overrules nothing itself
      if (d === c || d === FRAUD || (scam && z[d] < z[FRAUD])) continue;
      const other = z[d] - cut[d];
      if (other > margin || (other === margin && d < c)) return d;
    }
    return -1;
  }

  function scan(text: string): ScanResult {
    const spanCount = collect(text);
    const brand = brandTagged(text);
    if (spanCount === 0 && kindCount === 0 && ngramCount === 0 && !brand) {
      // nothing found: the scores are the biases, the same for every such message
      return NOTHING;
    }
    computeLogits(brand);
    let any = false;
    for (let c = 0; c < C; c++) if (logit[c] >= cut[c]) any = true;
    const data = buffer.data;
    if (!any && spanCount === 0) return { categories: NO_CATEGORIES, urgency: 0, action: null, spans: NO_SPANS, scores: scoresOf() };

    let decided = NO_CATEGORIES;
    let total = 0;
    for (let c = 0; c < C; c++) {
      given[c] = isGiven(c) ? 1 : 0;
      if (given[c] === 0) continue;
      if (decided === NO_CATEGORIES) decided = [];
      decided.push(CATEGORY_ORDER[c]);
      raw[c] = urgencyFactor[c] * (lexSum[c] + 4 * sigmoid(logit[c]));
      total += raw[c];
    }
    if (decided.length > 1) decided.sort((a, b) => raw[CATEGORY_ORDER.indexOf(b)] - raw[CATEGORY_ORDER.indexOf(a)] || CATEGORY_ORDER.indexOf(a) - CATEGORY_ORDER.indexOf(b));

    let strongest = 0;
    const spans: ScanSpan[] = spanCount === 0 ? NO_SPANS : new Array(spanCount);
    for (let k = 0; k < spanCount; k++) {
      const at = 3 * order[k];
      const id = data[at];
      const entry = terms[id];
      spans[k] = { start: data[at + 1], end: data[at + 2], term: entry.term, category: entry.category, weight: entry.weight, action: entry.action };
      // The action of a word counts only when its category was decided: a warning that quotes 跑分 is not held.
      if (given[categoryIndex[id]] === 1 && actionRank[id] > strongest) strongest = actionRank[id];
    }
    return { categories: decided, urgency: urgencyFromRaw(total), action: actionByRank[strongest], spans, scores: scoresOf() };
  }

  function explainText(text: string): ExplainedScan {
    const result = scan(text);
    // scan() left this message's evidence in the scratch space: copy it out before anything reuses it
    const snapshot: Snapshot = {
      logit: logit.slice(),
      own: own.slice(),
      lexSum: lexSum.slice(),
      textLength,
      kinds: Array.from(kindList.subarray(0, kindCount), (kind) => [kind, kindSeen[kind] - 1] as [number, number]),
      ngrams: Array.from(ngramList.subarray(0, ngramCount)),
      brand: brandTagged(text),
      negated: Array.from({ length: negatedCount }, (_, k) => [negatedTerms[2 * k], negatedTerms[2 * k + 1]] as [number, number]),
    };
    if (result.spans.length === 0 && snapshot.kinds.length === 0 && snapshot.ngrams.length === 0 && !snapshot.brand && snapshot.negated.length === 0) return { ...result, evidence: [] };
    return { ...result, evidence: explain(result.spans, snapshot) };
  }

  // One literal in CATEGORY_ORDER (the order JSON lines print), instead of a spread and five stores.
  function scoresOf(): Record<Category, number> {
    return {
      fraud: score100(logit[FRAUD]),
      hazard: score100(logit[HAZARD_AT]),
      dispute: score100(logit[DISPUTE_AT]),
      violation: score100(logit[VIOLATION_AT]),
      demand: score100(logit[DEMAND_AT]),
    };
  }

  /** What added to or took from each category worth explaining, strongest first. */
  function explain(spans: ScanSpan[], snap: Snapshot): ScanEvidence[] {
    const out: ScanEvidence[] = [];
    const kindFirst = new Map(snap.kinds);
    for (let c = 0; c < C; c++) {
      const category = CATEGORY_ORDER[c];
      // a category is explained when given, when it came close, or when its words were found (the "why not")
      if (snap.logit[c] < cut[c] && sigmoid(snap.logit[c]) < EXPLAIN_FROM && !spans.some((s) => s.category === category)) continue;
      const items = evidenceOf(weight[c], category, spans, snap, kindFirst);
      items.sort((a, b) => Math.abs(b.points) - Math.abs(a.points));
      const shown = items.slice(0, 8);
      if (c !== FRAUD) {
        // the other reading, 需处理, averaged in: how far it moved this category (its own evidence is listed above)
        const moved = snap.logit[c] - snap.own[c];
        if (Math.abs(moved) >= 0.05) {
          const reasons = evidenceOf(weight[JOINT], category, spans, snap, kindFirst)
            .filter((e) => Math.sign(e.points) === Math.sign(moved))
            .sort((a, b) => Math.abs(b.points) - Math.abs(a.points))
            .slice(0, 2)
            .map((e) => e.label);
          const joint: ScanEvidence = { category, kind: 'joint', label: `需处理（不论哪一类）${Math.round(sigmoid(snap.logit[JOINT]) * 100)}分，${snap.textLength < SHORT_TEXT ? '消息短，只占一小部分' : '与本类自己的判断取平均'}${reasons.length ? `：${reasons.join('；')}` : ''}`, points: round1(moved) };
          // first when it is what carried the category past its threshold, else after the category's own evidence
          if (snap.own[c] < cut[c] && snap.logit[c] >= cut[c]) shown.unshift(joint);
          else shown.push(joint);
        }
      }
      // reached its threshold but read as part of a scam (isGiven): say so first, with what it lacked against 诈骗
      const by = snap.logit[c] >= cut[c] ? overruledBy(snap.logit, c) : -1;
      if (by === FRAUD) {
        const f = snap.logit[FRAUD];
        shown.unshift({ category, kind: 'overruled', label: `像诈骗话术（诈骗 ${Math.round(sigmoid(f) * 100)}分），不另算${CATEGORY_LABELS[category]}`, points: -round1(f - snap.logit[c]) });
      } else if (by >= 0) {
        const other = CATEGORY_LABELS[CATEGORY_ORDER[by]];
        shown.unshift({ category, kind: 'overruled', label: `主要是${other}，${CATEGORY_LABELS[category]}的依据不够强，不另算`, points: -round1(SECOND_MARGIN - (snap.logit[c] - cut[c])) });
      }
      out.push(...shown);
    }
    // the words a negation undid: shown as not counted, so a worker sees why 没有打架 is no quarrel
    const told = new Set<number>();
    for (const [id, negation] of snap.negated) {
      if (told.has(id)) continue;
      told.add(id);
      const entry = terms[id];
      out.push({ category: entry.category, kind: 'negated', label: `词条「${entry.term}」前有否定「${NEGATIONS[negation]}」，不计`, points: 0 });
    }
    return out;
  }

  /** What each piece of evidence adds to one head's log-odds (w: the head's weights), as the queue lists it. */
  function evidenceOf(w: Float64Array, category: Category, spans: ScanSpan[], snap: Snapshot, kindFirst: Map<number, number>): ScanEvidence[] {
    const items: ScanEvidence[] = [];
    const seen = new Set<string>();
    for (const span of spans) {
      if (seen.has(span.term)) continue;
      seen.add(span.term);
      const l = CATEGORY_ORDER.indexOf(span.category);
      // the share of the (capped) lexicon feature this term brings
      const share = (Math.min(LEX_CAP, snap.lexSum[l] / 10) * span.weight) / snap.lexSum[l];
      // in 需处理 a village's own word counts at its category's own weight (computeLogits)
      const points = (w === weight[JOINT] && villageTerms.has(span.term) ? weight[l][LEX_OFFSET + l] : w[LEX_OFFSET + l]) * share;
      if (Math.abs(points) >= 0.05) items.push({ category, kind: 'term', label: `词条「${span.term}」（${CATEGORY_LABELS[span.category]}）`, points: round1(points) });
    }
    for (const [k, cue] of snap.kinds) {
      if (Math.abs(w[KIND_OFFSET + k]) < 0.05) continue;
      const what = cue === activeCues.length ? '笑的表情' : k === ODDLINK ? `.${activeCues[cue].term}` : activeCues[cue].term;
      items.push({ category, kind: 'cue', label: `${CUE_LABELS[CUE_KINDS[k]]}：「${what}」`, points: round1(w[KIND_OFFSET + k]) });
    }
    for (let k = 0; k < COMBOS.length; k++) {
      if (!kindFirst.has(comboA[k]) || !kindFirst.has(comboB[k]) || Math.abs(w[COMBO_OFFSET + k]) < 0.05) continue;
      items.push({ category, kind: 'combo', label: comboLabel(COMBOS[k]), points: round1(w[COMBO_OFFSET + k]) });
    }
    if (snap.brand && Math.abs(w[BRAND_FEATURE]) >= 0.05) items.push({ category, kind: 'brand', label: '带【】署名（商家、运营商短信）', points: round1(w[BRAND_FEATURE]) });
    let ngramPoints = 0;
    const found: Array<[string, number]> = [];
    for (const g of snap.ngrams) {
      const v = w[NGRAM_OFFSET + g];
      ngramPoints += v;
      if (Math.abs(v) >= 0.05) found.push([model.ngrams[g], v]);
    }
    if (Math.abs(ngramPoints) >= 0.05) {
      found.sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
      items.push({ category, kind: 'model', label: `用词特征：${found.slice(0, 4).map(([g]) => `「${g}」`).join('')}`, points: round1(ngramPoints) });
    }
    return items;
  }

  function features(text: string): { index: number[]; value: number[] } {
    collect(text);
    const index: number[] = [];
    const value: number[] = [];
    for (let l = 0; l < C; l++) if (lexSum[l] > 0) (index.push(LEX_OFFSET + l), value.push(Math.min(LEX_CAP, lexSum[l] / 10)));
    for (let k = 0; k < K; k++) if (kindSeen[k] !== 0) (index.push(KIND_OFFSET + k), value.push(1));
    for (let k = 0; k < COMBOS.length; k++) if (kindSeen[comboA[k]] !== 0 && kindSeen[comboB[k]] !== 0) (index.push(COMBO_OFFSET + k), value.push(1));
    if (brandTagged(text)) (index.push(BRAND_FEATURE), value.push(1));
    for (let k = 0; k < ngramCount; k++) (index.push(NGRAM_OFFSET + ngramList[k]), value.push(1));
    if (index.some((f) => f >= F)) throw new Error('patrol scanner: feature out of layout');
    return { index, value };
  }

  let alphabet = 0;
  for (let c = 0; c < automaton.classOf.length; c++) {
    const cls = automaton.classOf[c];
    if (cls !== IGNORED_CLASS && cls > alphabet) alphabet = cls;
  }
  return { scan, explain: explainText, features, lexicon: terms, thresholds, stats: { terms: L, states: automaton.stateCount, alphabet } };
}

/** What explain() needs of one scan, copied out of the scratch space the next scan reuses. */
interface Snapshot {
  /** per head, the likeliest complaint category's two readings averaged (joinComplaint) */
  logit: Float64Array;
  /** the categories' own heads' logits (before joinComplaint) */
  own: Float64Array;
  lexSum: Float64Array;
  /** the text's length (a short one gives 需处理 a smaller share, joinComplaint) */
  textLength: number;
  /** [kind, first cue id] for each kind present */
  kinds: Array<[number, number]>;
  ngrams: number[];
  brand: boolean;
  /** [lexicon id, negation index] for each word a negation undid */
  negated: Array<[number, number]>;
}

const isNameCode = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d;
/** text[start, end) — a word the matcher found — ends a web address: a name and a dot (or a full-width one) before it, no more of the name after */
function endsWebAddress(text: string, start: number, end: number): boolean {
  const dot = text.charCodeAt(start - 1);
  return (dot === 0x2e || dot === 0xff0e) && isNameCode(text.charCodeAt(start - 2)) && !isNameCode(text.charCodeAt(end));
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
/** A score as scan() reports it: 0–1, two decimals — round(sigmoid(z) × 100) / 100. */
const exactScore100 = (z: number): number => Math.round(sigmoid(z) * 100) / 100;

/**
 * SCORE_STEPS[k] is the log-odds at which the rounded score steps up to (k + 1) / 100. Five scores a
 * message made Math.exp the scan's dearest call, so the score is read from a table instead: the steps lie
 * between -5.3 and 5.3 at least 0.04 apart, so a bucket 1/64 wide holds at most one. Within 1e-9 of a step
 * (far wider than the rounding error of either way) the exact formula decides — and so it does whenever the
 * table's guess is off, since z then lies on the wrong side of the step the guess names.
 */
const SCORE_STEPS = Float64Array.from({ length: 100 }, (_, k) => Math.log((k + 0.5) / (99.5 - k)));
const BUCKET_LOW = -6;
const BUCKETS_PER_UNIT = 64;
const BUCKET_COUNT = -2 * BUCKET_LOW * BUCKETS_PER_UNIT;
/** steps at or below the bucket's lower edge */
const BUCKET_BASE = new Uint8Array(BUCKET_COUNT);
/** the step inside the bucket, or Infinity */
const BUCKET_STEP = new Float64Array(BUCKET_COUNT).fill(Infinity);
for (let b = 0; b < BUCKET_COUNT; b++) {
  const low = BUCKET_LOW + b / BUCKETS_PER_UNIT;
  const high = BUCKET_LOW + (b + 1) / BUCKETS_PER_UNIT;
  for (let k = 0; k < SCORE_STEPS.length; k++) {
    if (SCORE_STEPS[k] <= low) BUCKET_BASE[b]++;
    else if (SCORE_STEPS[k] < high) BUCKET_STEP[b] = SCORE_STEPS[k];
  }
}
/** Exported for the test that holds it to the formula (scan-result.test.ts). */
export function score100(z: number): number {
  // sigmoid(±5.5) already rounds to 0 and 1 (the buckets reach ±6); NaN falls through to the exact formula
  if (z <= -5.5) return 0;
  if (z >= 5.5) return 1;
  if (z !== z) return exactScore100(z);
  const b = ((z - BUCKET_LOW) * BUCKETS_PER_UNIT) | 0;
  const k = BUCKET_BASE[b] + (z >= BUCKET_STEP[b] ? 1 : 0);
  if ((k > 0 && z - SCORE_STEPS[k - 1] < 1e-9) || (k < 100 && SCORE_STEPS[k] - z < 1e-9)) return exactScore100(z);
  return k / 100;
}
const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Whether raw match a sorts after raw match b: start ascending, end descending, pattern id ascending. */
function spanAfter(data: Int32Array, a: number, b: number): boolean {
  const startA = data[3 * a + 1];
  const startB = data[3 * b + 1];
  if (startA !== startB) return startA > startB;
  const endA = data[3 * a + 2];
  const endB = data[3 * b + 2];
  if (endA !== endB) return endA < endB;
  return data[3 * a] > data[3 * b];
}

let defaultInstance: Scanner | null = null;

let defaultWordSet: Set<string> | undefined;
/** `category:normalised term` of every default word, built once (createScanner tells a village's own words from them). */
function defaultWordKeys(): Set<string> {
  defaultWordSet ??= new Set(DEFAULT_LEXICON.map((entry) => `${entry.category}:${normaliseTerm(entry.term)}`));
  return defaultWordSet;
}

/** The scanner over DEFAULT_LEXICON, compiled on first use: what the CLI and a new village use. */
export function defaultScanner(): Scanner {
  if (!defaultInstance) defaultInstance = createScanner(DEFAULT_LEXICON);
  return defaultInstance;
}
