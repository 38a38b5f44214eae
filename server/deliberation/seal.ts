/**
 * The sealed ballot. A vote's one write marks its roll unit AND carries its ballot — so that write must not
 * show the ballot to anyone who reads the database's history (the SQLite WAL, CloudBase's operation log):
 * the ballot is sealed with a key the database never holds, and opened only when the poll is counted, all
 * ballots at once, into a box sorted by receipt (see tally.ts).
 *
 * The keys: every poll seals under its own random key, kept in the topic only WRAPPED (AES-256-GCM) under the
 * master key `CUNQUN_BALLOT_KEY` from the deliberation function's environment — 32 random bytes, base64. On
 * CloudBase the master key is set once in the function's configuration (云开发控制台 → 云函数 → deliberation →
 * 函数配置 → 环境变量), never in the repository or the database; locally the emulator hands the function the
 * key kept beside the data folder, not inside it (demo/deliberation-key.ts). The count removes the wrapped
 * poll key from the topic: from then on the sealed ballots left on the units open for nobody, master key or
 * not — only a copy of the database from before the count, together with the master key, still opens them.
 * A master key other than the poll's fails to unwrap: `ballot_key_changed`, never a wrong result.
 *
 * What is sealed has one length whatever the choice (AES-256-GCM over 12 bytes: the receipt and a bitmask
 * of the options), so a ciphertext's size says nothing either. A ballot's IV is derived under the poll's key
 * from the unit and the vote's ballot key (nonce + choices): two units' equal ballots look different, and the
 * same vote sent again seals to the same bytes (a retry changes nothing) — one IV never seals two different
 * plaintexts. The unit's id is bound in as associated data: a sealed ballot opens only on the unit that cast it.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { AppError } from '../kernel/errors';

const ENV_KEY = 'CUNQUN_BALLOT_KEY';
const RECEIPT_LENGTH = 10;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** receipt (10 ASCII) + choice bitmask (2 bytes: up to 16 options; polls have ≤ 12) */
const PLAIN_BYTES = RECEIPT_LENGTH + 2;
/** base64url of IV + ciphertext + tag: the one length every sealed ballot has */
export const SEALED_LENGTH = Math.ceil(((IV_BYTES + PLAIN_BYTES + TAG_BYTES) * 4) / 3);

/** The master key from the function's environment, or `ballot_key_missing` (never a fallback). */
export function masterKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  const text = env[ENV_KEY];
  const key = text ? Buffer.from(text, 'base64') : null;
  if (!key || key.length !== 32) throw new AppError('ballot_key_missing', `${ENV_KEY} absent or not 32 bytes of base64`);
  return key;
}

function gcmSeal(key: Buffer, aad: string, plain: Buffer, iv: Buffer = randomBytes(IV_BYTES)): string {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

function gcmOpen(key: Buffer, aad: string, sealed: string, plainBytes: number): Buffer {
  const raw = Buffer.from(sealed, 'base64url');
  if (raw.length !== IV_BYTES + plainBytes + TAG_BYTES) throw new RangeError('sealed length');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]);
}

/** A new poll's key, wrapped under the master key for the topic document. */
export function newWrappedPollKey(master: Buffer, topicId: string): string {
  return gcmSeal(master, `poll key|${topicId}`, randomBytes(32));
}

/** The poll's key; `ballot_key_changed` when the master key is not the one it was wrapped under. */
export function unwrapPollKey(master: Buffer, topicId: string, wrapped: string): Buffer {
  try {
    return gcmOpen(master, `poll key|${topicId}`, wrapped, 32);
  } catch {
    throw new AppError('ballot_key_changed');
  }
}

export interface OpenBallot {
  receipt: string;
  choices: string[];
}

function encode(receipt: string, choices: readonly string[], optionIds: readonly string[]): Buffer {
  if (receipt.length !== RECEIPT_LENGTH) throw new RangeError('receipt length');
  let mask = 0;
  for (const c of choices) {
    const i = optionIds.indexOf(c);
    if (i < 0 || i > 15) throw new RangeError(`choice ${c}`);
    mask |= 1 << i;
  }
  const out = Buffer.alloc(PLAIN_BYTES);
  out.write(receipt, 0, 'ascii');
  out.writeUInt16BE(mask, RECEIPT_LENGTH);
  return out;
}

function decode(plain: Buffer, optionIds: readonly string[]): OpenBallot {
  const receipt = plain.subarray(0, RECEIPT_LENGTH).toString('ascii');
  const mask = plain.readUInt16BE(RECEIPT_LENGTH);
  return { receipt, choices: optionIds.filter((_, i) => (mask >> i) & 1) };
}

/**
 * Seal one ballot for a unit of a poll, under the poll's key. `voteKey` is the vote's ballot key
 * H(ballot|topic|nonce|choices): it fixes the plaintext, so the IV derived from it never seals two.
 */
export function sealBallot(pollKey: Buffer, unitDocId: string, ballot: OpenBallot, optionIds: readonly string[], voteKey: string): string {
  const iv = createHmac('sha256', pollKey).update(`iv|${unitDocId}|${voteKey}`).digest().subarray(0, IV_BYTES);
  return gcmSeal(pollKey, unitDocId, encode(ballot.receipt, ballot.choices, optionIds), iv);
}

/** Open a sealed ballot; throws when it was not sealed under this poll's key for this unit. */
export function openBallot(pollKey: Buffer, unitDocId: string, sealed: string, optionIds: readonly string[]): OpenBallot {
  return decode(gcmOpen(pollKey, unitDocId, sealed, PLAIN_BYTES), optionIds);
}
