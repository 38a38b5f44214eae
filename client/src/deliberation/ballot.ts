import Taro from '@tarojs/taro';

/**
 * The voter's secret for one poll — kept on this phone only. The server stores hashes of it (the
 * roll's commitment, the ballot's receipt) and never the secret, so nobody can link the two without
 * this phone. Kept so that: a vote whose answer was lost is resent with the SAME secret (the server
 * recognises it and answers the same receipt), the voter can change their vote where the poll allows,
 * and the receipt stays on the phone to find in the published list.
 */
export interface StoredBallot {
  nonce: string;
  unitId: string;
  choices: string[];
  receipt: string | null;
}

const keyOf = (topicId: string, who: string) => `cunqun.ballot.${who}.${topicId}`;

export function loadBallot(topicId: string, who = 'self'): StoredBallot | null {
  try {
    const v = Taro.getStorageSync(keyOf(topicId, who));
    return v && typeof v === 'object' && typeof v.nonce === 'string' ? (v as StoredBallot) : null;
  } catch {
    return null;
  }
}

export function saveBallot(topicId: string, ballot: StoredBallot, who = 'self'): void {
  try {
    Taro.setStorageSync(keyOf(topicId, who), ballot);
  } catch {
    // storage full: the vote still counts; only the receipt is not kept on the phone
  }
}

export function forgetBallot(topicId: string, who: string): void {
  try {
    Taro.removeStorageSync(keyOf(topicId, who));
  } catch {
    /* nothing kept */
  }
}

function toBase64Url(bytes: Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let out = '';
  for (const b of bytes) out += alphabet[b & 63];
  return out;
}

/** 24 random characters (144 bits) from the platform's secure random source. */
export async function makeNonce(): Promise<string> {
  const cryptoApi = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (cryptoApi?.getRandomValues) return toBase64Url(cryptoApi.getRandomValues(new Uint8Array(24)));
  const wxRandom = (Taro as unknown as { getRandomValues?: (o: { length: number }) => Promise<{ randomValues: ArrayBuffer }> }).getRandomValues;
  if (wxRandom) {
    const r = await wxRandom({ length: 24 });
    return toBase64Url(new Uint8Array(r.randomValues));
  }
  // very old WeChat: weaker, but still never stored anywhere but this phone
  const bytes = new Uint8Array(24).map(() => Math.floor(Math.random() * 256));
  return toBase64Url(bytes);
}
