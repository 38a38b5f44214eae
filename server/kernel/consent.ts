/**
 * How a resident who uses WeChat agreed that someone else acts for them — 代报 (a grid worker reports for
 * them) and 代办 (a grid worker claims or redeems points for them) take the same kinds, so the record says
 * the same words in both jobs. (A vote cast for someone needs stronger proof: deliberation/states.ts.)
 */
export const CONSENT_KINDS = {
  in_person: '当面同意',
  phone: '电话同意',
  family: '家属代为同意',
} as const;
export type ConsentKind = keyof typeof CONSENT_KINDS;
