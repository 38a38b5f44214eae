/** getLexicon — the village's lexicon as the scanner uses it: the default terms plus the committee's edits. */
import type { Ctx } from '../kernel/context';
import type { LexiconOutput, PatrolParsed } from './contract';
import { effectiveLexicon, loadPatrol } from './model';

export async function getLexicon(ctx: Ctx, input: PatrolParsed<'getLexicon'>): Promise<LexiconOutput> {
  const { settings } = await loadPatrol(ctx, input.villageId);
  const { terms, removedDefaults } = effectiveLexicon(settings?.lexiconEdits ?? []);
  return { version: settings?.lexiconVersion ?? 0, terms, removedDefaults };
}
