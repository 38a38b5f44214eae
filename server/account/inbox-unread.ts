/** inboxUnread — the unread count alone (the badge on 我的). */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { loadCaller, type MemberDoc } from '../kernel/auth';
import { villageScoped } from './contract';
import { unreadCount, type InboxState } from './inbox-state';

export const inboxUnread = defineAction({
  input: z.object({ ...villageScoped }),
  output: returns<{ unread: number }>(),
  who: ANY_MEMBER,
  run: async (ctx, input) => {
    const { caller } = await loadCaller(ctx, input.villageId);
    return { unread: await unreadCount(ctx, caller as MemberDoc & InboxState) };
  },
});
