/**
 * The scanner: one lexicon compiled once, then any number of messages scanned against it.
 */
import { IGNORED_CLASS, MatchBuffer, buildAutomaton, createMatcher } from './automaton';
import { DEFAULT_LEXICON } from './default-lexicon';
import { ACTION_RANK, CATEGORY_ORDER, type Action, type Category, type LexiconTerm } from './lexicon';
import { CATEGORY_URGENCY_FACTOR, urgencyFromRaw, type ScanResult, type ScanSpan } from './score';

export interface Scanner {
  /** Scans one message. Pure and deterministic; safe to call any number of times. */
  scan(text: string): ScanResult;
  readonly lexicon: readonly LexiconTerm[];
  /** Size of the compiled automaton, for logs and the bench. */
  readonly stats: { terms: number; states: number; alphabet: number };
}

/**
 * Compiles a lexicon (validated with validateLexicon first; the scanner trusts weights and
 * categories). Compiling 5,000 terms takes tens of milliseconds, so a cloud function keeps one
 * scanner per village lexicon version rather than compiling per message.
 */
export function createScanner(lexicon: readonly LexiconTerm[]): Scanner {
  const terms = lexicon.map((entry) => ({ ...entry }));
  const automaton = buildAutomaton(terms.map((entry) => entry.term));
  const match = createMatcher(automaton);

  // Per-term facts the result needs, looked up by pattern id instead of through objects and Maps:
  // result building, not matching, is most of the cost of a message with a hit.
  const categoryIndex = new Uint8Array(terms.length);
  const score = new Float64Array(terms.length);
  const actionRank = new Uint8Array(terms.length);
  terms.forEach((entry, id) => {
    categoryIndex[id] = CATEGORY_ORDER.indexOf(entry.category);
    score[id] = entry.weight * CATEGORY_URGENCY_FACTOR[entry.category];
    actionRank[id] = ACTION_RANK[entry.action];
  });
  const actionByRank: Array<Action | null> = [null, 'flag', 'hold', 'block'];

  // Scratch space reused by every call: scan() is synchronous, so no two calls share it at once.
  const buffer = new MatchBuffer();
  let order = new Int32Array(64);
  const categoryScore = new Float64Array(CATEGORY_ORDER.length);

  function scan(text: string): ScanResult {
    buffer.count = 0;
    const found = match(text, buffer);
    if (found === 0) return { categories: [], urgency: 0, action: null, spans: [] };
    const data = buffer.data;
    if (order.length < found) order = new Int32Array(found * 2);
    for (let k = 0; k < found; k++) order[k] = k;
    // Spans by start, then longer (outer) first, then lexicon order. Insertion sort: a message has
    // a handful of matches, and they arrive almost sorted (by end).
    for (let k = 1; k < found; k++) {
      const item = order[k];
      let j = k - 1;
      while (j >= 0 && spanAfter(data, order[j], item)) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = item;
    }
    categoryScore.fill(0);
    let total = 0;
    let strongest = 0;
    const spans: ScanSpan[] = new Array(found);
    const counted = found > 16 ? new Set<number>() : null;
    for (let k = 0; k < found; k++) {
      const at = 3 * order[k];
      const id = data[at];
      const entry = terms[id];
      spans[k] = { start: data[at + 1], end: data[at + 2], term: entry.term, category: entry.category, weight: entry.weight, action: entry.action };
      if (actionRank[id] > strongest) strongest = actionRank[id];
      // Each distinct term counts once towards urgency (see urgencyOf).
      if (counted ? counted.has(id) : seenBefore(data, order, k, id)) continue;
      counted?.add(id);
      categoryScore[categoryIndex[id]] += score[id];
      total += score[id];
    }
    const categories: Category[] = [];
    for (let c = 0; c < CATEGORY_ORDER.length; c++) if (categoryScore[c] > 0) categories.push(CATEGORY_ORDER[c]);
    if (categories.length > 1) {
      categories.sort(
        (a, b) =>
          categoryScore[CATEGORY_ORDER.indexOf(b)] - categoryScore[CATEGORY_ORDER.indexOf(a)] ||
          CATEGORY_ORDER.indexOf(a) - CATEGORY_ORDER.indexOf(b),
      );
    }
    return { categories, urgency: urgencyFromRaw(total), action: actionByRank[strongest], spans };
  }

  let alphabet = 0;
  for (let c = 0; c < automaton.classOf.length; c++) {
    const cls = automaton.classOf[c];
    if (cls !== IGNORED_CLASS && cls > alphabet) alphabet = cls;
  }
  return { scan, lexicon: terms, stats: { terms: terms.length, states: automaton.stateCount, alphabet } };
}

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

function seenBefore(data: Int32Array, order: Int32Array, k: number, id: number): boolean {
  for (let j = 0; j < k; j++) if (data[3 * order[j]] === id) return true;
  return false;
}

let defaultInstance: Scanner | null = null;

/** The scanner over DEFAULT_LEXICON, compiled on first use: what the CLI and a new village use. */
export function defaultScanner(): Scanner {
  if (!defaultInstance) defaultInstance = createScanner(DEFAULT_LEXICON);
  return defaultInstance;
}
