/**
 * The eligible roll, fixed when a poll opens: read the village's active people in ONE aggregate
 * (grouped into a single record, so no 1000-record cap applies), build the units, and write them as one
 * document each in ONE request (`createMany`) — a vote then reads and writes only its own unit:
 *   residents  one unit per verified resident (offline residents included: they vote through 代办)
 *   households one unit per household with at least one verified resident; the first vote counts
 *   council    the named "5+N" participants, each in their seat
 */
import { REGISTER } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import { AppError } from '../kernel/errors';
import { randomBytes } from 'node:crypto';
import { DELIB, keyOf, unitDocId, type PersonRow, type PollDoc, type RollEntry, type UnitDoc } from './model';

/** Active people of a village, with (optionally) deliberation documents joined by id — one round trip. */
export async function loadPeople(ctx: Ctx, villageId: string, delibIds: string[] = []): Promise<{ people: PersonRow[]; docs: Map<string, Record<string, unknown>> }> {
  const pipeline: Record<string, unknown>[] = [
    { $match: { villageId, kind: 'person', status: 'active' } },
    {
      $group: {
        _id: null,
        people: { $push: { id: '$_id', name: '$name', h: '$householdId', g: '$gridId', o: '$offline', e: '$elderly', r: '$roles', gi: '$gridIds', openid: '$openid' } },
      },
    },
    { $addFields: Object.fromEntries(delibIds.map((id, i) => [`_k${i}`, id])) },
    ...delibIds.map((_, i) => ({ $lookup: { from: DELIB, localField: `_k${i}`, foreignField: '_id', as: `_r${i}` } })),
  ];
  const [row] = await ctx.store.aggregate(REGISTER, pipeline);
  const docs = new Map<string, Record<string, unknown>>();
  delibIds.forEach((id, i) => {
    const found = (row?.[`_r${i}`] as Record<string, unknown>[] | undefined)?.[0];
    if (found) docs.set(id, found);
  });
  const people = ((row?.people as PersonRow[] | undefined) ?? []).map((p) => ({ ...p, h: p.h ?? null, g: p.g ?? null, o: !!p.o, e: !!p.e, r: p.r ?? [], gi: p.gi ?? [], openid: p.openid ?? null }));
  return { people, docs };
}

function personUnit(p: PersonRow): RollEntry {
  const key = keyOf(p.id);
  return { p: { [key]: p.name }, l: p.name, h: p.h, g: p.g, ol: p.o ? [key] : [], el: p.e ? [key] : [] };
}

/** The roll for a poll: unit key → entry. Throws `council_member_invalid` for a named non-member. */
export function buildRoll(poll: Pick<PollDoc, 'rollType' | 'council'>, people: PersonRow[]): Record<string, RollEntry> {
  const residents = people.filter((p) => p.r.includes('resident'));
  const roll: Record<string, RollEntry> = {};
  if (poll.rollType === 'residents') {
    for (const p of residents) roll[keyOf(p.id)] = personUnit(p);
  } else if (poll.rollType === 'households') {
    const byHousehold = new Map<string, PersonRow[]>();
    for (const p of residents) {
      if (!p.h) continue;
      const list = byHousehold.get(p.h) ?? [];
      list.push(p);
      byHousehold.set(p.h, list);
    }
    for (const [householdId, members] of byHousehold) {
      roll[keyOf(householdId)] = {
        p: Object.fromEntries(members.map((m) => [keyOf(m.id), m.name])),
        l: `${members.map((m) => m.name).join('、')}家`,
        h: householdId,
        g: members[0].g,
        ol: members.filter((m) => m.o).map((m) => keyOf(m.id)),
        el: members.filter((m) => m.e).map((m) => keyOf(m.id)),
      };
    }
  } else {
    const byId = new Map(people.map((p) => [p.id, p]));
    for (const seat of poll.council) {
      const p = byId.get(seat.memberId);
      if (!p || p.r.includes('township')) throw new AppError('council_member_invalid');
      roll[keyOf(p.id)] = { ...personUnit(p), seat: seat.seat };
    }
  }
  return roll;
}

/** The register ids of everyone on a roll who can read an inbox (offline residents cannot). */
export function reachableMembers(units: Iterable<Pick<RollEntry, 'p' | 'ol'>>): string[] {
  const out: string[] = [];
  for (const unit of units) {
    for (const key of Object.keys(unit.p)) if (!unit.ol.includes(key)) out.push(key.replace(/~/g, ':'));
  }
  return out;
}

/** A fresh roll id for an opening attempt: units of an attempt that never opened its poll are never read. */
export const newRollId = (): string => randomBytes(5).toString('hex');

/** The roll as unit documents, not yet voted, open to votes. */
export function unitDocs(villageId: string, topicId: string, rollId: string, roll: Record<string, RollEntry>): UnitDoc[] {
  return Object.entries(roll).map(([unit, entry]) => ({
    _id: unitDocId(topicId, rollId, unit),
    kind: 'unit',
    villageId,
    topicId,
    rollId,
    unit,
    ...entry,
    open: true,
    v: false,
    by: null,
    byName: null,
    via: null,
    ab: null,
    consent: null,
    c: null,
    k: null,
    ch: null,
    sealed: null,
    s: {},
  }));
}

/** Write a roll: one request. */
export async function writeRoll(ctx: Ctx, units: UnitDoc[]): Promise<void> {
  await ctx.store.createMany(DELIB, units);
}
