/** markInboxRead — everything up to a time is read, or just some records. It changes only the reader's own view, so it appends no audit record. */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { loadCaller, REGISTER, type MemberDoc } from '../kernel/auth';
import { villageScoped } from './contract';
import { unreadCount, type InboxState } from './inbox-state';

/** ids opened one by one are kept until the watermark passes them; at most this many */
const READ_IDS_MAX = 200;

export const markInboxRead = defineAction({
  /** everything up to `upTo` (ms) is read, or just these records */
  input: z.union([
    z.object({ ...villageScoped, upTo: z.number().int().min(0) }),
    z.object({ ...villageScoped, auditIds: z.array(z.string().regex(/^[A-Za-z0-9:_#~-]{1,200}$/, 'auditId')).min(1).max(50) }),
  ]),
  output: returns<{ unread: number }>(),
  who: ANY_MEMBER,
  run: async (ctx, input) => {
    const { caller } = await loadCaller(ctx, input.villageId);
    const state = caller as MemberDoc & InboxState;
    let seenAt = state.inboxSeenAt ?? 0;
    let readIds = state.inboxReadIds ?? [];
    if ('upTo' in input) {
      // never beyond now: what arrives later stays unread
      seenAt = Math.max(seenAt, Math.min(input.upTo, ctx.now));
      readIds = [];
    } else {
      readIds = [...new Set([...readIds, ...input.auditIds])].slice(-READ_IDS_MAX);
    }
    await ctx.store.updateWhere(REGISTER, { _id: caller._id }, { $set: { inboxSeenAt: seenAt, inboxReadIds: readIds } });
    return { unread: await unreadCount(ctx, { ...state, inboxSeenAt: seenAt, inboxReadIds: readIds }) };
  },
});
