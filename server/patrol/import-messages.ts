/**
 * importMessages — one batch of an exported WeChat chat record, parsed on the client with
 * server/patrol/import (a malformed file never gets here). Each message is stored under an id derived
 * from village + dedupeKey, so re-importing the same record adds nothing and a retried batch is safe.
 * Every text is scanned; what the lexicon flags opens a lead in the importing worker's grid, or joins a
 * near-identical open lead (from earlier imports, posts or this very batch).
 * One read (caller, settings, which ids exist, near-duplicate candidates), one multi-document insert,
 * one audit record for the batch.
 */
import { z } from 'zod';
import { defineAction, returns } from '../kernel/action';
import { text } from '../kernel/text';
import { appendAudit, roleAddress } from '../kernel/audit';
import { AppError } from '../kernel/errors';
import { markerField } from '../kernel/idempotency';
import { closest, fingerprint, type Fingerprint } from './cluster';
import { idSchema, villageScoped, importedMessageSchema, type ImportOutput } from './contract';
import { PATROL, blankMessage, headFields, importedDocId, intakeGrid, loadPatrol, requireTriager, scanView, scannerFor, type MessageDoc } from './model';
import { POST_LIMITS } from './states';

/** Kinds whose text says something (media and system lines carry only a placeholder such as [图片]). */
const SCANNED_KINDS = new Set(['text', 'quote', 'link']);

export const importMessages = defineAction({
  input: z.object({
    ...villageScoped,
    /** one batch, keyed by dedupeKey */
    messages: z.array(importedMessageSchema).max(1000),
    groupName: text(60).optional(),
    format: text(40, { trim: false }).optional(),
    gridId: idSchema.optional(),
  }),
  output: returns<ImportOutput>(),
  who: ['grid_worker', 'committee'],
  errors: ['import_batch_invalid', 'grid_not_in_scope'],
  run: async (ctx, input) => {
    const { villageId } = input;
    if (input.messages.length === 0 || input.messages.length > POST_LIMITS.importBatchMax) throw new AppError('import_batch_invalid');
    // the same key twice in one batch is one message
    const batch = [...new Map(input.messages.map((m) => [m.dedupeKey, m])).values()];
    const ids = batch.map((m) => importedDocId(villageId, m.dedupeKey));
    const fps = batch.map((m) => (SCANNED_KINDS.has(m.kind) ? fingerprint(villageId, m.text) : null));
    // Candidates are looked up for every scanned text: whether a text is flagged depends on the lexicon,
    // which arrives in the same read.
    const bandKeys = [...new Set(fps.flatMap((f) => f?.bandKeys ?? []))];
    const { caller, settings, docs, similar } = await loadPatrol(ctx, villageId, { ids, bandKeys });
    requireTriager(caller);
    const gridId = intakeGrid(caller, input.gridId);
    const scanner = scannerFor(settings);

    const fresh: MessageDoc[] = [];
    // messages this very request stored before it died (each carries its marker): a retry counts them as its
    // own and appends the batch's audit record, which the first try may never have reached
    const mine = ids.map((id) => docs.get(id)).filter((d): d is MessageDoc => !!(d as MessageDoc | undefined)?.reqs && !!((d as MessageDoc).reqs as Record<string, unknown>)[ctx.requestId]);
    const leadsHere: (MessageDoc & Fingerprint)[] = [];
    let leads = 0;
    let clustered = 0;
    batch.forEach((m, i) => {
      const id = ids[i];
      if (docs.has(id)) return;
      const text = [...m.text].slice(0, POST_LIMITS.importTextMax).join('');
      const fp = fps[i];
      const scan = fp ? scanView(scanner, text) : { categories: [], urgency: 0, action: null, spans: [], evidence: [] };
      const doc: MessageDoc = {
        _id: id,
        kind: 'message',
        villageId,
        source: 'import',
        board: null,
        threadId: null,
        authorId: null,
        authorName: m.sender || '系统消息',
        householdId: null,
        gridId,
        text,
        photos: [],
        voice: null,
        postedAt: m.sentAt,
        createdAt: ctx.now,
        visibility: 'internal',
        secCheck: null,
        scan,
        needsReview: false,
        ...blankMessage(),
        groupName: input.groupName ?? null,
        dedupeKey: m.dedupeKey,
        line: m.line,
        ...markerField(ctx, null),
      };
      // a lead only where the evidence decided a category (a lone weak word no longer opens one)
      if (fp && scan.categories.length > 0) {
        const join = closest(fp, [...similar, ...leadsHere]);
        if (join) {
          doc.leadId = join._id;
          clustered++;
        } else {
          // the lead's age is the message's: an old scam line is not news, but it waited since then
          Object.assign(doc, headFields(id, fp, scan.urgency, m.sentAt), { leadAt: Math.min(m.sentAt, ctx.now) });
          leadsHere.push(doc as MessageDoc & Fingerprint);
          leads++;
        }
      }
      fresh.push(doc);
    });

    leads += mine.filter((d) => d.leadId === d._id).length;
    clustered += mine.filter((d) => d.leadId && d.leadId !== d._id).length;
    const added = fresh.length + mine.length;
    const out: ImportOutput = { added, skipped: batch.length - added, leads, clustered };
    if (added === 0) return out; // nothing changed: nothing to write or audit
    if (fresh.length) await ctx.store.createMany(PATROL, fresh);
    const firstTry = mine.length ? Math.min(...mine.map((d) => d.createdAt as number)) : ctx.now;
    await appendAudit(ctx, {
      villageId,
      actorId: caller._id,
      actorName: caller.name,
      targetId: `${villageId}:import:${ctx.newId('import')}`,
      summary: `导入聊天记录${input.groupName ? `「${input.groupName}」` : ''} ${added} 条，新线索 ${leads} 条`,
      details: { ...out, gridId, format: input.format ?? null, firstLine: batch[0]?.line ?? null },
      notify: leads && gridId && gridId !== caller.gridIds?.[0] ? [roleAddress('grid_worker', gridId)] : [],
    }, firstTry);
    return out;
  },
});
