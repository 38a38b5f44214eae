/**
 * Aho-Corasick over a double-array trie, with normalisation fused into the scan loop.
 *
 * Why this shape: a dense transition table for 5,000 Chinese terms would be states × alphabet
 * (≈ 15k × 2k) entries — far too big — while Maps or per-node objects cost a hash lookup per
 * character. A double array stores a trie edge s --c--> t as t = base[s] + c with check[t] === s,
 * in a few flat Int32Arrays: one add and one compare per character on the common path.
 *
 * The alphabet is only the characters the lexicon uses, numbered 1..K (a "class"); every UTF-16
 * code unit maps to its class through one Uint16Array that also does the normalisation (see
 * normalise.ts). Class 0 is "a real character no term uses": it sends the automaton back to the
 * root. IGNORED_CLASS is "not a character for matching" (space, symbol, zero-width): it is skipped
 * and the automaton stays where it was, which is how 刷 单-返 利 still matches 刷单返利.
 */
import { IGNORED, canonicalTable, normaliseTerm } from './normalise';

export const IGNORED_CLASS = 0xffff;
const NONE = -1;

export interface Automaton {
  /** UTF-16 code unit → alphabet class (0: not in any term, IGNORED_CLASS: skipped). */
  readonly classOf: Uint16Array;
  readonly base: Int32Array;
  readonly check: Int32Array;
  readonly fail: Int32Array;
  /** First pattern that ends exactly at this state, or -1. */
  readonly patternAt: Int32Array;
  /** Nearest state along the failure chain where some pattern ends, or -1 (dictionary suffix link). */
  readonly outputLink: Int32Array;
  /** 1 when patternAt or outputLink is set: the only test the scan loop makes per character. */
  readonly hasOutput: Uint8Array;
  /** Next pattern with the same normalised key (duplicates), or -1. */
  readonly nextSamePattern: Int32Array;
  /** Length of each pattern in counted characters (0: the pattern normalises to nothing, never matches). */
  readonly patternLength: Int32Array;
  /** Longest pattern, in counted characters. */
  readonly maxLength: number;
  readonly stateCount: number;
}

/**
 * Builds the automaton for these patterns (raw terms; they are normalised here). Pattern ids are
 * the indices into the list. Patterns that normalise to nothing are kept as ids but never match;
 * duplicate keys all match (the lexicon validator refuses them, but a stored lexicon must not
 * break the scanner if the normalisation rules grow).
 */
