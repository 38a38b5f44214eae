/**
 * The browser build's storage routes: an upload needs a session, lands where the SDK's storage calls
 * find it, and the file is served back by fileID.
 */
import { devLogin, sdkFor, startTestEmulator } from '../support/emulator';
import type { Emulator } from '../../emulator';
import { emulatorOnlyFile } from './target';

emulatorOnlyFile('the emulator’s H5 storage routes');

let emu: Emulator;
beforeAll(async () => {
  emu = await startTestEmulator({ functionsDir: null, personas: [{ id: 'resident', label: '村民', openid: 'o-resident', description: '' }] });
});
afterAll(() => emu.close());

async function upload(token: string | null, cloudPath: string, body: Buffer) {
  return fetch(`${emu.url}/api/storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, {
    method: 'POST',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body: new Uint8Array(body),
  });
}

test('an upload with a session answers a fileID that the SDK and the file route both see', async () => {
  const { token } = await devLogin(emu, { personaId: 'resident' });
  const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
  const res = await upload(token, 'photo/2026-11/pipe.jpg', photo);
  expect(res.status).toBe(200);
  const { fileID } = (await res.json()) as { fileID: string };
  expect(fileID).toMatch(/^cloud:\/\/.+\/photo\/2026-11\/pipe\.jpg$/);

  const served = await fetch(`${emu.url}/api/storage/file?fileID=${encodeURIComponent(fileID)}`);
  expect(served.status).toBe(200);
  expect(served.headers.get('content-type')).toBe('image/jpeg');
  expect(Buffer.from(await served.arrayBuffer())).toEqual(photo);

  const downloaded = await sdkFor(emu).downloadFile({ fileID });
  expect(Buffer.from(downloaded.fileContent)).toEqual(photo);
});

test('no session, a bad path or an empty file is refused and nothing is stored', async () => {
  expect((await upload(null, 'photo/a.jpg', Buffer.from('x'))).status).toBe(401);
  const { token } = await devLogin(emu, { personaId: 'resident' });
  expect((await upload(token, '../etc/passwd', Buffer.from('x'))).status).toBe(400);
  expect((await upload(token, 'photo/empty.jpg', Buffer.alloc(0))).status).toBe(400);
  for (const path of ['photo/a.jpg', 'photo/empty.jpg']) {
    expect(emu.storage.read(path)).toBeNull();
  }
  const missing = await fetch(`${emu.url}/api/storage/file?fileID=${encodeURIComponent('cloud://nope/x.jpg')}`);
  expect(missing.status).toBe(404);
});
