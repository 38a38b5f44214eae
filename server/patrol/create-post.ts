/**
 * createPost — a resident posts on the village board (or replies to a post): text, photos, a voice note.
 * The text passes msgSecCheck first (`risky` refused with the reason, `review` held for a grid worker),
 * then the village's lexicon: `block` refused, `hold` held, any match makes the post a lead (joining a
 * near-identical open lead when there is one). One read (caller, settings, the post's id, its reply
 * target, near-duplicate candidates), one insert, one audit record.
 */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { text } from '../kernel/text';
import { appendAudit } from '../kernel/audit';
import { requireOwnFiles } from '../kernel/files';
import { AppError } from '../kernel/errors';
import { markerField, priorOf } from '../kernel/idempotency';
import { closest, fingerprint } from './cluster';
import { idSchema, villageScoped, photoSchema, voiceSchema, type CreatePostOutput } from './contract';
import { PATROL, blankMessage, headFields, isMessage, loadPatrol, messageDocId, scanView, scannerFor, type MessageDoc } from './model';
import { SEC_CHECK_REFUSALS, checkPostContent, secCheck } from './rules';

/** Held posts wait for a person: they go ahead of plain leads of the same urgency. */
const HELD_PRIORITY_BONUS = 20;

export const createPost = defineAction({
  input: z.object({
    ...villageScoped,
    text: text(5000, { multiline: true, trim: false }).default(''),
    photos: z.array(photoSchema).max(50).default([]),
    voice: voiceSchema.optional(),
    /** a reply to this post (shown on the board) instead of a post of its own */
    replyTo: idSchema.optional(),
  }),
  output: returns<CreatePostOutput>(),
  who: ANY_MEMBER,
  errors: ['post_empty', 'post_too_long', 'media_unsupported', 'post_not_found', 'post_blocked', ...SEC_CHECK_REFUSALS],
  run: async (ctx, input) => {
    const { villageId } = input;
    const text = input.text.trim();
    checkPostContent(text, input.photos, input.voice);
    requireOwnFiles(ctx, villageId, [...input.photos.map((p) => p.fileId), input.voice?.fileId]);
    const postId = messageDocId(villageId, ctx.newId('post'));
    const fp = fingerprint(villageId, text);
    const { caller, settings, docs, similar } = await loadPatrol(ctx, villageId, {
      ids: input.replyTo ? [postId, input.replyTo] : [postId],
      bandKeys: fp.bandKeys,
    });

    const parent = input.replyTo ? docs.get(input.replyTo) : undefined;
    if (input.replyTo && !(isMessage(parent) && parent.board === 'post' && parent.visibility === 'shown')) throw new AppError('post_not_found');
    const summary = parent ? `回复了 ${parent.authorName} 的帖子` : '在村里的群发帖';
    const notify: string[] = parent?.authorId && parent.authorId !== caller._id ? [String(parent.authorId)] : [];
    const draft = { villageId, actorId: caller._id, actorName: caller.name, targetId: postId, summary, notify };

    const prior = priorOf<CreatePostOutput>(ctx, docs.get(postId));
    if (prior.kind === 'replay') {
      await appendAudit(ctx, { ...draft, details: { visibility: prior.out.visibility } }, prior.at);
      return prior.out;
    }

    const check = await secCheck(ctx, text);
    const scan = scanView(scannerFor(settings), text);
    if (scan.action === 'block') throw new AppError('post_blocked');
    const held = check.suggest === 'review' || scan.action === 'hold';
    const flagged = scan.categories.length > 0;

    const doc: MessageDoc = {
      _id: postId,
      kind: 'message',
      villageId,
      source: parent ? 'reply' : 'board',
      board: parent ? 'reply' : 'post',
      threadId: parent ? parent._id : null,
      authorId: caller._id,
      authorName: caller.name,
      householdId: caller.householdId,
      gridId: caller.gridId,
      text,
      photos: input.photos.map((p) => ({ fileId: p.fileId })),
      voice: input.voice ? { fileId: input.voice.fileId, durationS: input.voice.durationS } : null,
      postedAt: ctx.now,
      createdAt: ctx.now,
      visibility: held ? 'held' : 'shown',
      secCheck: { suggest: check.suggest, label: check.label },
      scan,
      needsReview: held,
      ...blankMessage(),
    };
    // A held post opens its own lead (each needs its own decision); a shown one joins a near-duplicate.
    const join = flagged && !held ? closest(fp, similar) : null;
    if (join) Object.assign(doc, { leadId: join._id, needsReview: false });
    else if (flagged || held) Object.assign(doc, headFields(postId, fp, Math.min(100, scan.urgency + (held ? HELD_PRIORITY_BONUS : 0)), ctx.now));

    const out: CreatePostOutput = { postId, visibility: doc.visibility, lead: doc.leadId !== null };
    await ctx.store.create(PATROL, { ...doc, ...markerField(ctx, out) });
    await appendAudit(ctx, { ...draft, details: { visibility: doc.visibility, leadId: doc.leadId, categories: scan.categories, urgency: scan.urgency } });
    return out;
  },
});
