/** getLexicon — the village's lexicon as the scanner uses it: the default terms plus the committee's edits. */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { villageScoped, type LexiconOutput } from './contract';
import { effectiveLexicon, loadPatrol } from './model';

export const getLexicon = defineAction({
  input: z.object({ ...villageScoped }),
  output: returns<LexiconOutput>(),
  who: ANY_MEMBER,
  run: async (ctx, input) => {
    const { settings } = await loadPatrol(ctx, input.villageId);
    const { terms, removedDefaults } = effectiveLexicon(settings?.lexiconEdits ?? []);
    return { version: settings?.lexiconVersion ?? 0, terms, removedDefaults };
  },
});
