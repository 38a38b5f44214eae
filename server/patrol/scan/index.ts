/**
 * 巡群 scanner: a pure library (no DB, no SDK) shared by the patrol cloud function, the
 * `npm run patrol:scan` CLI and the bench. See docs in each module; the short version:
 *
 *   const result = defaultScanner().scan('刷 单-返 利，加ＶＸ');
 *   // { categories: ['fraud'], urgency: 86, action: 'hold', spans: [{ start: 0, end: 7, term: '刷单返利', … }, …] }
 */
export {
  ACTION,
  ACTION_LABELS,
  ACTION_RANK,
  CATEGORY,
  CATEGORY_LABELS,
  CATEGORY_ORDER,
  LEXICON_MAX_TERMS,
  TERM_MAX_CHARS,
  TERM_MAX_RAW_CHARS,
  WEIGHT_MAX,
  WEIGHT_MIN,
  validateLexicon,
  type Action,
  type Category,
  type LexiconError,
  type LexiconErrorCode,
  type LexiconTerm,
  type LexiconValidation,
} from './lexicon';
export { DEFAULT_LEXICON } from './default-lexicon';
export { normaliseTerm, normaliseText } from './normalise';
export {
  CATEGORY_URGENCY_FACTOR,
  URGENCY_SCALE,
  strongestAction,
  summariseSpans,
  urgencyOf,
  type ScanResult,
  type ScanSpan,
} from './score';
export { createScanner, defaultScanner, type Scanner } from './scanner';
