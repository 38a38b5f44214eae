/** The scan result: categories, urgency, strongest action and deterministic span order. */
import {
  CATEGORY,
  createScanner,
  defaultScanner,
  strongestAction,
  summariseSpans,
  urgencyOf,
  type LexiconTerm,
} from '../../../server/patrol/scan';

const scanner = defaultScanner();

describe('patrol scanner: result', () => {
  it.each([
    ['demand', '村口的路灯坏了好几天了'],
    ['dispute', '老张和老李为了宅基地吵起来了'],
    ['hazard', '二组那边电线裸露，小孩经常在下面玩'],
    ['fraud', '有人打电话说要把钱转到安全账户'],
    ['violation', '又有人在河边焚烧秸秆'],
  ])('recognises a %s message', (category, text) => {
    const result = scanner.scan(text);
    expect(result.categories).toEqual([category]);
    expect(result.urgency).toBeGreaterThan(0);
    expect(result.spans.length).toBeGreaterThan(0);
    for (const span of result.spans) expect(span.category).toBe(category);
  });

  it('lists several categories, the one contributing most urgency first', () => {
    const result = scanner.scan('路灯坏了，晚上有人掉进河里');
    expect(result.categories).toEqual(['hazard', 'demand']);
  });

  it('breaks category ties in the fixed order fraud, hazard, dispute, violation, demand', () => {
    const lexicon: LexiconTerm[] = [
      { term: '甲', category: 'demand', weight: 3, action: 'flag' },
      { term: '乙', category: 'violation', weight: 2, action: 'flag' },
    ];
    // demand 3 × 1 = violation 2 × 1.5 = 3
    expect(createScanner(lexicon).scan('甲乙').categories).toEqual(['violation', 'demand']);
  });

  it('finds nothing in ordinary chat, with urgency 0 and no action', () => {
    expect(scanner.scan('大家好，明天上午九点在村委会开会，收到请回复')).toEqual({
      categories: [],
      urgency: 0,
      action: null,
      spans: [],
    });
    expect(scanner.scan('')).toEqual({ categories: [], urgency: 0, action: null, spans: [] });
  });

  describe('urgency', () => {
    const urgency = (text: string): number => scanner.scan(text).urgency;

    it('ranks danger and scams above needs and rule-breaking', () => {
      const hazard = urgency('家里有煤气味');
      const fraud = urgency('对方让我开屏幕共享');
      const dispute = urgency('两家人为了地界吵架');
      const violation = urgency('有人乱倒垃圾');
      const demand = urgency('想问一下低保申请');
      expect(Math.min(hazard, fraud)).toBeGreaterThan(dispute);
      expect(dispute).toBeGreaterThan(violation);
      expect(violation).toBeGreaterThan(0);
      expect(demand).toBeGreaterThan(0);
      expect(Math.min(hazard, fraud)).toBeGreaterThan(demand);
    });

    it('grows with more evidence but stays within 0–100', () => {
      const one = urgency('对方要验证码');
      const two = urgency('对方要验证码，还让转到安全账户');
      const many = urgency('冒充公检法说涉嫌洗钱，要验证码，开屏幕共享，转到安全账户，交保证金，刷单返利');
      expect(two).toBeGreaterThan(one);
      expect(many).toBeGreaterThan(two);
      expect(many).toBeLessThanOrEqual(100);
    });

    it('counts a term repeated in one message once', () => {
      expect(urgency('停水停水停水停水停水')).toBe(urgency('停水'));
    });

    it('follows the documented formula: round(100 × (1 − e^(−Σ weight × factor / 24)))', () => {
      const lexicon: LexiconTerm[] = [
        { term: '甲', category: 'fraud', weight: 8, action: 'flag' },
        { term: '乙', category: 'demand', weight: 3, action: 'flag' },
      ];
      const result = createScanner(lexicon).scan('甲乙');
      expect(result.urgency).toBe(Math.round(100 * (1 - Math.exp(-(8 * 3 + 3 * 1) / 24))));
      expect(result.urgency).toBe(urgencyOf(result.spans));
    });
  });

  describe('action', () => {
    const lexicon: LexiconTerm[] = [
      { term: '甲', category: 'demand', weight: 1, action: 'flag' },
      { term: '乙', category: 'fraud', weight: 1, action: 'hold' },
      { term: '丙', category: 'fraud', weight: 1, action: 'block' },
    ];
    const local = createScanner(lexicon);

    it.each([
      ['甲', 'flag'],
      ['甲乙', 'hold'],
      ['乙甲', 'hold'],
      ['甲丙乙', 'block'],
      ['丙', 'block'],
    ])('%s → %s (block > hold > flag)', (text, action) => {
      expect(local.scan(text).action).toBe(action);
    });

    it('holds fraud phrasing and blocks solicitations in the default lexicon; hazards are only flagged', () => {
      expect(scanner.scan('开一下屏幕共享').action).toBe('hold');
      expect(scanner.scan('高价收购银行卡，私聊').action).toBe('block');
      expect(scanner.scan('着火了！快来人').action).toBe('flag');
    });
  });

  it('orders spans by start, outer before inner, then lexicon order — and agrees with the reference', () => {
    const text = '有人让我刷单返利，先交保证金，还要验证码';
    const result = scanner.scan(text);
    const order = result.spans.map((s) => [s.start, -s.end]);
    expect(order).toEqual([...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    expect(result.spans.slice(0, 3).map((s) => s.term)).toEqual(['刷单返利', '刷单', '返利']);
    expect(result).toEqual(summariseSpans(result.spans));
    expect(result.action).toBe(strongestAction(result.spans));
  });

  it('returns every category code the lexicon knows, nothing else', () => {
    const codes = new Set<string>(Object.values(CATEGORY));
    const result = scanner.scan('路灯坏了，宅基地吵架，煤气味，安全账户，焚烧秸秆');
    expect(new Set(result.categories)).toEqual(codes);
  });
});
