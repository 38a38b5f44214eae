/**
 * The openapi port: content security (msgSecCheck v2), subscribe messages and open data (what a CloudID
 * stands for: a share card's group, a phone number). The cloud adapter calls wx-server-sdk's
 * `cloud.openapi` and `cloud.getOpenData` (the emulator stands in locally); unit tests pass a fake.
 */
import { AppError } from './errors';

export interface SecCheckResult {
  /** pass | review | risky */
  suggest: 'pass' | 'review' | 'risky';
  /** WeChat's label: 100 normal, 20001 politics, 20002 porn, 20006 crime, 20008 fraud … */
  label: number;
}

export interface SubscribeMessage {
  touser: string;
  templateId: string;
  page?: string;
  data: Record<string, { value: string }>;
}

/** One CloudID as WeChat resolved it: `data` (the open data), or an error code for an invalid / expired one. */
export interface OpenDataItem {
  cloudID: string;
  data?: Record<string, unknown>;
  errCode?: number;
}

export interface OpenApi {
  /** scene: 1 资料, 2 评论, 3 论坛, 4 社交日志 */
  msgSecCheck(input: { openid: string; content: string; scene: 1 | 2 | 3 | 4 }): Promise<SecCheckResult>;
  sendSubscribe(message: SubscribeMessage): Promise<void>;
  /** cloud.getOpenData({ list }): what each CloudID stands for, asked of WeChat by the server */
  getOpenData(cloudIDs: string[]): Promise<OpenDataItem[]>;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
export function createCloudOpenApi(cloud: any): OpenApi {
  return {
    async msgSecCheck({ openid, content, scene }) {
      const res = await cloud.openapi.security.msgSecCheck({ openid, scene, version: 2, content });
      const result = res?.result ?? {};
      return { suggest: result.suggest ?? 'pass', label: Number(result.label ?? 100) };
    },
    async sendSubscribe(m) {
      await cloud.openapi.subscribeMessage.send({ touser: m.touser, templateId: m.templateId, page: m.page, data: m.data });
    },
    async getOpenData(cloudIDs) {
      const res = await cloud.getOpenData({ list: cloudIDs });
      return (res?.list ?? []) as OpenDataItem[];
    },
  };
}

/**
 * Open data as the local emulator's WeChat gives it (emulator/cloudid.ts): `dev-opengid:<GID>` a share
 * card's group, `dev-phone:<number>` a phone number; anything else is an invalid CloudID.
 */
export function devOpenData(cloudID: string): OpenDataItem {
  if (cloudID.startsWith('dev-opengid:')) return { cloudID, data: { opengid: cloudID.slice('dev-opengid:'.length) } };
  if (cloudID.startsWith('dev-phone:')) {
    const phone = cloudID.slice('dev-phone:'.length);
    return { cloudID, data: { phoneNumber: phone, purePhoneNumber: phone, countryCode: '86' } };
  }
  return { cloudID, errCode: -601006 };
}

/**
 * The group a share card stands for, resolved by WeChat from its CloudID — never read from fields the
 * client sent beside it (a card's `data` arrives as plain JSON anyone can write). `opengid` from
 * wx.getGroupEnterInfo, `openGId` from the older wx.getShareInfo.
 */
export async function openGIdOf(ctx: { openapi: OpenApi }, card: { cloudID: string }): Promise<string> {
  let items: OpenDataItem[];
  try {
    items = await ctx.openapi.getOpenData([card.cloudID]);
  } catch {
    throw new AppError('group_card_invalid');
  }
  const data = (items.find((i) => i.cloudID === card.cloudID) ?? items[0])?.data;
  const openGId = data?.openGId ?? data?.opengid;
  if (typeof openGId !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(openGId)) throw new AppError('group_card_invalid');
  return openGId;
}

/** An openapi that passes every text and records messages — for unit tests and tools. */
export function createFakeOpenApi(risky: string[] = []): OpenApi & { sent: SubscribeMessage[]; checked: string[] } {
  const sent: SubscribeMessage[] = [];
  const checked: string[] = [];
  return {
    sent,
    checked,
    async msgSecCheck({ content }) {
      checked.push(content);
      return risky.some((w) => content.includes(w)) ? { suggest: 'risky', label: 20008 } : { suggest: 'pass', label: 100 };
    },
    async sendSubscribe(m) {
      sent.push(m);
    },
    async getOpenData(cloudIDs) {
      return cloudIDs.map(devOpenData);
    },
  };
}

/**
 * Every user-written text must pass msgSecCheck before others see it. Empty texts are skipped; all texts
 * of one request go in one check (joined), so a form costs one openapi call, not one per field.
 */
export async function requireCleanText(ctx: { openid: string; openapi: OpenApi }, texts: (string | undefined | null)[], scene: 1 | 2 | 3 | 4 = 1): Promise<void> {
  const content = texts.filter((t): t is string => !!t && t.trim().length > 0).join('\n');
  if (!content || !ctx.openid) return;
  const result = await ctx.openapi.msgSecCheck({ openid: ctx.openid, content, scene });
  if (result.suggest !== 'pass') throw new AppError('content_risky', `label ${result.label}`);
}
