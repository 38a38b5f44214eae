/**
 * Invite codes: 6 characters a villager can read aloud and type (no 0/O, 1/I/L), derived from the
 * request so a retried createInvite finds the code it made. Three candidates per request, read in the
 * same round trip as the caller: the first free one is taken.
 */
import { createHash } from 'node:crypto';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'; // 31 symbols: ~887 million codes of 6
export const CODE_LENGTH = 6;
export const CODE_CANDIDATES = 3;

export function codeFrom(seed: string): string {
  const bytes = createHash('sha256').update(seed).digest();
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[bytes[i] % ALPHABET.length];
  return code;
}

export function candidateCodes(seed: string): string[] {
  return Array.from({ length: CODE_CANDIDATES }, (_, k) => codeFrom(`${seed}#${k}`));
}
