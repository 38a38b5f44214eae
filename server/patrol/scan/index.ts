/**
 * 巡群 scanner: a pure library (no DB, no SDK) shared by the patrol cloud function, the
 * `npm run patrol:scan` CLI and the bench. The short version:
 *
 *   const scanner = createScanner(villageLexicon); // once per lexicon version (tens of ms for 5,000 terms)
 *   scanner.scan('家里有煤 气味');
 *   // { categories: ['hazard'], urgency: …, action: 'flag',
 *   //   spans: [{ start: 3, end: 7, term: '煤气味', category: 'hazard', weight: 10, action: 'flag' }],
 *   //   scores: { hazard: 0.8, fraud: 0.02, … }, evidence: [{ category: 'hazard', kind: 'term', label: '词条「煤气味」…', points: 4.5 }] }
 *
 * Categories are decided from all the evidence together (scanner.ts, model.ts), per category against a
 * threshold the committee may move.
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
  TERM_MIN_CHARS,
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
  urgencyFromRaw,
  type ExplainedScan,
  type ScanEvidence,
  type ScanResult,
  type ScanSpan,
} from './score';
export { createScanner, defaultScanner, shippedModel, type ScanOptions, type Scanner } from './scanner';
export { THRESHOLD_MAX, THRESHOLD_MIN, type ModelWeights } from './model';
export { CUE_KINDS, CUE_LABELS, type CueKind } from './cues';
export {
  decodeText,
  parseCsv,
  readMessages,
  type MessagesFormat,
  type ReadMessagesErrorCode,
  type ReadMessagesResult,
} from './read-messages';
