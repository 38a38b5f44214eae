/**
 * cloud.getOpenData({ list }) through the real wx-server-sdk 4.0.2 against the emulator (issue 16, finding 5):
 * the SDK sends `wx.openApi` with apiName ApiGetOpenDataByCloudId, a svrkit CommApiData holding an
 * ApiGetOpenDataByCloudIdReq; the answer is a CommOpenApiResp whose respData is an
 * ApiGetOpenDataByCloudIdResp (one JSON string per CloudID). Dev CloudIDs: `dev-opengid:<GID>`, `dev-phone:<n>`.
 */
import { startTestEmulator, sdkFor, writeFunctions, removeDir, FUNCTION_PREAMBLE } from '../support/emulator';
import type { Emulator } from '../../emulator';
import { emulatorOnlyFile } from './target';

emulatorOnlyFile('dev CloudIDs exist only in the emulator');

let emu: Emulator;
let cloud: any; // eslint-disable-line @typescript-eslint/no-explicit-any
let dir: string;

beforeAll(async () => {
  dir = writeFunctions({
    opendata: {
      source: `${FUNCTION_PREAMBLE}
exports.main = async (event) => {
  const res = await cloud.getOpenData({ list: event.list });
  return { list: res.list, errCode: res.errCode, event };
};`,
    },
  });
  emu = await startTestEmulator({ functionsDir: dir, collections: [] });
  cloud = sdkFor(emu);
});

afterAll(async () => {
  await emu.close();
  removeDir(dir);
});

test('the SDK resolves dev CloudIDs, and a made-up one answers as invalid', async () => {
  const res = await cloud.getOpenData({ list: ['dev-opengid:G-123', 'dev-phone:13800001111', 'made-up'] });
  expect(res.errCode).toBe(0);
  expect(res.list).toEqual([
    { cloudID: 'dev-opengid:G-123', data: { opengid: 'G-123' } },
    { cloudID: 'dev-phone:13800001111', data: { phoneNumber: '13800001111', purePhoneNumber: '13800001111', countryCode: '86' } },
    expect.objectContaining({ cloudID: 'made-up', errCode: -601006 }),
  ]);
});

test('from inside a function, the event keeps what the client sent and getOpenData says what a CloudID is', async () => {
  const out = await emu.invoke('opendata', { list: ['dev-opengid:G-9'], group: { cloudID: 'dev-opengid:G-9', data: { opengid: 'G-forged' } } }, { openid: 'o-1' });
  expect(out.result).toMatchObject({ list: [{ cloudID: 'dev-opengid:G-9', data: { opengid: 'G-9' } }], errCode: 0, event: { group: { data: { opengid: 'G-forged' } } } });
});
