/** Error codes of the ledger function (道德银行), with the Chinese message a villager reads. */
export const LEDGER_ERRORS = {} as const;
