/** The scan result: categories, urgency, strongest action and deterministic span order. */
import {
  CATEGORY,
  CATEGORY_URGENCY_FACTOR,
  URGENCY_SCALE,
  createScanner,
  defaultScanner,
  strongestAction,
  type LexiconTerm,
} from '../../../server/patrol/scan';
import { score100 } from '../../../server/patrol/scan/scanner';

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
    // the category its words point to comes first (a broken lamp may also score as a hazard)
    expect(result.categories[0]).toBe(category);
    expect(result.urgency).toBeGreaterThan(0);
    expect(result.spans.length).toBeGreaterThan(0);
    for (const span of result.spans) expect(span.category).toBe(category);
  });

  it('lists several categories, the one contributing most urgency first', () => {
    const result = scanner.scan('路灯坏了，晚上有人掉进河里');
    expect(result.categories).toEqual(['hazard', 'demand']);
  });

  it('does not decide on one weak word: 投资 alone is an ordinary word, with a link, money and a deadline it is a scam', () => {
    expect(scanner.scan('我家老二今年投资了个养猪场').categories).not.toContain('fraud');
    expect(scanner.scan('高收益投资，点击链接 http://t.cn/x 立即转账，今天截止').categories).toContain('fraud');
  });

  it('finds nothing in ordinary chat, with urgency 0 and no action', () => {
    for (const text of ['大家好，明天上午九点在村委会开会，收到请回复', '']) {
      const result = scanner.scan(text);
      expect(result).toMatchObject({ categories: [], urgency: 0, action: null, spans: [] });
      for (const score of Object.values(result.scores)) expect(score).toBeLessThan(0.5);
    }
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
      // as long as each other: a short message gives 需处理 a smaller share (scanner.ts SHORT_TEXT); the matcher skips spaces
      expect(urgency('停水停水停水停水停水')).toBe(urgency('停水        '));
    });

    it('follows the documented formula over the decided categories: round(100 × (1 − e^(−Σ factor × (weights + 4 × score) / 24)))', () => {
      const lexicon: LexiconTerm[] = [
        { term: '甲甲', category: 'fraud', weight: 10, action: 'flag' },
        { term: '乙乙', category: 'demand', weight: 10, action: 'flag' },
      ];
      const result = createScanner(lexicon).scan('甲甲乙乙');
      expect(result.categories).toEqual(['fraud', 'demand']);
      const raw = CATEGORY_URGENCY_FACTOR.fraud * (10 + 4 * result.scores.fraud) + CATEGORY_URGENCY_FACTOR.demand * (10 + 4 * result.scores.demand);
      // scores are rounded to two decimals in the result: allow one point either way
      expect(Math.abs(result.urgency - Math.round(100 * (1 - Math.exp(-raw / URGENCY_SCALE))))).toBeLessThanOrEqual(1);
    });
  });

  describe('action', () => {
    const lexicon: LexiconTerm[] = [
      { term: '甲', category: 'demand', weight: 10, action: 'flag' },
      { term: '乙', category: 'fraud', weight: 10, action: 'hold' },
      { term: '丙', category: 'fraud', weight: 10, action: 'block' },
      { term: '丁', category: 'fraud', weight: 1, action: 'block' },
    ];
    const local = createScanner(lexicon);

    it.each([
      ['甲', 'flag'],
      ['甲乙', 'hold'],
      ['乙甲', 'hold'],
      ['甲丙乙', 'block'],
      ['丙', 'block'],
      ['甲丁', 'flag'],
      ['丁', null],
    ])('%s → %s (block > hold > flag, among the categories decided)', (text, action) => {
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
    expect(result.categories).toEqual(['fraud']);
    expect(result.action).toBe(strongestAction(result.spans.filter((s) => result.categories.includes(s.category))));
  });

  it('returns every category code the lexicon knows, nothing else', () => {
    const codes = new Set<string>(Object.values(CATEGORY));
    const given = ['路灯坏了好几天没人修', '为了宅基地两家吵架打起来了', '家里闻到煤气味了', '有人要我把钱转到安全账户', '有人在地里焚烧秸秆'].flatMap((text) => scanner.scan(text).categories);
    expect(new Set(given)).toEqual(codes);
  });
});

describe('patrol scanner: the reported score', () => {
  // scan() reads the two-decimal score from a table instead of Math.exp (scanner.ts score100): it must be
  // the formula's answer everywhere, at the rounding steps and the table's bucket edges too
  const exact = (z: number): number => Math.round((1 / (1 + Math.exp(-z))) * 100) / 100;
  it('is round(sigmoid(z) × 100) / 100 for any log-odds, next to every step and bucket edge included', () => {
    const zs: number[] = [NaN, Infinity, -Infinity, 0, -0, 5.5, -5.5, 5.4999999999, -5.4999999999, 5.999999999999999, 1e300, -1e300];
    for (let k = 0; k < 100; k++) {
      const step = Math.log((k + 0.5) / (99.5 - k));
      for (let d = -200; d <= 200; d++) zs.push(step + d * 1e-12, step + d * 1e-9, step + d * 1e-6);
    }
    for (let b = 0; b <= 768; b++) for (let d = -3; d <= 3; d++) zs.push(-6 + b / 64 + d * 1e-15);
    let seed = 7;
    for (let i = 0; i < 100000; i++) zs.push(((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 16);
    const wrong = zs.filter((z) => !Object.is(score100(z), exact(z)));
    expect(wrong).toEqual([]);
  });
});
