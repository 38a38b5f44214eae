/** Chinese labels beside the ledger's code values (server/ledger/contract.ts holds the same tables; values are not bundled from the server). */
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
