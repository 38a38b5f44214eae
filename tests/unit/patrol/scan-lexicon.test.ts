/** Lexicon validation (what a committee edit must pass) and the default lexicon. */
import {
  CATEGORY,
  CATEGORY_LABELS,
  DEFAULT_LEXICON,
  LEXICON_MAX_TERMS,
  defaultScanner,
  validateLexicon,
  type LexiconError,
  type LexiconTerm,
} from '../../../server/patrol/scan';

const ok: LexiconTerm = { term: '停水', category: 'demand', weight: 3, action: 'flag' };
const errorsOf = (input: unknown): LexiconError[] => {
  const result = validateLexicon(input);
  if (result.ok) throw new Error('expected the lexicon to be refused');
  return result.errors;
};
const hasChinese = (message: string): boolean => /[\u4e00-\u9fff]/.test(message);

describe('patrol lexicon: validation', () => {
  it('accepts a good lexicon and returns its terms trimmed', () => {
    const result = validateLexicon([ok, { ...ok, term: '  路灯坏了 ', weight: 1.5, action: 'hold' }]);
    expect(result).toEqual({ ok: true, lexicon: [ok, { ...ok, term: '路灯坏了', weight: 1.5, action: 'hold' }] });
  });

  it.each([
    ['empty', '', 'lexicon_term_empty'],
    ['spaces only', '   ', 'lexicon_term_empty'],
    ['symbols only', '！？…', 'lexicon_term_empty'],
    ['zero-width only', '\u200b\u200b', 'lexicon_term_empty'],
    ['21 characters', '一二三四五六七八九十一二三四五六七八九十一', 'lexicon_term_too_long'],
    ['20 characters padded past 40 as typed', '一二三四五六七八九十一二三四五六七八九十'.split('').join('  '), 'lexicon_term_too_long'],
  ])('refuses a term that is %s', (_, term, code) => {
    const errors = errorsOf([ok, { ...ok, term }]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code, index: 1 });
    expect(hasChinese(errors[0].message)).toBe(true);
  });

  it('accepts a term of exactly 20 characters', () => {
    expect(validateLexicon([{ ...ok, term: '一二三四五六七八九十一二三四五六七八九十' }]).ok).toBe(true);
  });

  it.each([
    ['the same', '停水', '停水'],
    ['the same with spaces', '停水', '停 水'],
    ['full-width and upper case', 'vx', 'ＶＸ'],
    ['traditional', '诈骗', '詐騙'],
  ])('refuses a duplicate term: %s', (_, first, second) => {
    const errors = errorsOf([{ ...ok, term: first }, { ...ok, term: second }]);
    expect(errors.map((e) => [e.code, e.index])).toEqual([['lexicon_term_duplicate', 1]]);
    expect(errors[0].message).toContain('第 1 条');
  });

  it('refuses a duplicate even when the category differs: one term, one category', () => {
    expect(errorsOf([ok, { ...ok, category: 'hazard' }]).map((e) => e.code)).toEqual(['lexicon_term_duplicate']);
  });

  it.each([
    ['category', { category: 'spam' }, 'lexicon_category_invalid'],
    ['category (label instead of code)', { category: '诈骗' }, 'lexicon_category_invalid'],
    ['weight 0', { weight: 0 }, 'lexicon_weight_invalid'],
    ['weight 11', { weight: 11 }, 'lexicon_weight_invalid'],
    ['weight NaN', { weight: Number.NaN }, 'lexicon_weight_invalid'],
    ['weight as text', { weight: '5' }, 'lexicon_weight_invalid'],
    ['action', { action: 'delete' }, 'lexicon_action_invalid'],
  ])('refuses a bad %s', (_, change, code) => {
    const errors = errorsOf([{ ...ok, ...change }]);
    expect(errors.map((e) => e.code)).toEqual([code]);
    expect(errors[0].index).toBe(0);
    expect(hasChinese(errors[0].message)).toBe(true);
  });

  it('refuses entries that are not terms, and a lexicon that is not a list or is too large', () => {
    expect(errorsOf([ok, null, { term: 5 }]).map((e) => [e.code, e.index])).toEqual([
      ['lexicon_term_invalid', 1],
      ['lexicon_term_invalid', 2],
    ]);
    expect(errorsOf({ terms: [] }).map((e) => e.code)).toEqual(['lexicon_not_a_list']);
    const huge = Array.from({ length: LEXICON_MAX_TERMS + 1 }, (_, k) => ({ ...ok, term: `词${k}` }));
    expect(errorsOf(huge).map((e) => e.code)).toEqual(['lexicon_too_large']);
  });

  it('reports every problem at once, each with its index, so an edit screen can mark them all', () => {
    const errors = errorsOf([ok, { ...ok, term: '' }, { ...ok, term: '停水', weight: 99 }, { ...ok, term: '新词', action: 'x' }]);
    expect(errors.map((e) => [e.index, e.code])).toEqual([
      [1, 'lexicon_term_empty'],
      [2, 'lexicon_term_duplicate'],
      [2, 'lexicon_weight_invalid'],
      [3, 'lexicon_action_invalid'],
    ]);
  });
});

describe('patrol lexicon: the default lexicon', () => {
  it('is valid, has several hundred terms, and covers every category with a Chinese label', () => {
    expect(validateLexicon(DEFAULT_LEXICON).ok).toBe(true);
    expect(DEFAULT_LEXICON.length).toBeGreaterThanOrEqual(400);
    for (const category of Object.values(CATEGORY)) {
      expect(DEFAULT_LEXICON.filter((t) => t.category === category).length).toBeGreaterThanOrEqual(50);
      expect(hasChinese(CATEGORY_LABELS[category])).toBe(true);
    }
  });

  it.each([
    ['demand', ['路灯坏了', '停水', '低保', '医保报销', '危房改造']],
    ['dispute', ['宅基地', '占道', '吵架', '打架', '土地承包', '拖欠工资']],
    ['hazard', ['电线裸露', '煤气味', '山体滑坡', '溺水', '火灾', '危房', '路面塌陷']],
    ['fraud', ['刷单返利', '安全账户', '冒充公检法', '验证码', '屏幕共享', '中奖', '保健品', '养老投资', '征信修复', '退款理赔']],
    ['violation', ['乱倒垃圾', '焚烧秸秆', '私搭乱建', '赌博']],
  ])('has the everyday %s terms', (category, terms) => {
    for (const term of terms) {
      expect(DEFAULT_LEXICON.find((t) => t.term === term)).toMatchObject({ category });
    }
  });

  it('never holds or blocks a hazard: a warning about danger must reach people at once', () => {
    expect(DEFAULT_LEXICON.filter((t) => t.category === 'hazard' && t.action !== 'flag')).toEqual([]);
  });

  it('is what the default scanner uses', () => {
    expect(defaultScanner().lexicon).toEqual(DEFAULT_LEXICON);
    expect(defaultScanner().scan('群里有人说刷单返利').categories).toEqual(['fraud']);
  });
});
