/**
 * A small local stand-in for WeChat's content-security model (msgSecCheck v2). Labels are WeChat's:
 * 100 正常 · 10001 广告 · 20001 时政 · 20002 色情 · 20003 辱骂 · 20006 违法犯罪 · 20008 欺诈 · 20012 低俗 ·
 * 20013 版权 · 21000 其他. `risky` entries are refused outright; `review` entries go to human review.
 * Enough to exercise every branch of the code; not a real moderation model.
 */
export type Suggest = 'pass' | 'review' | 'risky';

export interface LexiconEntry {
  keyword: string;
  label: number;
  suggest: Exclude<Suggest, 'pass'>;
}

export const LABEL_NORMAL = 100;

export const LEXICON: LexiconEntry[] = [
  // 20008 欺诈 — the scams villagers actually meet
  { keyword: '刷单返利', label: 20008, suggest: 'risky' },
  { keyword: '安全账户', label: 20008, suggest: 'risky' },
  { keyword: '验证码发给我', label: 20008, suggest: 'risky' },
  { keyword: '先交保证金', label: 20008, suggest: 'risky' },
  { keyword: '养老金补贴认证', label: 20008, suggest: 'risky' },
  { keyword: '内部渠道', label: 20008, suggest: 'review' },
  { keyword: '稳赚不赔', label: 20008, suggest: 'review' },
  { keyword: '高额回报', label: 20008, suggest: 'review' },
  // 10001 广告
  { keyword: '加微信领取', label: 10001, suggest: 'review' },
  { keyword: '扫码进群', label: 10001, suggest: 'review' },
  { keyword: '代开发票', label: 10001, suggest: 'risky' },
  // 20006 违法犯罪
  { keyword: '网络赌博', label: 20006, suggest: 'risky' },
  { keyword: '出售银行卡', label: 20006, suggest: 'risky' },
  // 20003 辱骂
  { keyword: '滚蛋', label: 20003, suggest: 'review' },
  { keyword: '王八蛋', label: 20003, suggest: 'risky' },
  // 20001 时政 (test marker only)
  { keyword: '时政敏感测试词', label: 20001, suggest: 'risky' },
  // 20002 色情 (test marker only)
  { keyword: '色情测试词', label: 20002, suggest: 'risky' },
];

export interface SecCheckVerdict {
  suggest: Suggest;
  label: number;
  detail: Array<{ strategy: string; errcode: number; suggest: Suggest; label: number; prob?: number; keyword?: string; level?: number }>;
}

/** Worst hit wins: risky over review, and the first matching entry gives the label. */
export function checkText(content: string): SecCheckVerdict {
  const hits = LEXICON.filter((e) => content.includes(e.keyword));
  const worst = hits.find((h) => h.suggest === 'risky') ?? hits.find((h) => h.suggest === 'review');
  const detail: SecCheckVerdict['detail'] = [
    { strategy: 'content_model', errcode: 0, suggest: worst ? worst.suggest : 'pass', label: worst ? worst.label : LABEL_NORMAL, prob: worst ? 90 : 0 },
  ];
  for (const h of hits) detail.push({ strategy: 'keyword', errcode: 0, suggest: h.suggest, label: h.label, level: h.suggest === 'risky' ? 90 : 60, keyword: h.keyword });
  return { suggest: worst ? worst.suggest : 'pass', label: worst ? worst.label : LABEL_NORMAL, detail };
}
