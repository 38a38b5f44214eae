import type { Codes } from '../kernel/errors';
/** Error codes of the ledger function (道德银行), with the Chinese message a villager reads. */
export const LEDGER_ERRORS = {
  // ── the book ──
  /** the village has not opened its 道德银行 yet (the committee opens it once) */
  ledger_not_open: '本村的道德银行还没有开通，请联系村委',
  ledger_already_open: '本村的道德银行已经开通',
  /** the rule does not exist in the village's catalogue (or is switched off) */
  unknown_rule: '找不到这条积分规则，请刷新后重新选择',
  rule_disabled: '这条积分规则已停用',
  /** the rule fires from verified events (工单确认、线索确认、参与表决), it cannot be claimed by hand */
  rule_not_claimable: '这条规则由系统自动记分，不能手动申报',
  /** the catalogue changed since it was read (another committee member saved first) */
  catalogue_changed: '积分规则刚被其他人修改过，请刷新后再改',

  // ── claims ──
  /** the household already used this rule as often as the period allows */
  over_period_limit: '本周期内这项已达到申报次数上限',
  /** a deduction (负分) is filed by the committee only */
  deduction_committee_only: '扣分事项只能由村委登记',
  claim_not_found: '找不到这条积分申报',
  /** the claim is not in a state that allows this step */
  claim_not_pending: '这条申报已处理过或不在待审核状态',
  claim_not_public: '这条申报不在公示期内',
  /** a claimant may not object to their own claim */
  cannot_object_own_claim: '不能对自己的申报提出异议',
  already_objected: '您已经对这条申报提出过异议',
  /** 代办 for a resident who uses WeChat: say how they agreed (当面 / 电话 / 家属), as for 代报 */
  consent_required: '这位居民自己用微信，替他办理需要写明本人如何同意',
  /** the resident a grid worker claims for is not in the worker's grids */
  resident_not_found: '找不到这位居民',
  household_required: '请选择要记分的户',

  // ── postings ──
  /** the household has fewer points than the action needs */
  insufficient_points: '积分不足',
  entry_not_found: '找不到这笔积分记录',
  entry_already_reversed: '这笔积分已经冲正过了',
  /** a reversal of a reversal, or of a redemption (cancel the redemption instead) */
  entry_not_reversible: '这笔记录不能冲正（兑换请用“取消兑换”）',

  // ── 积分超市 ──
  goods_not_found: '找不到这件商品',
  goods_inactive: '这件商品已下架',
  out_of_stock: '库存不足，已经兑换完了',
  /** the price changed while the person was looking at it */
  price_changed: '商品积分价已调整，请刷新后再兑换',
  stock_below_zero: '库存不能调成负数',
  redemption_not_found: '找不到这笔兑换',
  redemption_not_open: '这笔兑换已经领取或取消了',
  pickup_code_not_found: '提货码不正确，请核对后再输入',
  /** the code was checked off before: a second pickup is refused */
  pickup_code_used: '这个提货码已经核销过了，不能重复领取',
  pickup_code_cancelled: '这笔兑换已取消，提货码作废',
} as const;

export type LedgerErrorCode = keyof typeof LEDGER_ERRORS;

// the kernel imports no job: this tells the type system that ledger's codes are error codes too
declare module '../kernel/errors' {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface JobErrorCodes extends Codes<typeof LEDGER_ERRORS> {}
}
