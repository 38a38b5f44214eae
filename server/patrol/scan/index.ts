/**
 * 巡群 scanner: a pure library (no DB, no SDK) shared by the patrol cloud function, the
 * `npm run patrol:scan` CLI and the bench. The short version:
 *
 *   const scanner = createScanner(villageLexicon); // once per lexicon version (tens of ms for 5,000 terms)
 *   scanner.scan('家里有煤 气味');
 *   // { categories: ['hazard'], urgency: 71, action: 'flag',
 *   //   spans: [{ start: 3, end: 7, term: '煤气味', category: 'hazard', weight: 10, action: 'flag' }] }
 *
 * Lexicon edits go through validateLexicon first (named errors, Chinese messages).
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
export {
  decodeText,
  parseCsv,
  readMessages,
  type MessagesFormat,
  type ReadMessagesErrorCode,
  type ReadMessagesResult,
} from './read-messages';
