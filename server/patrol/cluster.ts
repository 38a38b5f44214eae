/**
 * Near-duplicate leads (同一条消息被转了好几个群): MinHash over character 3-grams of the normalised text,
 * with locality-sensitive banding.
 *
 * Why this method: a scam broadcast reaches a village in many copies that differ by a phone number, a
 * link, an emoji, a name or a sentence cut short. Shingle overlap (Jaccard similarity) measures exactly
 * "mostly the same words", and MinHash estimates it from 32 numbers stored on the lead. SimHash was the
 * other candidate; on messages of 20–200 Chinese characters its bit vector swings with a handful of
 * changed characters, so its Hamming threshold is hard to set, while Jaccard ≥ 0.6 reads plainly.
 * Banding (8 bands × 4 rows) turns "find similar leads" into an exact-match lookup on band keys — an
 * indexed `$in`, one read — instead of comparing with every open lead: a pair at Jaccard 0.8 shares a
 * band with probability 1 − (1 − 0.8⁴)⁸ ≈ 0.985, at 0.3 only ≈ 0.06; candidates are then confirmed by
 * the signature estimate.
 *
 * The text is normalised like the scanner does (full/half width, case, traditional → simplified, spaces
 * and symbols dropped) and every run of digits becomes one '#', so phone numbers and amounts do not
 * make copies look different. Texts of fewer than 8 such characters use their whole text as the only
 * band (short messages are near-duplicates only when equal).
 */
import { normaliseTerm } from './scan';

export const MINHASH_SIZE = 32;
const BANDS = 8;
const ROWS = MINHASH_SIZE / BANDS;
const SHINGLE = 3;
const SHORT_TEXT = 8;
/** estimated Jaccard similarity at which two messages are the same lead */
export const SAME_LEAD_SIMILARITY = 0.6;

export interface Fingerprint {
  /** MinHash signature (empty for short texts) */
  minhash: number[];
  /** band keys, prefixed with the village: what the index finds candidates by */
  bandKeys: string[];
}

export function clusterText(text: string): string {
  return normaliseTerm(text).replace(/[0-9]+/g, '#');
}

function fnv1a(text: string, start: number, length: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < start + length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's finaliser: a cheap, well-mixed permutation of 32 bits, one per seed. */
function mix(h: number, seed: number): number {
  let x = (h ^ Math.imul(seed, 0x9e3779b1)) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

export function fingerprint(villageId: string, text: string): Fingerprint {
  const canon = clusterText(text);
  if (canon.length < SHORT_TEXT) {
    return { minhash: [], bandKeys: canon.length ? [`${villageId}:s:${fnv1a(canon, 0, canon.length).toString(36)}`] : [] };
  }
  const minhash = new Array<number>(MINHASH_SIZE).fill(0xffffffff);
  for (let i = 0; i + SHINGLE <= canon.length; i++) {
    const h = fnv1a(canon, i, SHINGLE);
    for (let k = 0; k < MINHASH_SIZE; k++) {
      const v = mix(h, k + 1);
      if (v < minhash[k]) minhash[k] = v;
    }
  }
  const bandKeys: string[] = [];
  for (let b = 0; b < BANDS; b++) {
    let h = 0x811c9dc5 ^ b;
    for (let r = 0; r < ROWS; r++) h = mix(h ^ minhash[b * ROWS + r], b + 101);
    bandKeys.push(`${villageId}:b${b}:${h.toString(36)}`);
  }
  return { minhash, bandKeys };
}

/** Estimated Jaccard similarity of two fingerprints (short texts: 1 when equal, else 0). */
export function similarity(a: Fingerprint, b: Fingerprint): number {
  if (a.minhash.length === 0 || b.minhash.length === 0) {
    return a.minhash.length === 0 && b.minhash.length === 0 && a.bandKeys[0] !== undefined && a.bandKeys[0] === b.bandKeys[0] ? 1 : 0;
  }
  let same = 0;
  for (let k = 0; k < MINHASH_SIZE; k++) if (a.minhash[k] === b.minhash[k]) same++;
  return same / MINHASH_SIZE;
}

/** The most similar of the candidates, if any is similar enough to be the same lead. */
export function closest<T extends Fingerprint>(target: Fingerprint, candidates: readonly T[]): T | null {
  let best: T | null = null;
  let bestScore = SAME_LEAD_SIMILARITY;
  for (const c of candidates) {
    const s = similarity(target, c);
    if (s >= bestScore && (best === null || s > bestScore)) {
      best = c;
      bestScore = s;
    }
  }
  return best;
}
