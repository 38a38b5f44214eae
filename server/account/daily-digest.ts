/**
 * dailyDigest — the evening timer (cloudfunctions/account/config.json, 20:05 and 20:35 Beijing time): for each
 * person, the day's unread inbox items summed up. WeChat allows one subscribe message per tap of
 * consent, so a message goes only to people who tapped "每天提醒我" on the inbox page (the consent is
 * spent and removed); everyone else finds the same items in their inbox, nothing is lost.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { AUDIT, inboxAddressesOf, postedAtOf, type AuditRecord } from '../kernel/audit';
import { REGISTER, type MemberDoc } from '../kernel/auth';
import type { Ctx } from '../kernel/context';
import type { Doc } from '../kernel/store';
import type { DigestOutput } from './contract';

const WINDOW_MS = 24 * 3600_000;
const PAGE = 1000;
/** a day's records across an environment's villages: read in pages, at most this many */
const MAX_RECORDS = 20_000;

type Person = MemberDoc & { inboxSeenAt?: number; inboxReadIds?: string[]; digestConsent?: { templateId: string; openid: string; at: number } | null };

export const dailyDigest = defineAction({
  input: z.object({}),
  output: returns<DigestOutput>(),
  who: 'timer',
  run: async (ctx, _input) => {
    const since = ctx.now - WINDOW_MS;
    const found = new Map<string, Doc>();
    // the day's records, and those that reached the trail today though they happened earlier (postedAt)
    for (const field of ['at', 'postedAt'] as const) {
      for (let skip = 0; skip < MAX_RECORDS; skip += PAGE) {
        const page = await ctx.store.find(AUDIT, { [field]: { $gt: since, $lte: ctx.now } }, { orderBy: [[field, 'asc'], ['_id', 'asc']], skip, limit: PAGE, fields: ['at', 'postedAt', 'notify', 'actorId', 'summary', 'villageId'] });
        for (const r of page) if (Array.isArray(r.notify) && (r.notify as string[]).length > 0) found.set(r._id, r);
        if (page.length < PAGE) break;
      }
    }
    const records = [...found.values()];
    if (records.length === 0) return { people: 0, sent: 0 };

    const addressed = new Set(records.flatMap((r) => r.notify as string[]));
    const villages = [...new Set(records.map((r) => r.villageId as string))];
    // the people named directly, and everyone holding a role a record names
    const personIds = [...addressed].filter((a) => a.includes(':u:') || a.includes(':off:'));
    const named = personIds.length ? [...(await ctx.store.getMany(REGISTER, personIds)).values()] : [];
    const officials = await ctx.store.find(REGISTER, { kind: 'person', status: 'active', villageId: { $in: villages }, roles: { $in: ['committee', 'grid_worker', 'township'] } }, { limit: 1000 });
    const people = new Map<string, Person>();
    for (const p of [...named, ...officials] as Person[]) if (p.kind === 'person' && p.status === 'active' && p.openid) people.set(p._id, p);

    let reached = 0;
    let sent = 0;
    const toSend: { person: Person; consent: NonNullable<Person['digestConsent']>; unread: Doc[] }[] = [];
    for (const person of people.values()) {
      const mine = new Set(inboxAddressesOf(person));
      const unread = records.filter(
        (r) => r.actorId !== person._id && (r.notify as string[]).some((a) => mine.has(a)) && postedAtOf(r as AuditRecord) > (person.inboxSeenAt ?? 0) && !(person.inboxReadIds ?? []).includes(r._id),
      );
      if (unread.length === 0) continue;
      reached++;
      const consent = person.digestConsent;
      if (consent) toSend.push({ person, consent, unread }); // without one it stays in the inbox
    }
    // a township's evening is many consents: a few at a time, so the run stays far inside the timeout
    for (let i = 0; i < toSend.length; i += SEND_PARALLEL) {
      // a paced tick (kernel/pace.ts) whose budget is spent stops: the 20:35 run sends to the consents still
      // unspent (a consent is spent by its message, so nobody gets two)
      if (ctx.budget() < SEND_PARALLEL) break;
      const results = await Promise.all(toSend.slice(i, i + SEND_PARALLEL).map((x) => sendOne(ctx, x.person, x.consent, x.unread)));
      sent += results.filter(Boolean).length;
    }
    return { people: reached, sent };
  },
});

const SEND_PARALLEL = 8;

async function sendOne(ctx: Ctx, person: Person, consent: NonNullable<Person['digestConsent']>, unread: Doc[]): Promise<boolean> {
  {
    // spend the consent first: at most one message per tap, even if sending fails
    const spent = await ctx.store.updateWhere(REGISTER, { _id: person._id, 'digestConsent.at': consent.at }, { $set: { digestConsent: null } });
    if (spent !== 1) return false;
    try {
      await ctx.openapi.sendSubscribe({
        touser: consent.openid,
        templateId: consent.templateId,
        page: 'account/inbox/index',
        data: {
          thing1: { value: clip(`今天有${unread.length}条新消息`, 20) },
          thing2: { value: clip(unread[unread.length - 1].summary as string, 20) },
          time3: { value: new Date(ctx.now + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') },
        },
      });
      return true;
    } catch {
      // spent anyway: WeChat's rule is one message per consent
      return false;
    }
  }
}

const clip = (s: string, n: number): string => ([...s].length > n ? `${[...s].slice(0, n - 1).join('')}…` : s);
