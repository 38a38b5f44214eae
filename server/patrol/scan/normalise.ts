/**
 * Text normalisation for the scanner: one table that says, for every UTF-16 code unit, which
 * character it counts as (or that it does not count at all).
 *
 * Residents and fraudsters write the same word many ways: ＶＸ for vx, 刷 单-返 利 for 刷单返利,
 * 詐騙 for 诈骗, a zero-width space in the middle. Folding all of that into a single table lookup
 * per code unit lets the matcher normalise while it scans — no second pass, no copy of the text —
 * and keeps every offset an offset into the text the resident actually wrote.
 */
import { T2S_PAIRS } from './t2s';

/** Marks a code unit that is skipped: spaces, punctuation, symbols, emoji, zero-width characters. */
export const IGNORED = 0;

/**
 * Dialect characters written in village groups → the Mandarin character a term is written with, as pairs like T2S_PAIRS.
 * Only characters that mean nothing else in Mandarin text: Cantonese 咗 了, 嘅 的, 喺 在, 嚟 来, 哋 们, 嗰 那, 佢 他, 冇 没,
 * 唔 不, 睇 看, 畀 给, 揾 找, 攞 拿 (粤北 and 两广 villages wrote 冇人理, 佢唔肯还, 攞走咗 — none of it matched 没人管, 不肯还,
 * 拿走); Wu 侬 你, 覅 不 (勿要); northwest 嫑 不 (不要), 俺 我. Not 系 是 (关系, 联系), 仲 还 (仲裁), 咋 怎 or 啥 (Mandarin too).
 */
const DIALECT_PAIRS = '咗了嘅的喺在嚟来哋们嗰那佢他冇没唔不睇看畀给揾找攞拿侬你覅不嫑不俺我';

let canonTable: Uint16Array | null = null;

/**
 * canon[c] is the canonical code unit for c, or IGNORED. Built once per process (about 10 ms):
 * NFKC (full-width → half-width, ① → 1, compatibility ideographs), lower case, traditional →
 * simplified, then the ignorable ranges.
 */
export function canonicalTable(): Uint16Array {
  if (canonTable) return canonTable;
  const canon = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) canon[c] = foldOne(c);
  for (let k = 0; k + 1 < T2S_PAIRS.length; k += 2) {
    const simplified = canon[T2S_PAIRS.charCodeAt(k + 1)];
    if (simplified !== IGNORED) canon[T2S_PAIRS.charCodeAt(k)] = simplified;
  }
  for (let k = 0; k + 1 < DIALECT_PAIRS.length; k += 2) canon[DIALECT_PAIRS.charCodeAt(k)] = canon[DIALECT_PAIRS.charCodeAt(k + 1)];
  // Code units that fold onto a traditional character (a compatibility form of 說, say) follow it.
  for (let c = 0; c < 0x10000; c++) {
    const folded = canon[c];
    if (folded !== IGNORED && canon[folded] !== folded) canon[c] = canon[folded];
  }
  canonTable = canon;
  return canon;
}

function foldOne(c: number): number {
  if (c < 0x80) {
    if (c >= 0x41 && c <= 0x5a) return c + 0x20; // A-Z → a-z
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) return c;
    return IGNORED; // controls, space, ASCII punctuation
  }
  // Lone surrogates would make normalize() and toLowerCase() meaningless; astral characters are
  // mostly emoji here, so a surrogate is treated as a symbol and skipped.
  if (c >= 0xd800 && c <= 0xdfff) return IGNORED;
  let folded = c;
  // CJK ideographs are their own canonical form; skip the costly calls for the biggest block.
  if (c < 0x4e00 || c > 0x9fff) {
    const nfkc = String.fromCharCode(c).normalize('NFKC').toLowerCase();
    if (nfkc.length === 1) folded = nfkc.charCodeAt(0);
  }
  if (folded < 0x80) return foldOne(folded);
  return isIgnorable(folded) ? IGNORED : folded;
}

/** Symbols, punctuation and invisible characters that may be slipped between the characters of a word. */
function isIgnorable(c: number): boolean {
  return (
    (c >= 0x80 && c <= 0xbf) || // C1 controls, no-break space, Latin-1 punctuation and signs
    c === 0xd7 || c === 0xf7 || // × ÷
    (c >= 0x2b0 && c <= 0x36f) || // modifier letters, combining marks
    (c >= 0x2000 && c <= 0x2bff) || // general punctuation (zero-width, dashes, quotes), arrows, maths, box drawing, dingbats
    (c >= 0x2e00 && c <= 0x2e7f) || // supplemental punctuation
    (c >= 0x3000 && c <= 0x3004) || // ideographic space, 、。〃〄
    (c >= 0x3008 && c <= 0x3020) || // 〈〉《》「」『』【】〔〕〖〗〘〙〚〛〜〝〞〟〠
    c === 0x3030 || c === 0x303d || c === 0x30fb || // 〰 〽 ・
    (c >= 0xe000 && c <= 0xf8ff) || // private use
    (c >= 0xfe00 && c <= 0xfe1f) || // variation selectors, vertical forms
    (c >= 0xfe30 && c <= 0xfe6f) || // CJK compatibility and small forms (﹏ ﹑ …)
    (c >= 0xff00 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) || // full-width punctuation NFKC leaves alone
    (c >= 0xff3b && c <= 0xff40) || (c >= 0xff5b && c <= 0xff65) ||
    (c >= 0xffe0 && c <= 0xffff) // full-width signs, specials (BOM is 0xfeff, below)
  ) || c === 0xfeff;
}

/** The canonical form of a lexicon term or any text: what the matcher compares. */
export function normaliseTerm(term: string): string {
  const canon = canonicalTable();
  let out = '';
  for (let i = 0; i < term.length; i++) {
    const c = canon[term.charCodeAt(i)];
    if (c !== IGNORED) out += String.fromCharCode(c);
  }
  return out;
}

/**
 * The canonical text and, for each of its characters, the UTF-16 offset of the character it came
 * from in the original. For callers that compare texts (near-duplicate leads, evaluation); the
 * scanner itself never builds this.
 */
export function normaliseText(text: string): { text: string; offsets: number[] } {
  const canon = canonicalTable();
  const codes: number[] = [];
  const offsets: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = canon[text.charCodeAt(i)];
    if (c === IGNORED) continue;
    codes.push(c);
    offsets.push(i);
  }
  let out = '';
  // fromCharCode.apply has an argument limit; 8K at a time stays well under it.
  for (let k = 0; k < codes.length; k += 8192) out += String.fromCharCode.apply(null, codes.slice(k, k + 8192));
  return { text: out, offsets };
}
