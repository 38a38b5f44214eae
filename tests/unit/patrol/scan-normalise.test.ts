/**
 * Normalisation: the ways a word gets written in a group chat all match the lexicon term, and the
 * spans point at exactly what the resident wrote.
 */
import { createScanner, normaliseTerm, normaliseText, type LexiconTerm } from '../../../server/patrol/scan';

const lexicon: LexiconTerm[] = [
  { term: '刷单返利', category: 'fraud', weight: 10, action: 'hold' },
  { term: '加vx', category: 'fraud', weight: 5, action: 'flag' },
  { term: '验证码', category: 'fraud', weight: 9, action: 'hold' },
  { term: 'ETC认证', category: 'fraud', weight: 8, action: 'hold' },
  { term: '煤气味', category: 'hazard', weight: 10, action: 'flag' },
  { term: '110', category: 'hazard', weight: 5, action: 'flag' },
];
const scanner = createScanner(lexicon);

/** [term, the original text under the span] for every span. */
const highlighted = (text: string): Array<[string, string]> =>
  scanner.scan(text).spans.map((span) => [span.term, text.slice(span.start, span.end)]);

describe('patrol scanner: normalisation', () => {
  it('matches full-width letters and digits as half-width', () => {
    expect(highlighted('加ＶＸ聊')).toEqual([['加vx', '加ＶＸ']]);
    expect(highlighted('快打１１０')).toEqual([['110', '１１０']]);
  });

  it('ignores case, both ways round', () => {
    expect(highlighted('加VX')).toEqual([['加vx', '加VX']]);
    expect(highlighted('您的etc认证已过期')).toEqual([['ETC认证', 'etc认证']]);
  });

  it('ignores spaces, symbols and punctuation slipped between the characters', () => {
    expect(highlighted('刷 单-返 利')).toEqual([['刷单返利', '刷 单-返 利']]);
    expect(highlighted('刷。单，返！利')).toEqual([['刷单返利', '刷。单，返！利']]);
    expect(highlighted('刷*单_返/利')).toEqual([['刷单返利', '刷*单_返/利']]);
    expect(highlighted('刷　单　返　利')).toEqual([['刷单返利', '刷　单　返　利']]); // ideographic spaces
    expect(highlighted('加 V . X')).toEqual([['加vx', '加 V . X']]);
  });

  it('ignores zero-width characters, emoji and line breaks between the characters', () => {
    expect(highlighted('验\u200b证\u200d码')).toEqual([['验证码', '验\u200b证\u200d码']]);
    expect(highlighted('验\ufeff证\u2060码')).toEqual([['验证码', '验\ufeff证\u2060码']]);
    expect(highlighted('煤😷气\n味')).toEqual([['煤气味', '煤😷气\n味']]);
  });

  it('matches traditional characters as simplified', () => {
    expect(highlighted('請提供驗證碼')).toEqual([['验证码', '驗證碼']]);
  });

  it('reads dialect characters written in village groups as the Mandarin a term is written with', () => {
    // Cantonese 冇/唔/佢/咗/攞, Wu 侬, northwest 嫑/俺: a term written 没人管 or 不肯还 matches them
    expect(normaliseTerm('冇人理')).toBe(normaliseTerm('没人理'));
    expect(normaliseTerm('佢唔肯还')).toBe(normaliseTerm('他不肯还'));
    expect(normaliseTerm('攞走咗')).toBe(normaliseTerm('拿走了'));
    expect(normaliseTerm('侬嫑去')).toBe(normaliseTerm('你不去'));
    expect(normaliseTerm('俺家')).toBe(normaliseTerm('我家'));
    // characters that mean something else in Mandarin stay: 关系 is not 关是, 仲裁 not 还裁
    expect(normaliseTerm('关系')).not.toBe(normaliseTerm('关是'));
    expect(normaliseTerm('仲裁')).not.toBe(normaliseTerm('还裁'));
    expect(highlighted('佢喺度讲验证码')).toEqual([['验证码', '验证码']]);
  });

  it('combines all of it: full-width, upper case, symbols and zero-width at once', () => {
    expect(highlighted('快·加\u200bＶ - x！')).toEqual([['加vx', '加\u200bＶ - x']]);
  });

  it('maps spans to UTF-16 offsets in the original text, after emoji and other astral characters', () => {
    const text = '😀😀家里有煤气味';
    const [span] = scanner.scan(text).spans;
    expect(span).toMatchObject({ start: 7, end: 10 });
    expect(text.slice(span.start, span.end)).toBe('煤气味');
  });

  it('does not stretch a span over symbols before the first or after the last character', () => {
    expect(highlighted('【煤气味】')).toEqual([['煤气味', '煤气味']]);
  });

  it('still keeps letters, digits and Chinese characters apart: they are not ignored', () => {
    expect(highlighted('刷单a返利')).toEqual([]);
    expect(highlighted('1 1 0')).toEqual([['110', '1 1 0']]);
    expect(highlighted('1100')).toEqual([
      ['110', '110'],
    ]);
  });

  it('normaliseTerm gives the key the lexicon compares: folded, lower case, simplified, no symbols', () => {
    expect(normaliseTerm(' 加 ＶＸ！')).toBe('加vx');
    expect(normaliseTerm('詐騙·電話')).toBe('诈骗电话');
    expect(normaliseTerm('①②③')).toBe('123');
    expect(normaliseTerm('！！ ')).toBe('');
  });

  it('normaliseText keeps, for every kept character, its offset in the original', () => {
    expect(normaliseText('刷 单，ＡＢ')).toEqual({ text: '刷单ab', offsets: [0, 2, 4, 5] });
  });
});
