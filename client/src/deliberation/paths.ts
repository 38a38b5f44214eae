/** The deliberation subpackage's pages (the tab page imports this small table only). */
export const delibPaths = {
  topic: '/deliberation/topic/index',
  propose: '/deliberation/propose/index',
  vote: '/deliberation/vote/index',
  assist: '/deliberation/assist/index',
  results: '/deliberation/results/index',
  openPoll: '/deliberation/open-poll/index',
  outcome: '/deliberation/outcome/index',
  settings: '/deliberation/settings/index',
} as const;

/** XXXX-XXXX-XX, as printed and read aloud */
export const formatReceipt = (r: string): string => `${r.slice(0, 4)}-${r.slice(4, 8)}-${r.slice(8)}`;

/** a receipt read letter by letter (so 朗读 does not run it together) */
export const receiptForSpeech = (r: string): string => r.split('').join(' ');
