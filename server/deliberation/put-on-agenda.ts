/** putOnAgenda — committee: put a topic on the agenda without waiting for seconds (committee-move.ts). */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { committeeMove } from './committee-move';
import { topicRef, type TopicMoveOutput } from './contract';

export const putOnAgenda = defineAction({
  /** committee: put a topic on the agenda without waiting for seconds */
  input: z.object({ ...topicRef }),
  output: returns<TopicMoveOutput>(),
  who: ['committee'],
  errors: ['topic_not_seconding'],
  run: (ctx, input) =>
    committeeMove(ctx, input, 'putOnAgenda', () => ({ agendaAt: ctx.now, agendaBy: 'committee' }), (t) => `村委将议题「${t.title}」直接列入议程`),
});
