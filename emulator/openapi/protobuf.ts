/**
 * The few protobuf messages of wx-server-sdk's openapi wire (field numbers from the SDK's own
 * src/protobuf/openapi.js):
 *   CommApiData   { 1 apiType int32, 2 openapiData OpenApiData, 6 appid string }
 *   OpenApiData   { 1 pairs repeated KeyValuePair }
 *   KeyValuePair  { 1 key string, 2 value bytes, 3 contenttype string, 4 filename string }
 *   CommOpenApiResp { 1 respData bytes, 2 contentType string, 3 errorCode int32, 4 httpCode uint32, 6 svrkitErrorCode int32 }
 * and, for cloud.getOpenData (a "svrkit" call: CommApiData.apiType 2, its data in field 4):
 *   SvrkitApiData { 1 apiName string, 2 reqData bytes }
 *   ApiGetOpenDataByCloudIdReq { 2 cloudidList repeated string, 3 appid string }
 *   ApiGetOpenDataByCloudIdResp { 1 dataList repeated OpDataItem }   OpDataItem { 1 cloudId string, 2 json string }
 */

interface RawField {
  no: number;
  wire: number;
  value: number | Buffer;
}

function readVarint(buf: Buffer, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    if (pos >= buf.length) throw new Error('protobuf: truncated varint');
    const byte = buf[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [result, pos];
    shift += 7;
    if (shift > 63) throw new Error('protobuf: varint too long');
  }
}

function readFields(buf: Buffer): RawField[] {
  const out: RawField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [tag, p1] = readVarint(buf, pos);
    pos = p1;
    const no = Math.floor(tag / 8);
    const wire = tag & 7;
    if (wire === 0) {
      const [v, p2] = readVarint(buf, pos);
      pos = p2;
      out.push({ no, wire, value: v });
    } else if (wire === 2) {
      const [len, p2] = readVarint(buf, pos);
      if (p2 + len > buf.length) throw new Error('protobuf: truncated bytes');
      out.push({ no, wire, value: buf.subarray(p2, p2 + len) });
      pos = p2 + len;
    } else if (wire === 1) {
      out.push({ no, wire, value: buf.subarray(pos, pos + 8) });
      pos += 8;
    } else if (wire === 5) {
      out.push({ no, wire, value: buf.subarray(pos, pos + 4) });
      pos += 4;
    } else {
      throw new Error(`protobuf: unsupported wire type ${wire}`);
    }
  }
  return out;
}

export interface KeyValuePair {
  key: string;
  value: Buffer;
}

export interface CommApiData {
  apiType: number;
  pairs: KeyValuePair[];
  appid: string;
  /** a svrkit call's own name and request (field 4), when there is one */
  svrkit?: { apiName: string; reqData: Buffer };
}

export function decodeCommApiData(buf: Buffer): CommApiData {
  const msg: CommApiData = { apiType: 0, pairs: [], appid: '' };
  for (const f of readFields(buf)) {
    if (f.no === 1 && f.wire === 0) msg.apiType = f.value as number;
    else if (f.no === 6 && f.wire === 2) msg.appid = (f.value as Buffer).toString('utf8');
    else if (f.no === 4 && f.wire === 2) {
      const svrkit = { apiName: '', reqData: Buffer.alloc(0) };
      for (const sf of readFields(f.value as Buffer)) {
        if (sf.no === 1 && sf.wire === 2) svrkit.apiName = (sf.value as Buffer).toString('utf8');
        else if (sf.no === 2 && sf.wire === 2) svrkit.reqData = Buffer.from(sf.value as Buffer);
      }
      msg.svrkit = svrkit;
    }
    else if (f.no === 2 && f.wire === 2) {
      for (const pf of readFields(f.value as Buffer)) {
        if (pf.no !== 1 || pf.wire !== 2) continue;
        const pair: KeyValuePair = { key: '', value: Buffer.alloc(0) };
        for (const kv of readFields(pf.value as Buffer)) {
          if (kv.no === 1 && kv.wire === 2) pair.key = (kv.value as Buffer).toString('utf8');
          else if (kv.no === 2 && kv.wire === 2) pair.value = Buffer.from(kv.value as Buffer);
        }
        msg.pairs.push(pair);
      }
    }
  }
  return msg;
}

function writeVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

function lengthDelimited(no: number, data: Buffer): Buffer {
  const head: number[] = [];
  writeVarint(head, no * 8 + 2);
  writeVarint(head, data.length);
  return Buffer.concat([Buffer.from(head), data]);
}

function varintField(no: number, value: number): Buffer {
  const bytes: number[] = [];
  writeVarint(bytes, no * 8);
  writeVarint(bytes, value);
  return Buffer.from(bytes);
}

export function encodeCommOpenApiResp(resp: { respData: Buffer; contentType: string; errorCode?: number; httpCode?: number; svrkitErrorCode?: number }): Buffer {
  const parts = [lengthDelimited(1, resp.respData), lengthDelimited(2, Buffer.from(resp.contentType, 'utf8'))];
  if (resp.errorCode) parts.push(varintField(3, resp.errorCode >>> 0));
  parts.push(varintField(4, resp.httpCode ?? 200));
  if (resp.svrkitErrorCode) parts.push(varintField(6, resp.svrkitErrorCode >>> 0));
  return Buffer.concat(parts);
}

/** The CloudIDs of an ApiGetOpenDataByCloudIdReq. */
export function decodeOpenDataRequest(buf: Buffer): string[] {
  return readFields(buf)
    .filter((f) => f.no === 2 && f.wire === 2)
    .map((f) => (f.value as Buffer).toString('utf8'));
}

/** An ApiGetOpenDataByCloudIdResp: one item per CloudID, its open data as a JSON string. */
export function encodeOpenDataResponse(items: { cloudId: string; json: string }[]): Buffer {
  return Buffer.concat(items.map((i) => lengthDelimited(1, Buffer.concat([lengthDelimited(1, Buffer.from(i.cloudId, 'utf8')), lengthDelimited(2, Buffer.from(i.json, 'utf8'))]))));
}

/** For tests: encode a CommApiData the way the SDK does. */
export function encodeCommApiData(msg: CommApiData): Buffer {
  const pairs = msg.pairs.map((p) => lengthDelimited(1, Buffer.concat([lengthDelimited(1, Buffer.from(p.key)), lengthDelimited(2, p.value)])));
  return Buffer.concat([varintField(1, msg.apiType), lengthDelimited(2, Buffer.concat(pairs)), lengthDelimited(6, Buffer.from(msg.appid))]);
}
