/**
 * An emulator in a process of its own, seeded with the demo township, for load tests: the load generator
 * then runs beside it as a client would, instead of sharing the emulator's event loop. Prints one JSON
 * line `{ url, serviceUrl, envId }` when ready; stops on SIGTERM.
 */
import { startDemoEmulator } from '../../demo/start-demo';

async function main(): Promise<void> {
  const { emu } = await startDemoEmulator();
  process.stdout.write(`${JSON.stringify({ url: emu.url, serviceUrl: emu.serviceUrl, envId: emu.envId })}\n`);
  process.on('SIGTERM', () => void emu.close().then(() => process.exit(0)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
