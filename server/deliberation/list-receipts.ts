/**
 * listReceipts — any member, after the count: the published poll and result, and the published ballots
 * (receipt + choices), ordered by receipt, paged; open ballots also say who voted what. 表决结果 opens with
 * one call (up to 1000 ballots; a larger box one call per 1000 more). Nothing here links a receipt to a
 * voter: the box holds receipts and choices only, and the poll view is what getTopic shows any member.
 */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { AppError } from '../kernel/errors';
import { topicRef, type ReceiptRow, type ReceiptsPage } from './contract';
import { DELIB, loadTopic, pollView, type UnitDoc } from './model';

export const listReceipts = defineAction({
  /** any member, after the count: the published ballots (receipt + choices), ordered by receipt */
  input: z.object({ ...topicRef, offset: z.number().int().min(0).max(100_000).default(0), pageSize: z.number().int().min(1).max(1000).default(500) }),
  output: returns<ReceiptsPage>(),
  who: ANY_MEMBER,
  errors: ['results_not_published'],
  run: async (ctx, input) => {
    const { villageId, topicId, offset, pageSize } = input;
    const { topic } = await loadTopic(ctx, villageId, topicId);
    const poll = topic.poll;
    if (!poll || poll.state !== 'counted') throw new AppError('results_not_published');
    // the DB sorts and pages the box; the client fetches every page to recount
    const rows = (await ctx.store.aggregate(DELIB, [
      { $match: { topicId, kind: 'box', rollId: poll.rollId } },
      { $unwind: '$ballots' },
      { $sort: { 'ballots.r': 1 } },
      { $skip: offset },
      { $limit: pageSize },
      { $project: { _id: 0, r: '$ballots.r', c: '$ballots.c' } },
    ])) as { r: string; c: string[] }[];
    let openVotes: ReceiptsPage['openVotes'] = null;
    if (offset === 0 && !poll.secret) {
      const [row] = await ctx.store.aggregate(DELIB, [
        { $match: { topicId, kind: 'unit', rollId: poll.rollId, v: true } },
        { $project: { _id: 0, l: 1, byName: 1, ch: 1 } },
        { $group: { _id: null, units: { $push: '$$ROOT' } } },
      ]);
      openVotes = (((row?.units as Pick<UnitDoc, 'l' | 'byName' | 'ch'>[] | undefined) ?? []))
        .map((u) => ({ unitLabel: u.l, byName: u.byName ?? '', choices: u.ch ?? [] }))
        .sort((a, b) => a.unitLabel.localeCompare(b.unitLabel, 'zh'));
    }
    const out: ReceiptRow[] = rows.map((r) => ({ receipt: r.r, choices: r.c }));
    return { topicId, poll: pollView(poll, null), total: poll.nBallots, offset, rows: out, openVotes };
  },
});
