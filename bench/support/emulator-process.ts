/**
 * An emulator in a process of its own, seeded with the demo township, for load tests: the load generator
 * then runs beside it as a client would, instead of sharing the emulator's event loop. Prints one JSON
 * line `{ url, serviceUrl, envId }` when ready; stops on SIGTERM.
 */
import { join } from 'node:path';
import { startEmulator } from '../../emulator';
import { collections } from '../../server/collections';
import { personas, seedDemo } from '../../demo';

async function main(): Promise<void> {
  const emu = await startEmulator({ port: 0, dataDir: null, functionsDir: join(__dirname, '..', '..', 'cloudfunctions'), collections, personas, timers: 'manual' });
  process.env.TENCENTCLOUD = 'true';
  process.env.SILENCE = 'true';
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const cloud = require('wx-server-sdk');
  await seedDemo(cloud.createNewInstance({ env: emu.envId, serviceUrl: emu.serviceUrl, secretId: 'local', secretKey: 'local' }).database(), emu.clock.now());
  process.stdout.write(`${JSON.stringify({ url: emu.url, serviceUrl: emu.serviceUrl, envId: emu.envId })}\n`);
  process.on('SIGTERM', () => void emu.close().then(() => process.exit(0)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
