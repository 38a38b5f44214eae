/**
 * The scanner: one lexicon compiled once, then any number of messages scanned against it.
 */
import { MatchBuffer, buildAutomaton, createMatcher } from './automaton';
import { DEFAULT_LEXICON } from './default-lexicon';
import type { LexiconTerm } from './lexicon';
import { compareSpans, summarise, type ScanResult, type ScanSpan } from './score';

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
  // One buffer per scanner: scan() is synchronous, so it is never shared by two calls at once.
  const buffer = new MatchBuffer();

  function scan(text: string): ScanResult {
    buffer.count = 0;
    const found = match(text, buffer);
    if (found === 0) return summarise([]);
    const spans: Array<ScanSpan & { order: number }> = [];
    const data = buffer.data;
    for (let k = 0; k < found; k++) {
      const entry = terms[data[3 * k]];
      spans.push({
        start: data[3 * k + 1],
        end: data[3 * k + 2],
        term: entry.term,
        category: entry.category,
        weight: entry.weight,
        action: entry.action,
        order: data[3 * k],
      });
    }
    spans.sort(compareSpans);
    return summarise(
      spans.map(({ start, end, term, category, weight, action }) => ({ start, end, term, category, weight, action })),
    );
  }

  let alphabet = 0;
  for (let c = 0; c < automaton.classOf.length; c++) {
    const cls = automaton.classOf[c];
    if (cls !== 0xffff && cls > alphabet) alphabet = cls;
  }
  return { scan, lexicon: terms, stats: { terms: terms.length, states: automaton.stateCount, alphabet } };
}

let defaultInstance: Scanner | null = null;

/** The scanner over DEFAULT_LEXICON, compiled on first use: what the CLI and a new village use. */
export function defaultScanner(): Scanner {
  if (!defaultInstance) defaultInstance = createScanner(DEFAULT_LEXICON);
  return defaultInstance;
}
