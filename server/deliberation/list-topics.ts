/** listTopics — any member: topics, newest change first. 2 round trips: the caller; one aggregate of the page with the caller's units joined. */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { text } from '../kernel/text';
import { TOPIC_STATES, villageIdSchema, type TopicPage, type TopicState } from './contract';
import { DELIB, TOPIC_FIELDS, topicSummary, unitIdExpr, type TopicDoc, type UnitDoc } from './model';
import { callerOf, myUnitKeys, myUnitOf } from './my-unit';

export const listTopics = defineAction({
  /** any member: topics, newest change first, optionally of some states */
  input: z.object({
    villageId: villageIdSchema,
    states: z.array(z.enum(Object.keys(TOPIC_STATES) as [TopicState, ...TopicState[]])).max(8).optional(),
    cursor: text(20, { trim: false }).optional(),
    pageSize: z.number().int().min(1).max(50).default(20),
  }),
  output: returns<TopicPage>(),
  who: ANY_MEMBER,
  run: async (ctx, input) => {
    const { villageId, pageSize } = input;
    const caller = await callerOf(ctx, villageId);
    const offset = Math.min(Number.parseInt(input.cursor ?? '0', 10) || 0, 10_000);
    const keys = myUnitKeys(caller);
    const fields = TOPIC_FIELDS.filter((f) => f !== 'body' && f !== 'seconders' && f !== 'secondReqs');
    const rows = await ctx.store.aggregate(DELIB, [
      { $match: { villageId, kind: 'topic', ...(input.states ? { state: { $in: input.states } } : {}) } },
      { $sort: { updatedAt: -1, _id: 1 } },
      ...(offset > 0 ? [{ $skip: offset }] : []),
      { $limit: pageSize + 1 },
      { $project: Object.fromEntries(fields.map((f) => [f, 1])) },
      { $addFields: Object.fromEntries(keys.map((k, i) => [`_uk${i}`, unitIdExpr(k)])) },
      ...keys.map((_, i) => ({ $lookup: { from: DELIB, localField: `_uk${i}`, foreignField: '_id', as: `_u${i}` } })),
    ]);
    const items = rows.slice(0, pageSize).map((row) => {
      const units = new Map<string, UnitDoc>();
      keys.forEach((k, i) => {
        const found = (row[`_u${i}`] as UnitDoc[] | undefined)?.[0];
        if (found?.kind === 'unit' && found.unit === k) units.set(k, found);
      });
      const topic = row as unknown as TopicDoc;
      const mine = myUnitOf(topic, caller, units);
      return topicSummary(topic, mine ? mine.v : null);
    });
    return { items, nextCursor: rows.length > pageSize ? String(offset + pageSize) : null };
  },
});
