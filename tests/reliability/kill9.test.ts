/**
 * The emulator's own store survives kill -9 (quick version: 3 kills; `npm run reliability:long` does 20):
 * every acknowledged write and upload is there, batches are whole or absent, the SQLite file passes its
 * integrity check, no stored file is half written. See support/kill9.ts.
 */
import { runKill9 } from './support/kill9';

jest.setTimeout(120_000);

test('kill -9 during a write load loses no acknowledged write and corrupts nothing', async () => {
  const f = await runKill9(3);
  expect(f.kills).toBe(3);
  expect(f.acked_writes).toBeGreaterThan(0);
  expect(f.acked_uploads).toBeGreaterThan(0);
  expect({ lost: f.lost_acked_writes, partialBatches: f.partial_batches, integrity: f.integrity_failures, lostUploads: f.lost_acked_uploads, partialFiles: f.partial_files }).toEqual({
    lost: 0,
    partialBatches: 0,
    integrity: 0,
    lostUploads: 0,
    partialFiles: 0,
  });
});
