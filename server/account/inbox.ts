/** inbox (消息) — the records that name me (or a role I hold here), newest first, with read state and the evening digest's consent (inbox-state.ts). */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { AUDIT, postedAtOf, type AuditRecord } from '../kernel/audit';
import { loadCaller, type MemberDoc } from '../kernel/auth';
import { pageSchema, villageScoped, type InboxItem, type InboxOutput } from './contract';
import { inboxQuery, isRead, linkOf, unreadCount, type InboxState } from './inbox-state';
import { decodeCursor, pageOf } from './model';

const GRID_SETTINGS = (villageId: string) => `${villageId}:gridcfg`;

export const inbox = defineAction({
  /** 消息: the audit records that name me (or a role I hold here), newest first, with read state */
  input: z.object({ ...villageScoped, ...pageSchema.shape }),
  output: returns<InboxOutput>(),
  who: ANY_MEMBER,
  run: async (ctx, input) => {
    const { villageId, pageSize } = input;
    const { caller, docs } = await loadCaller(ctx, villageId, [GRID_SETTINGS(villageId)]);
    const state = caller as MemberDoc & InboxState;
    const offset = decodeCursor(input.cursor);
    const rows = await ctx.store.find(AUDIT, inboxQuery(caller), {
      orderBy: [['at', 'desc'], ['_id', 'desc']],
      skip: offset,
      limit: pageSize + 1,
      fields: ['at', 'postedAt', 'action', 'actorName', 'summary', 'targetId'],
    });
    const items: InboxItem[] = rows.map((a) => ({
      auditId: a._id,
      at: a.at as number,
      postedAt: postedAtOf(a as AuditRecord),
      action: a.action as string,
      actorName: a.actorName as string,
      summary: a.summary as string,
      targetId: a.targetId as string,
      link: linkOf(villageId, a.targetId as string),
      read: isRead(state, a),
    }));
    const templates = (docs.get(GRID_SETTINGS(villageId))?.templates ?? {}) as { dailyDigest?: string | null };
    return {
      ...pageOf(items, offset, pageSize),
      unread: await unreadCount(ctx, state),
      digest: { templateId: templates.dailyDigest ?? null, subscribed: !!state.digestConsent },
    };
  },
});