export function buildAutomaton(patterns: readonly string[]): Automaton {
  const canon = canonicalTable();
  const keys = patterns.map(normaliseTerm);

  // Alphabet: classes numbered by frequency, so the commonest characters get the small numbers
  // and the double array packs densely near the root.
  const frequency = new Map<number, number>();
  for (const key of keys) for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    frequency.set(c, (frequency.get(c) ?? 0) + 1);
  }
  const alphabet = [...frequency.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([c]) => c);
  if (alphabet.length >= IGNORED_CLASS - 1) throw new RangeError('lexicon alphabet too large');
  const classOfCanon = new Uint16Array(0x10000);
  alphabet.forEach((c, k) => (classOfCanon[c] = k + 1));
  const classOf = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    const folded = canon[c];
    classOf[c] = folded === IGNORED ? IGNORED_CLASS : classOfCanon[folded];
  }
  const alphabetSize = alphabet.length;

  // 1. A plain trie with sorted child lists; node 0 is the root.
  const children: Array<Map<number, number>> = [new Map()];
  const endsHere: number[] = [NONE];
  const nextSamePattern = new Int32Array(patterns.length).fill(NONE);
  const patternLength = new Int32Array(patterns.length);
  let maxLength = 0;
  keys.forEach((key, id) => {
    patternLength[id] = key.length;
    if (key.length === 0) return;
    maxLength = Math.max(maxLength, key.length);
    let node = 0;
    for (let i = 0; i < key.length; i++) {
      const cls = classOfCanon[key.charCodeAt(i)];
      let next = children[node].get(cls);
      if (next === undefined) {
        next = children.length;
        children.push(new Map());
        endsHere.push(NONE);
        children[node].set(cls, next);
      }
      node = next;
    }
    // Duplicates chain in input order: the first id stays at the state.
    if (endsHere[node] === NONE) endsHere[node] = id;
    else {
      let last = endsHere[node];
      while (nextSamePattern[last] !== NONE) last = nextSamePattern[last];
      nextSamePattern[last] = id;
    }
  });

  // 2. Place the trie in a double array, breadth first. slotOf[node] is the node's state number.
  const nodeCount = children.length;
  const slotOf = new Int32Array(nodeCount);
  let capacity = Math.max(1024, nodeCount * 2 + alphabetSize + 1);
  let base = new Int32Array(capacity);
  let check = new Int32Array(capacity).fill(NONE);
  // nextFree: a union-find "smallest free slot ≥ x" (path-compressed), so placing a node jumps
  // over occupied slots instead of trying every b in turn. Index capacity is a sentinel that is
  // always free and means "grow".
  let nextFree = new Int32Array(capacity + 1);
  for (let k = 0; k <= capacity; k++) nextFree[k] = k;
  const occupy = (t: number): void => {
    nextFree[t] = t + 1;
  };
  const findFree = (from: number): number => {
    let root = from;
    while (nextFree[root] !== root) root = nextFree[root];
    while (nextFree[from] !== root) {
      const up = nextFree[from];
      nextFree[from] = root;
      from = up;
    }
    return root;
  };
  const grow = (needed: number): void => {
    if (needed < capacity) return;
    let size = capacity;
    while (size <= needed) size *= 2;
    const b = new Int32Array(size);
    b.set(base);
    const k = new Int32Array(size).fill(NONE);
    k.set(check);
    const f = new Int32Array(size + 1);
    f.set(nextFree.subarray(0, capacity));
    for (let x = capacity; x <= size; x++) f[x] = x;
    base = b;
    check = k;
    nextFree = f;
    capacity = size;
  };
  occupy(0); // the root's own slot
  let highest = 0;
  const queue: number[] = [0];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    const slot = slotOf[node];
    const edges = [...children[node].entries()].sort((a, b) => a[0] - b[0]);
    if (edges.length === 0) continue; // a leaf keeps base 0; check[] tells its lookups apart
    // First fit over free slots: the lowest b ≥ 0 with every b + class free. b ≥ 0 keeps every
    // lookup inside the arrays; classes are ≥ 1, so slot 0 (the root) is never a child.
    const firstClass = edges[0][0];
    const lastClass = edges[edges.length - 1][0];
    let b: number;
    for (let f = findFree(firstClass); ; f = findFree(f + 1)) {
      if (f >= capacity) grow(f);
      b = f - firstClass;
      grow(b + lastClass);
      let fits = true;
      for (let e = 1; e < edges.length; e++) if (check[b + edges[e][0]] !== NONE) { fits = false; break; }
      if (fits) break;
    }
    base[slot] = b;
    for (const [cls, child] of edges) {
      const t = b + cls;
      check[t] = slot;
      occupy(t);
      slotOf[child] = t;
      if (t > highest) highest = t;
      queue.push(child);
    }
  }

  // Lookups from any state read base[s] + class ≤ highest base + K: size the arrays to cover it.
  let maxBase = 0;
  for (let s = 0; s <= highest; s++) if (base[s] > maxBase) maxBase = base[s];
  const size = Math.max(highest, maxBase + alphabetSize) + 1;
  const finalBase = new Int32Array(size);
  finalBase.set(base.subarray(0, Math.min(size, capacity)));
  const finalCheck = new Int32Array(size).fill(NONE);
  finalCheck.set(check.subarray(0, Math.min(size, capacity)));
  finalCheck[0] = NONE; // root: no real parent; the scan loop treats state 0 on its own

  // 3. Failure links and outputs, breadth first so a state's fail is finished before its children.
  const fail = new Int32Array(size);
  const patternAt = new Int32Array(size).fill(NONE);
  const outputLink = new Int32Array(size).fill(NONE);
  const hasOutput = new Uint8Array(size);
  const go = (s: number, cls: number): number => {
    const t = finalBase[s] + cls;
    return t < size && finalCheck[t] === s ? t : NONE;
  };
  for (const node of queue) patternAt[slotOf[node]] = endsHere[node];
  for (const node of queue) {
    const slot = slotOf[node];
    for (const [cls, child] of children[node]) {
      const t = slotOf[child];
      let f = NONE;
      if (slot !== 0) {
        let s = fail[slot];
        for (;;) {
          const next = go(s, cls);
          if (next !== NONE) { f = next; break; }
          if (s === 0) break;
          s = fail[s];
        }
      }
      fail[t] = f === NONE ? 0 : f;
      const target = fail[t];
      outputLink[t] = patternAt[target] !== NONE ? target : outputLink[target];
      hasOutput[t] = patternAt[t] !== NONE || outputLink[t] !== NONE ? 1 : 0;
    }
  }

  return {
    classOf,
    base: finalBase,
    check: finalCheck,
    fail,
    patternAt,
    outputLink,
    hasOutput,
    nextSamePattern,
    patternLength,
    maxLength,
    stateCount: nodeCount,
  };
}

