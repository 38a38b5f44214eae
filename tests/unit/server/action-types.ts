/**
 * Checked by the type check (`tsc`), not by jest: a definition's declared output is the only output its
 * `run` may produce. If defineAction ever stopped catching the drift below, the `@ts-expect-error` lines
 * would themselves be errors ("unused directive") and `npm test`'s type check would fail.
 */
import { z } from 'zod';
import { defineAction, returns, type InputOf, type OutputOf } from '../../../server/kernel/action';

interface TicketCount {
  tickets: number;
}

export const declaredAndReturned = defineAction({
  input: z.object({ villageId: z.string() }),
  output: returns<TicketCount>(),
  who: ['committee'],
  run: async () => ({ tickets: 3 }),
});

export const returnsAnotherShape = defineAction({
  input: z.object({}),
  output: returns<TicketCount>(),
  who: ['committee'],
  // @ts-expect-error — a command that answers something else than it declares fails the type check
  run: async () => ({ count: 3 }),
});

export const answersACodeItDoesNotHave = defineAction({
  input: z.object({}),
  output: returns<TicketCount>(),
  who: ['committee'],
  // @ts-expect-error — only codes some catalogue has may be declared
  errors: ['no_such_code_anywhere'],
  run: async () => ({ tickets: 1 }),
});

// the client's view of a definition: what it sends (defaults optional) and what it reads back
export const sent: InputOf<typeof declaredAndReturned> = { villageId: 'qingshi' };
export const read: OutputOf<typeof declaredAndReturned>['tickets'] = 3;
// @ts-expect-error — a field the action does not answer cannot be read
export const notThere: OutputOf<typeof declaredAndReturned>['count'] = 3;
