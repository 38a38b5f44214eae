/** The stored-document codec and the openapi protobuf framing, pinned directly. */
import { decodeStored, encodeStored } from '../../emulator/ejson';
import { decodeCommApiData, encodeCommApiData, encodeCommOpenApiResp } from '../../emulator/openapi/protobuf';
import { parseMultipart } from '../../emulator/http/multipart';
import { checkText } from '../../emulator/openapi/lexicon';
import { emulatorOnlyFile } from './target';

emulatorOnlyFile('the emulator’s own codecs, no server involved');

test('documents round-trip: dates (also before 1970), nested arrays, NaN, big numbers, unicode', () => {
  const doc = {
    _id: 'x',
    at: new Date('2024-05-01T00:00:00.123Z'),
    old: new Date(-86_400_000),
    list: [{ d: new Date(0) }, 1, 'a', null, true],
    nan: NaN,
    big: 2 ** 53 - 1,
    text: '村口 "路灯" \\ $date',
  };
  const back = decodeStored(encodeStored(doc));
  expect(back.at).toEqual(doc.at);
  expect(back.old).toEqual(doc.old);
  expect(back.list[0].d).toEqual(new Date(0));
  expect(back.nan).toBeNaN();
  expect(back).toEqual({ ...doc, nan: NaN });
});

test('the SDK-style CommApiData decodes to its pairs; the answer frame carries the JSON', () => {
  const buf = encodeCommApiData({ apiType: 1, appid: 'wx1', pairs: [{ key: 'content', value: Buffer.from('"你好"') }, { key: 'scene', value: Buffer.from('2') }] });
  const msg = decodeCommApiData(buf);
  expect(msg).toEqual({ apiType: 1, appid: 'wx1', pairs: [{ key: 'content', value: Buffer.from('"你好"') }, { key: 'scene', value: Buffer.from('2') }] });
  const resp = encodeCommOpenApiResp({ respData: Buffer.from('{"errcode":0}'), contentType: 'application/json' });
  expect(resp.includes(Buffer.from('{"errcode":0}'))).toBe(true);
  expect(() => decodeCommApiData(Buffer.from([0x0a, 0xff]))).toThrow();
});

test('multipart fields keep binary bytes intact', () => {
  const bin = Buffer.from([0, 1, 2, 0x0d, 0x0a, 0xff]);
  const body = Buffer.concat([
    Buffer.from('--B\r\nContent-Disposition: form-data; name="action"\r\n\r\nwx.openApi\r\n--B\r\nContent-Disposition: form-data; name="requestData"\r\n\r\n'),
    bin,
    Buffer.from('\r\n--B--\r\n'),
  ]);
  const fields = parseMultipart(body, 'multipart/form-data; boundary=B')!;
  expect(fields.get('action')!.toString()).toBe('wx.openApi');
  expect(fields.get('requestData')!.equals(bin)).toBe(true);
  expect(parseMultipart(Buffer.from('nothing'), 'multipart/form-data; boundary=B')).toBeNull();
});

test('lexicon: risky beats review, and every hit is listed in detail', () => {
  const v = checkText('内部渠道，刷单返利');
  expect([v.suggest, v.label]).toEqual(['risky', 20008]);
  expect(v.detail.filter((d) => d.strategy === 'keyword').map((d) => d.keyword).sort()).toEqual(['内部渠道', '刷单返利'].sort());
});
