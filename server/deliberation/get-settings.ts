/**
 * getSettings — any member: the village's deliberation settings, one document keyed by village
 * (`${v}:settings`), defaults until the committee sets them. One round trip.
 */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { villageIdSchema, type SettingsView } from './contract';
import { loadCallerWith, settingsDocId, settingsOf } from './model';

export const getSettings = defineAction({
  /** any member: the village's deliberation settings (defaults until the committee sets them) */
  input: z.object({ villageId: villageIdSchema }),
  output: returns<SettingsView>(),
  who: ANY_MEMBER,
  run: async (ctx, input) => {
    const id = settingsDocId(input.villageId);
    const { docs } = await loadCallerWith(ctx, input.villageId, [id]);
    return settingsOf(docs.get(id), input.villageId);
  },
});
