/**
 * The sealed ballot. A vote's one write marks its roll unit AND carries its ballot — so that write must not
 * show the ballot to anyone who reads the database's history (the SQLite WAL, CloudBase's operation log):
 * the ballot is sealed with a key the database never holds, and opened only when the poll is counted, all
 * ballots at once, into a box sorted by receipt (see tally.ts).
 *
 * The key: `CUNQUN_BALLOT_KEY` in the deliberation function's environment — 32 random bytes, base64. On
 * CloudBase it is set once in the function's configuration (云开发控制台 → 云函数 → deliberation → 函数配置 →
 * 环境变量), never in the repository or the database; locally the emulator hands the function the key kept
 * beside the data folder, not inside it (demo/deliberation-key.ts). Each poll seals under its own key,
 * HKDF(master, topic), and records a key id (not the key) so that a count under another key stops with a
 * clear error instead of a wrong result.
 *
 * What is sealed has one length whatever the choice (AES-256-GCM over 12 bytes: the receipt and a bitmask
 * of the options), so a ciphertext's size says nothing either; every seal has a fresh random IV, so two
 * equal ballots look different. The unit's id is bound in as associated data: a sealed ballot opens only
 * on the unit that cast it.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
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

function pollKey(master: Buffer, topicId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.from(topicId, 'utf8'), Buffer.from('cunqun ballot seal v1', 'utf8'), 32));
}

/** Names the key a poll was sealed under without revealing it (8 hex characters). */
export function keyIdOf(master: Buffer): string {
  return createHash('sha256').update('cunqun ballot key id|').update(master).digest('hex').slice(0, 8);
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

/** Seal one ballot for a unit of a poll. */
export function sealBallot(master: Buffer, topicId: string, unitDocId: string, ballot: OpenBallot, optionIds: readonly string[]): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', pollKey(master, topicId), iv);
  cipher.setAAD(Buffer.from(unitDocId, 'utf8'));
  const body = Buffer.concat([cipher.update(encode(ballot.receipt, ballot.choices, optionIds)), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

/** Open a sealed ballot; throws when it was not sealed under this key for this unit. */
export function openBallot(master: Buffer, topicId: string, unitDocId: string, sealed: string, optionIds: readonly string[]): OpenBallot {
  const raw = Buffer.from(sealed, 'base64url');
  if (raw.length !== IV_BYTES + PLAIN_BYTES + TAG_BYTES) throw new RangeError('sealed ballot length');
  const decipher = createDecipheriv('aes-256-gcm', pollKey(master, topicId), raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(unitDocId, 'utf8'));
  decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
  const plain = Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]);
  return decode(plain, optionIds);
}
