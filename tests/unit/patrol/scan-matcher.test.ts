/** The matcher: every occurrence of every term, in one pass, overlapping and nested ones included. */
import fc from 'fast-check';
import { createScanner, normaliseTerm, normaliseText, type LexiconTerm } from '../../../server/patrol/scan';

const term = (text: string, category: LexiconTerm['category'] = 'demand'): LexiconTerm => ({
  term: text,
  category,
  weight: 1,
  action: 'flag',
});
const found = (lexicon: LexiconTerm[], text: string): Array<[string, number, number]> =>
  createScanner(lexicon).scan(text).spans.map((span) => [span.term, span.start, span.end]);

describe('patrol scanner: matching', () => {
  it('reports overlapping terms (the classic he / she / his / hers)', () => {
    const lexicon = ['he', 'she', 'his', 'hers'].map((t) => term(t));
    expect(found(lexicon, 'ushers')).toEqual([
      ['she', 1, 4],
      ['hers', 2, 6],
      ['he', 2, 4],
    ]);
  });

  it('reports nested terms: the whole phrase and every term inside it', () => {
    const lexicon = [term('刷单返利', 'fraud'), term('刷单', 'fraud'), term('返利', 'fraud'), term('单返', 'fraud')];
    expect(found(lexicon, '有人搞刷单返利')).toEqual([
      ['刷单返利', 3, 7],
      ['刷单', 3, 5],
      ['单返', 4, 6],
      ['返利', 5, 7],
    ]);
  });

  it('finds a term that is only reachable through failure links (suffix of a longer false start)', () => {
    // 安全账 starts like 安全账户 but breaks off; 全账号 must still be found from inside it.
    const lexicon = [term('安全账户'), term('全账号')];
    expect(found(lexicon, '安全账号')).toEqual([['全账号', 1, 4]]);
  });

  it('reports every repetition, including self-overlapping ones', () => {
    expect(found([term('哈哈')], '哈哈哈')).toEqual([
      ['哈哈', 0, 2],
      ['哈哈', 1, 3],
    ]);
    expect(found([term('停水')], '停水停水')).toEqual([
      ['停水', 0, 2],
      ['停水', 2, 4],
    ]);
  });

  it('does not match across a character no term uses', () => {
    expect(found([term('停水')], '停了水')).toEqual([]);
    expect(found([term('停水')], '停a水')).toEqual([]);
  });

  it('matches terms of one character and terms of the longest allowed length', () => {
    const long = '村里的路灯已经坏了好几个月了没人来修理'; // 19 characters
    expect(found([term('修'), term(long)], `听说${long}呢`)).toEqual([
      [long, 2, 21],
      ['修', 19, 20],
    ]);
  });

  it('with an empty lexicon, or terms that normalise to nothing, finds nothing and does not fail', () => {
    expect(found([], '停水停电')).toEqual([]);
    expect(found([term('！！'), term('停水')], '！！停水')).toEqual([['停水', 2, 4]]);
  });

  it('keeps duplicate terms from an unvalidated lexicon: both entries match', () => {
    const lexicon = [term('停水', 'demand'), term('停 水', 'hazard')];
    expect(createScanner(lexicon).scan('又停水了').spans.map((s) => s.category)).toEqual(['demand', 'hazard']);
  });

  it('is a pure function of the text: scanning again, or after other texts, gives the same answer', () => {
    const scanner = createScanner([term('he'), term('she'), term('hers')]);
    const first = scanner.scan('ushers and she');
    scanner.scan('hehehehehehehehehehehehehehehehehehehehehehehehehehehehehehehehehehehehehehehehehehe');
    expect(scanner.scan('ushers and she')).toEqual(first);
  });

  it('agrees with a brute-force search over the normalised text on random lexicons and texts', () => {
    const letter = fc.constantFrom('a', 'b', 'A', 'ｂ', '测', '試', '试', 'x');
    const filler = fc.constantFrom(' ', '-', '\u200b', '，', '😀', 'z', '\n');
    const termArb = fc.array(letter, { minLength: 1, maxLength: 4 }).map((cs) => cs.join(''));
    const textArb = fc.array(fc.oneof(letter, letter, filler), { maxLength: 40 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.uniqueArray(termArb, { minLength: 1, maxLength: 8, selector: normaliseTerm }), textArb, (terms, text) => {
        const lexicon = terms.map((t) => term(t));
        const actual = found(lexicon, text).map(([t, s, e]) => `${t}@${s}-${e}`).sort();
        // Reference: every indexOf hit of every normalised term, mapped back through the offsets.
        const { text: normal, offsets } = normaliseText(text);
        const expected: string[] = [];
        for (const t of terms) {
          const key = normaliseTerm(t);
          for (let at = normal.indexOf(key); at !== -1; at = normal.indexOf(key, at + 1)) {
            expected.push(`${t}@${offsets[at]}-${offsets[at + key.length - 1] + 1}`);
          }
        }
        expect(actual).toEqual(expected.sort());
      }),
      { numRuns: 500, seed: 20240603 },
    );
  });
});