/**
 * A reusable buffer of raw matches: triples (pattern id, start, end) with UTF-16 offsets into the
 * original text, end exclusive. Reused across messages so the scan loop allocates nothing.
 */
export class MatchBuffer {
  data = new Int32Array(3 * 64);
  count = 0;

  push(pattern: number, start: number, end: number): void {
    let at = this.count * 3;
    if (at + 3 > this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[at++] = pattern;
    this.data[at++] = start;
    this.data[at] = end;
    this.count++;
  }
}

/**
 * Finds every occurrence of every pattern in text (overlapping and nested ones included) and
 * appends them to out in the order their last characters appear. Returns the number found.
 */
export function createMatcher(automaton: Automaton): (text: string, out: MatchBuffer) => number {
  const { classOf, base, check, fail, patternAt, outputLink, hasOutput, nextSamePattern, patternLength } = automaton;
  // Offsets of the last few counted characters, so a match's start can be found from its length
  // even with ignored characters inside it. Power of two so the index is a mask, not a modulo.
  let ringSize = 1;
  while (ringSize < automaton.maxLength) ringSize *= 2;
  const ring = new Int32Array(ringSize);
  const mask = ringSize - 1;

  return function match(text: string, out: MatchBuffer): number {
    const before = out.count;
    const n = text.length;
    let state = 0;
    let counted = 0;
    for (let i = 0; i < n; i++) {
      const cls = classOf[text.charCodeAt(i)];
      if (cls === IGNORED_CLASS) continue;
      if (cls === 0) {
        state = 0;
        continue;
      }
      ring[counted & mask] = i;
      counted++;
      // Follow failure links until an edge for cls exists; the root absorbs what nothing starts with.
      let t = base[state] + cls;
      while (check[t] !== state) {
        if (state === 0) {
          t = 0;
          break;
        }
        state = fail[state];
        t = base[state] + cls;
      }
      state = t;
      if (hasOutput[state] === 0) continue;
      let s = patternAt[state] !== NONE ? state : outputLink[state];
      while (s !== NONE) {
        let id = patternAt[s];
        const start = ring[(counted - patternLength[id]) & mask];
        do {
          out.push(id, start, i + 1);
          id = nextSamePattern[id];
        } while (id !== NONE);
        s = outputLink[s];
      }
    }
    return out.count - before;
  };
}
