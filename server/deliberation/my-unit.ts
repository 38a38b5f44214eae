/** The caller and their unit of a topic's poll, for the two topic reads (listTopics, getTopic). */
import { activeMember, memberIdOf, REGISTER, type MemberDoc } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { keyOf, unitKeyFor, type TopicDoc, type UnitDoc } from './model';

/** The caller's register entry (1 round trip) — reads that need their household before the topic. */
export async function callerOf(ctx: Ctx, villageId: string): Promise<MemberDoc> {
  return activeMember(await ctx.store.get(REGISTER, memberIdOf(villageId, ctx.openid)), villageId);
}

/** The caller's unit of a topic's poll, among the units looked up for their own key and their household's. */
export function myUnitOf(topic: TopicDoc, caller: MemberDoc, units: Map<string, UnitDoc>): UnitDoc | null {
  if (!topic.poll?.rollId) return null;
  const key = unitKeyFor(topic.poll.rollType, caller);
  const unit = key ? units.get(key) : undefined;
  return unit && keyOf(caller._id) in unit.p ? unit : null;
}

/** the unit keys a member may vote in: themselves, and their household */
export const myUnitKeys = (me: MemberDoc): string[] => [keyOf(me._id), ...(me.householdId ? [keyOf(me.householdId)] : [])];
