/**
 * `wx.openApi` calls (cloud.openapi.*): the SDK posts multipart/form-data whose `requestData` is a
 * protobuf CommApiData holding the snake_case parameters as JSON values; WeChat's JSON answer goes back
 * wrapped in a protobuf CommOpenApiResp. Implemented: security.msgSecCheck (v1 and v2) against the local
 * lexicon, subscribeMessage.send into the outbox, and cloud.getOpenData (apiName ApiGetOpenDataByCloudId,
 * a "svrkit" call: CloudIDs in, each one's open data as JSON out — emulator/cloudid.ts). Anything else
 * answers 48001 (api unauthorized).
 */
import { randomBytes } from 'node:crypto';
import { openData } from '../cloudid';
import { checkText } from '../openapi/lexicon';
import { decodeCommApiData, decodeOpenDataRequest, encodeCommOpenApiResp, encodeOpenDataResponse } from '../openapi/protobuf';
import type { SqliteStore } from '../store/sqlite-store';

export interface OpenApiContext {
  now: number;
  /** the caller's openid, when the call came from a function invocation */
  callerOpenid?: string;
}

type WxAnswer = Record<string, unknown> & { errcode: number; errmsg: string };

const MSG_SEC_CHECK_MAX_CHARS = 2500;

export class OpenApiWire {
  constructor(private readonly store: SqliteStore) {}

  /** Returns the protobuf body for the HTTP answer. Throws on a requestData that is not protobuf. */
  handle(apiName: string, requestData: Buffer, ctx: OpenApiContext): Buffer {
    const decoded = decodeCommApiData(requestData);
    if (apiName === 'ApiGetOpenDataByCloudId' || decoded.svrkit?.apiName === 'ApiGetOpenDataByCloudId') {
      const cloudIds = decodeOpenDataRequest(decoded.svrkit?.reqData ?? Buffer.alloc(0));
      const items = cloudIds.map((cloudId) => ({ cloudId, json: JSON.stringify(openData(cloudId)) }));
      return encodeCommOpenApiResp({ respData: encodeOpenDataResponse(items), contentType: 'application/octet-stream', httpCode: 200 });
    }
    const params: Record<string, unknown> = {};
    for (const pair of decoded.pairs) {
      const text = pair.value.toString('utf8');
      try {
        params[pair.key] = JSON.parse(text);
      } catch {
        params[pair.key] = text;
      }
    }
    const answer = this.dispatch(apiName, params, ctx);
    return encodeCommOpenApiResp({ respData: Buffer.from(JSON.stringify(answer)), contentType: 'application/json; charset=utf-8', httpCode: 200 });
  }

  dispatch(apiName: string, params: Record<string, unknown>, ctx: OpenApiContext): WxAnswer {
    switch (apiName) {
      case 'security.msgSecCheck':
        return this.msgSecCheck(params);
      case 'subscribeMessage.send':
        return this.subscribeMessageSend(params, ctx);
      default:
        return { errcode: 48001, errmsg: `api unauthorized: 本地模拟器未实现 openapi.${apiName}` };
    }
  }

  private msgSecCheck(params: Record<string, unknown>): WxAnswer {
    const content = params.content;
    if (typeof content !== 'string' || content.length === 0) return { errcode: 40097, errmsg: 'invalid args: content 不能为空' };
    if ([...content].length > MSG_SEC_CHECK_MAX_CHARS) return { errcode: 40097, errmsg: `invalid args: content 超过 ${MSG_SEC_CHECK_MAX_CHARS} 字` };
    const verdict = checkText(content);
    if (params.version !== 2 && params.version !== '2') {
      // v1: only errcode 0 or 87014
      return verdict.suggest === 'risky' ? { errcode: 87014, errmsg: 'risky content' } : { errcode: 0, errmsg: 'ok' };
    }
    if (typeof params.openid !== 'string' || params.openid.length === 0) return { errcode: 40003, errmsg: 'invalid openid' };
    const scene = Number(params.scene);
    if (![1, 2, 3, 4].includes(scene)) return { errcode: 40097, errmsg: 'invalid args: scene 只能是 1 资料 / 2 评论 / 3 论坛 / 4 社交日志' };
    return {
      errcode: 0,
      errmsg: 'ok',
      result: { suggest: verdict.suggest, label: verdict.label },
      detail: verdict.detail,
      trace_id: randomBytes(12).toString('hex'),
    };
  }

  private subscribeMessageSend(params: Record<string, unknown>, ctx: OpenApiContext): WxAnswer {
    const to = params.touser;
    if (typeof to !== 'string' || !to) return { errcode: 40003, errmsg: 'invalid openid: touser 不能为空' };
    const templateId = params.template_id;
    if (typeof templateId !== 'string' || !templateId) return { errcode: 40037, errmsg: 'invalid template_id' };
    const data = params.data;
    if (!data || typeof data !== 'object' || Array.isArray(data)) return { errcode: 47003, errmsg: 'argument invalid! data 必须是对象' };
    for (const [key, item] of Object.entries(data as Record<string, unknown>)) {
      if (!item || typeof item !== 'object' || !('value' in (item as object))) return { errcode: 47003, errmsg: `argument invalid! data.${key}.value invalid` };
    }
    const msgid = this.store.addOutbox({
      to,
      templateId,
      page: typeof params.page === 'string' ? params.page : null,
      data,
      miniprogramState: typeof params.miniprogram_state === 'string' ? params.miniprogram_state : null,
      lang: typeof params.lang === 'string' ? params.lang : null,
      at: ctx.now,
    });
    return { errcode: 0, errmsg: 'ok', msgid };
  }
}
