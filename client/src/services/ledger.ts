import type { LedgerInputs, LedgerOutputs } from '../../../server/ledger/contract';
import { callFunction, type CallOptions } from './transport';

/** The `ledger` cloud function (道德银行), typed from its contract (types only). */
type Action = Exclude<keyof LedgerOutputs, 'postDueClaims' | 'consumeEvents' | 'settleYear'>;
function call<A extends Action>(action: A, payload: LedgerInputs[A], opts?: CallOptions): Promise<LedgerOutputs[A]> {
  return callFunction<LedgerOutputs[A]>('ledger', action, payload as object, opts);
}

export const ledger = {
  home: (p: LedgerInputs['ledgerHome']) => call('ledgerHome', p),
  openLedger: (villageId: string, o?: CallOptions) => call('openLedger', { villageId }, o),
  saveRule: (p: LedgerInputs['saveRule'], o?: CallOptions) => call('saveRule', p, o),
  saveSettings: (p: LedgerInputs['saveSettings'], o?: CallOptions) => call('saveSettings', p, o),
  submitClaim: (p: LedgerInputs['submitClaim'], o?: CallOptions) => call('submitClaim', p, o),
  reviewClaim: (p: LedgerInputs['reviewClaim'], o?: CallOptions) => call('reviewClaim', p, o),
  objectClaim: (p: LedgerInputs['objectClaim'], o?: CallOptions) => call('objectClaim', p, o),
  voidClaim: (p: LedgerInputs['voidClaim'], o?: CallOptions) => call('voidClaim', p, o),
  listClaims: (p: LedgerInputs['listClaims']) => call('listClaims', p),
  reverseEntry: (p: LedgerInputs['reverseEntry'], o?: CallOptions) => call('reverseEntry', p, o),
  shop: (villageId: string) => call('shop', { villageId }),
  saveGoods: (p: LedgerInputs['saveGoods'], o?: CallOptions) => call('saveGoods', p, o),
  redeem: (p: LedgerInputs['redeem'], o?: CallOptions) => call('redeem', p, o),
  cancelRedemption: (p: LedgerInputs['cancelRedemption'], o?: CallOptions) => call('cancelRedemption', p, o),
  checkOff: (p: LedgerInputs['checkOff'], o?: CallOptions) => call('checkOff', p, o),
  ranking: (villageId: string) => call('ranking', { villageId }),
  setRankingOptOut: (p: LedgerInputs['setRankingOptOut'], o?: CallOptions) => call('setRankingOptOut', p, o),
  report: (villageId: string) => call('report', { villageId }),
};

export type {
  CatalogueView,
  ConsentKind,
  ClaimView,
  EntryView,
  GoodsView,
  LedgerHomeOutput,
  RankingRow,
  RedemptionView,
  ReportOutput,
  RuleView,
  ShopOutput,
} from '../../../server/ledger/contract';

/** Chinese labels beside the code values (the contract holds the same tables; values are not bundled from the server). */
export const CLAIM_STATUS_LABEL = { pending: '待审核', public: '公示中', posted: '已入账', rejected: '未通过', voided: '已作废' } as const;
export const REDEMPTION_STATUS_LABEL = { reserved: '待领取', picked: '已领取', cancelled: '已取消' } as const;
export const PERIOD_LABEL = { month: '每月', quarter: '每季度', year: '每年' } as const;
export const SOURCE_LABEL = { claim: '申报（审核＋公示）', ticket_confirmed: '自动：反映的问题确认解决', lead_confirmed: '自动：线索查证属实', poll_participated: '自动：参加村务表决' } as const;
export const ENTRY_KIND_LABEL = { claim: '申报入账', event: '自动记分', redeem: '积分兑换', cancel: '取消兑换退回', settle: '年终清零', reverse: '冲正' } as const;

/** 2025-05-01 10:00 in local time, short */
export function when(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getMonth() + 1}月${d.getDate()}日 ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));
