/**
 * The ballot key locally (server/deliberation/seal.ts): what CloudBase keeps in the deliberation function's
 * environment variables, the local emulator gets from here — never from the database or the data folder:
 *   - `CUNQUN_BALLOT_KEY` already in this process's environment: that one;
 *   - a persistent data folder (npm start's .data/): a key file BESIDE it, `<folder>-secrets/ballot.key`
 *     (made once, mode 600, git-ignored), so a copy of the data folder alone opens no ballot and polls
 *     survive a restart;
 *   - in memory (tests, the bench): a fresh key for this process — the data dies with it.
 * The key is also set in this process's environment: the demo seed runs the deliberation commands here.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

const ENV_KEY = 'CUNQUN_BALLOT_KEY';

/** Where the key of a persistent data folder lives: next to it, not in it. */
export function ballotKeyFile(dataDir: string): string {
  const dir = resolve(dataDir);
  return join(dirname(dir), `${basename(dir)}-secrets`, 'ballot.key');
}

export function localBallotKey(dataDir: string | null = null): string {
  const set = process.env[ENV_KEY];
  if (set) return set;
  let key: string;
  if (dataDir) {
    const file = ballotKeyFile(dataDir);
    if (existsSync(file)) {
      key = readFileSync(file, 'utf8').trim();
    } else {
      key = randomBytes(32).toString('base64');
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      writeFileSync(file, `${key}\n`, { mode: 0o600 });
    }
  } else {
    key = randomBytes(32).toString('base64');
  }
  process.env[ENV_KEY] = key;
  return key;
}

/** The emulator's `functionEnv` for the deliberation function. */
export function deliberationFunctionEnv(dataDir: string | null = null): Record<string, Record<string, string>> {
  return { deliberation: { [ENV_KEY]: localBallotKey(dataDir) } };
}
