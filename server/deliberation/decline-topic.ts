/** declineTopic — committee: decline a topic, with the reason shown to everyone (committee-move.ts). */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { requireCleanText } from '../kernel/openapi';
import { committeeMove } from './committee-move';
import { textLine, topicRef, type TopicMoveOutput } from './contract';

export const declineTopic = defineAction({
  /** committee: decline a topic, with the reason shown to everyone */
  input: z.object({ ...topicRef, reason: textLine(100) }),
  output: returns<TopicMoveOutput>(),
  who: ['committee'],
  errors: ['topic_not_seconding'],
  run: async (ctx, input) => {
    await requireCleanText(ctx, [input.reason]);
    return committeeMove(ctx, input, 'decline', () => ({ declineReason: input.reason }), (t) => `议题「${t.title}」不予列入：${input.reason}`);
  },
});
