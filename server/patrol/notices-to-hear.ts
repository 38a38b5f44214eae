/**
 * noticesToHear — 听通知 (the 长辈 home's tile, patrol/notices): the board's pinned fraud warnings and my
 * 消息, newest first, in ONE answer. Two round trips: the caller with the warnings pinned in the last three
 * months (one $lookup read, as the board), my inbox's newest records (the audit trail, index notify_at).
 *
 * Why patrol answers the inbox part: the page is patrol's and the warnings are patrol's documents; the
 * inbox is not the account function's collection but the kernel's audit trail, which every function
 * appends to — patrol reads it with the same query the account's inbox uses (account/inbox-state.ts, pure
 * functions over the trail). Calling the account function instead would be billed as a second call.
 * Read state stays with the account's 消息 page (markInboxRead); hearing a notice marks nothing.
 * Like the board's, the answer carries my standing's stamp: 长辈模式's home asks nothing of its own, so 听通知
 * is where an older villager's phone learns that its kept `me` is out of date (a role given or taken).
 */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { AUDIT, postedAtOf, type AuditRecord } from '../kernel/audit';
import { inboxQuery, linkOf } from '../account/inbox-state';
import { villageScoped, type HeardNotice, type NoticesToHearOutput } from './contract';
import { loadPatrol, postView } from './model';

/** as on the board's first page */
const WARNINGS_MAX = 5;
/** the newest messages read out (older ones are on the 消息 page) */
const MESSAGES_MAX = 20;

export const noticesToHear = defineAction({
  input: z.object({ ...villageScoped }),
  output: returns<NoticesToHearOutput>(),
  who: ANY_MEMBER,
  run: async (ctx, { villageId }) => {
    const { caller, pinned, stamp } = await loadPatrol(ctx, villageId, { pinned: true, stamp: true });
    const warned = pinned.slice(0, WARNINGS_MAX);
    const messages = await ctx.store.find(AUDIT, inboxQuery(caller), { orderBy: [['at', 'desc'], ['_id', 'desc']], limit: MESSAGES_MAX, fields: ['at', 'postedAt', 'actorName', 'summary', 'targetId'] });
    const notices: HeardNotice[] = [
      ...warned.map((d) => {
        const w = postView(d, caller._id);
        return { key: w.postId, warning: true, at: w.warning?.at ?? w.postedAt, from: w.warning?.byName || w.authorName, text: w.warning?.text ?? w.text, link: null };
      }),
      ...messages.map((a) => ({
        key: a._id,
        warning: false,
        at: postedAtOf(a as AuditRecord),
        from: a.actorName as string,
        text: a.summary as string,
        link: linkOf(villageId, a.targetId as string),
      })),
    ];
    return { notices: notices.sort((a, b) => b.at - a.at || a.key.localeCompare(b.key)), memberStamp: stamp! };
  },
});
