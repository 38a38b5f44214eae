/**
 * An emulator in its own process over a data folder (argv[2]), for kill -9 tests: prints one JSON line
 * `{ serviceUrl, envId }` once it listens, then serves until it is killed.
 */
import { startEmulator } from '../../../emulator';

startEmulator({ port: 0, dataDir: process.argv[2], functionsDir: null, collections: [{ name: 'kill9' }], timers: 'manual' })
  .then((emu) => process.stdout.write(`${JSON.stringify({ serviceUrl: emu.serviceUrl, envId: emu.envId })}\n`))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
