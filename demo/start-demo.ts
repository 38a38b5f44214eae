/**
 * The emulator with the app's collections, the built functions and the dev-login personas, the demo
 * township seeded through wx-server-sdk (the same wire the functions use). npm start, the bench modules
 * and the bench's emulator process all start from here; only their options differ.
 */
import { join } from 'node:path';
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator';
import { collections } from '../server/collections';
import { deliberationFunctionEnv } from './deliberation-key';
import { personas } from './personas';
import { seedDemo, type SeedResult } from './seed';

const ROOT = join(__dirname, '..');

/** A wx-server-sdk instance in this process, pointed at the emulator (no metadata lookups: TENCENTCLOUD). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function sdkFor(emu: Pick<Emulator, 'envId' | 'serviceUrl'>): any {
  process.env.TENCENTCLOUD = 'true';
  process.env.SILENCE = 'true';
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const cloud = require('wx-server-sdk');
  return cloud.createNewInstance({ env: emu.envId, serviceUrl: emu.serviceUrl, secretId: 'local', secretKey: 'local' });
}

export interface DemoEmulator {
  emu: Emulator;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  sdk: any;
  seed: SeedResult;
}

/** Defaults: a random port, in memory, cloudfunctions/, timers run by hand. */
export async function startDemoEmulator(options: Partial<EmulatorOptions> = {}): Promise<DemoEmulator> {
  // the ballot key as the function's environment holds it on CloudBase: beside the data folder, never in it
  const functionEnv = { ...deliberationFunctionEnv(options.dataDir ?? null), ...options.functionEnv };
  const emu = await startEmulator({ port: 0, dataDir: null, functionsDir: join(ROOT, 'cloudfunctions'), collections, personas, timers: 'manual', ...options, functionEnv });
  try {
    const sdk = sdkFor(emu);
    const seed = await seedDemo(sdk.database(), emu.clock.now());
    return { emu, sdk, seed };
  } catch (error) {
    await emu.close();
    throw error;
  }
}
