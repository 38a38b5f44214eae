/**
 * Storage (uploadFile → getTempFileURL → downloadFile → deleteFile, fileIDs cloud://env.bucket/path)
 * and openapi (msgSecCheck v2 verdicts from the local lexicon; subscribeMessage.send into the outbox),
 * each through the real SDK, from the test process and from inside a function.
 */
import { startTestEmulator, sdkFor, writeFunctions, removeDir, FUNCTION_PREAMBLE } from '../support/emulator';
import type { Emulator } from '../../emulator';
import { emulatorOnlyFile } from './target';

emulatorOnlyFile('runs throw-away functions and the emulator’s openapi lexicon and outbox');

let emu: Emulator;
let cloud: any;
let dir: string;

beforeAll(async () => {
  dir = writeFunctions({
    notify: {
      source: `${FUNCTION_PREAMBLE}
exports.main = async (event) => {
  const { OPENID } = cloud.getWXContext();
  const check = await cloud.openapi.security.msgSecCheck({ openid: OPENID, scene: 2, version: 2, content: event.text });
  const sent = await cloud.openapi.subscribeMessage.send({
    touser: OPENID, templateId: 'tpl-ticket', page: 'pages/grid/index',
    data: { thing1: { value: event.text.slice(0, 20) }, time2: { value: '2024-05-01 10:00' } },
  });
  const up = await cloud.uploadFile({ cloudPath: 'reports/' + OPENID + '.txt', fileContent: Buffer.from(event.text) });
  return { suggest: check.result.suggest, label: check.result.label, sent: sent.errCode, fileID: up.fileID };
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

describe('storage', () => {
  test('upload, temp URL, download, delete round trip', async () => {
    const content = Buffer.from('村口路灯坏了 🔦');
    const up = await cloud.uploadFile({ cloudPath: 'photos/路灯 1.txt', fileContent: content });
    expect(up.fileID).toBe(`cloud://${emu.envId}.${emu.storage.bucket}/photos/路灯 1.txt`);
    // (statusCode is -1: wx-server-sdk 4.0.2's uploadFile never fills it in, on CloudBase either)

    const urls = await cloud.getTempFileURL({ fileList: [up.fileID, `cloud://${emu.envId}.${emu.storage.bucket}/nope.txt`] });
    expect(urls.fileList[0]).toMatchObject({ fileID: up.fileID, status: 0, errMsg: 'ok' });
    expect(urls.fileList[1].status).toBe(-503003);
    const fetched = await fetch(encodeURI(urls.fileList[0].tempFileURL));
    expect(fetched.status).toBe(200);
    expect(Buffer.from(await fetched.arrayBuffer()).equals(content)).toBe(true);

    const down = await cloud.downloadFile({ fileID: up.fileID });
    expect(Buffer.from(down.fileContent).equals(content)).toBe(true);

    const del = await cloud.deleteFile({ fileList: [up.fileID] });
    expect(del.fileList).toEqual([{ fileID: up.fileID, status: 0, errMsg: 'ok' }]);
    // downloadFile rejects; wx-server-sdk 4.0.2 reports it with errCode -1 and the storage message
    await expect(cloud.downloadFile({ fileID: up.fileID })).rejects.toMatchObject({ errMsg: expect.stringMatching(/downloadFile:fail.*文件不存在/) });
    expect((await fetch(encodeURI(urls.fileList[0].tempFileURL))).status).toBe(404);
  });

  test('a temp URL with a forged signature is refused', async () => {
    const up = await cloud.uploadFile({ cloudPath: 'a/b.txt', fileContent: Buffer.from('x') });
    const { fileList } = await cloud.getTempFileURL({ fileList: [up.fileID] });
    const forged = fileList[0].tempFileURL.replace(/sign=[0-9a-f]+/, 'sign=00');
    expect((await fetch(forged)).status).toBe(404);
  });

  test('paths that climb out of the store are refused', async () => {
    await expect(cloud.uploadFile({ cloudPath: '../etc/passwd', fileContent: Buffer.from('x') })).rejects.toBeDefined();
  });
});

describe('openapi', () => {
  test.each([
    ['今天下午村委开会，请大家准时参加', 'pass', 100],
    ['兼职刷单返利，日结三百', 'risky', 20008],
    ['把钱转到安全账户就没事了', 'risky', 20008],
    ['内部渠道，稳赚不赔', 'review', 20008],
    ['扫码进群领鸡蛋', 'review', 10001],
  ])('msgSecCheck v2 on "%s" → %s / %d', async (content, suggest, label) => {
    const res = await cloud.openapi.security.msgSecCheck({ openid: 'o-writer', scene: 2, version: 2, content });
    expect(res.errCode).toBe(0);
    expect(res.result).toEqual({ suggest, label });
    expect(res.detail[0]).toMatchObject({ strategy: 'content_model', suggest, label });
    expect(typeof res.traceId).toBe('string');
  });

  test('msgSecCheck v2 without openid or with a bad scene fails like WeChat', async () => {
    await expect(cloud.openapi.security.msgSecCheck({ scene: 2, version: 2, content: 'x' })).rejects.toMatchObject({ errCode: 40003 });
    await expect(cloud.openapi.security.msgSecCheck({ openid: 'o', scene: 9, version: 2, content: 'x' })).rejects.toMatchObject({ errCode: 40097 });
  });

  test('msgSecCheck v1 answers 87014 for risky content', async () => {
    await expect(cloud.openapi.security.msgSecCheck({ content: '刷单返利' })).rejects.toMatchObject({ errCode: 87014 });
    expect((await cloud.openapi.security.msgSecCheck({ content: '你好' })).errCode).toBe(0);
  });

  test('subscribeMessage.send lands in the outbox, visible in /dev/outbox as JSON and HTML', async () => {
    const before = emu.outbox().length;
    const res = await cloud.openapi.subscribeMessage.send({
      touser: 'o-resident',
      templateId: 'tpl-1',
      page: 'pages/index/index',
      data: { thing1: { value: '您的上报已受理' } },
      miniprogramState: 'developer',
    });
    expect(res.errCode).toBe(0);
    const list = emu.outbox();
    expect(list).toHaveLength(before + 1);
    expect(list[list.length - 1]).toMatchObject({ to: 'o-resident', templateId: 'tpl-1', page: 'pages/index/index', data: { thing1: { value: '您的上报已受理' } }, miniprogramState: 'developer' });
    expect(Math.abs(list[list.length - 1].at - emu.clock.now())).toBeLessThan(2000);
    const json = await fetch(`${emu.url}/dev/outbox`).then((r) => r.json());
    expect(json.messages.at(-1).templateId).toBe('tpl-1');
    const html = await fetch(`${emu.url}/dev/outbox`, { headers: { accept: 'text/html' } }).then((r) => r.text());
    expect(html).toContain('您的上报已受理');
  });

  test('subscribeMessage.send without a template or with bad data fails like WeChat', async () => {
    await expect(cloud.openapi.subscribeMessage.send({ touser: 'o', data: { a: { value: 1 } } })).rejects.toMatchObject({ errCode: 40037 });
    await expect(cloud.openapi.subscribeMessage.send({ touser: 'o', templateId: 't', data: { a: 1 } })).rejects.toMatchObject({ errCode: 47003 });
  });

  test('an openapi the emulator does not implement answers 48001', async () => {
    await expect(cloud.openapi.wxacode.getUnlimited({ scene: 'x' })).rejects.toMatchObject({ errCode: 48001 });
  });

  test('inside a function: msgSecCheck, subscribe message and upload all work for the caller', async () => {
    const out = await emu.invoke('notify', { text: '刷单返利，加我' }, { openid: 'o-fn' });
    expect(out.result).toEqual({ suggest: 'risky', label: 20008, sent: 0, fileID: `cloud://${emu.envId}.${emu.storage.bucket}/reports/o-fn.txt` });
    expect(emu.outbox().at(-1)).toMatchObject({ to: 'o-fn', templateId: 'tpl-ticket' });
  });
});
