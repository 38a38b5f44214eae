/**
 * The openapi port: content security (msgSecCheck v2) and subscribe messages. The cloud adapter calls
 * wx-server-sdk's `cloud.openapi` (the emulator stands in locally); unit tests pass a fake.
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

export interface OpenApi {
  /** scene: 1 资料, 2 评论, 3 论坛, 4 社交日志 */
  msgSecCheck(input: { openid: string; content: string; scene: 1 | 2 | 3 | 4 }): Promise<SecCheckResult>;
  sendSubscribe(message: SubscribeMessage): Promise<void>;
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
  };
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
