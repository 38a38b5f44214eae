/**
 * submitReport (上报) — a resident reports a problem; a grid worker may report for a resident (代报) with
 * that resident's consent recorded; the patrol function files one from a lead (`source`).
 * The category comes from the village catalogue (its route and deadlines with it); the grid from the spot
 * on the map or the reporter's household. One read (caller, settings, village, the resident reported
 * for) alongside the content check, its audit record, then the ticket (deterministic id: the same
 * requestId → the same ticket).
 */
import { z } from 'zod';
import { ANY_MEMBER, defineAction, returns } from '../kernel/action';
import { AUDIT, auditRecord, type AuditDraft } from '../kernel/audit';
import { canActInGrid, inVillage, loadCaller, type MemberDoc } from '../kernel/auth';
import { requireOwnFiles } from '../kernel/files';
import { AppError } from '../kernel/errors';
import { markerField, priorOf } from '../kernel/idempotency';
import { requireIdOf } from '../kernel/ids';
import { requireCleanText } from '../kernel/openapi';
import type { Doc } from '../kernel/store';
import { text } from '../kernel/text';
import { insideBoundary, nearestGrid, settingsDocId, settingsOf } from './catalogue';
import {
  CONSENT_KINDS,
  onBehalfSchema,
  photoSchema,
  placeSchema,
  sourceSchema,
  subscribeSchema,
  villageIdSchema,
  voiceSchema,
  type TicketSummary,
} from './contract';
import { checkReportInput } from './report-checks';
import { deadlineFields, handlerAddress, summaryView, ticketDocId, TICKETS, type TicketDoc } from './model';
import { CONFIRM_WINDOW_DAYS } from './transitions';

interface VillageLike extends Doc {
  name: string;
  grids: { gridId: string; name: string }[];
}

export const submitReport = defineAction({
  input: z.object({
    villageId: villageIdSchema,
    /** from reportSetup's catalogue; missing → `category_required` */
    categoryId: text(40).optional(),
    /** what happened, in words (or the transcript of the voice note); > REPORT_LIMITS.textMax → `text_too_long` */
    text: text(5000, { multiline: true, trim: false }).default(''),
    voice: voiceSchema.optional(),
    photos: z.array(photoSchema).max(20).default([]),
    place: placeSchema.optional(),
    /** a grid worker reporting for a resident (代报), with that resident's consent */
    onBehalfOf: onBehalfSchema.optional(),
    /** subscribe-message consent given at this tap */
    subscribe: subscribeSchema.optional(),
    source: sourceSchema.optional(),
  }),
  output: returns<TicketSummary>(),
  who: ANY_MEMBER,
  errors: [
    'category_required',
    'category_unknown',
    'report_empty',
    'text_too_long',
    'too_many_photos',
    'photo_type_not_allowed',
    'photo_too_large',
    'voice_type_not_allowed',
    'voice_too_long',
    'voice_too_large',
    'place_outside_village',
    'not_your_resident',
  ],
  run: async (ctx, input) => {
    checkReportInput(input);
    requireOwnFiles(ctx, input.villageId, [...input.photos.map((p) => p.fileId), input.voice?.fileId]);
    if (input.source) {
      // only the patrol function files a ticket from a lead (convertLead, having taken the lead in its village)
      if (!ctx.viaFunction) throw new AppError('forbidden');
      requireIdOf(input.source.leadId, input.villageId, 'lead');
    }
    const { villageId } = input;
    const id = ticketDocId(villageId, ctx.newId('ticket'));
    const reportedFor = input.onBehalfOf?.residentId;
    // the content check needs nothing from the read: both at once (a villager waits for one, not two)
    const [{ caller, docs }] = await Promise.all([
      loadCaller(ctx, villageId, [settingsDocId(villageId), `${villageId}:village`, ...(reportedFor ? [reportedFor] : [])]),
      requireCleanText(ctx, [input.text, input.place?.kind === 'text' ? input.place.text : null], 2),
    ]);
    const settings = settingsOf(docs.get(settingsDocId(villageId)), villageId);
    const village = docs.get(`${villageId}:village`) as VillageLike | undefined;

    const category = settings.categories.find((c) => c.categoryId === input.categoryId);
    if (!category) throw new AppError('category_unknown');

    // 代报: the resident must live in a grid the caller works (or the caller sits on the committee)
    let reporter: MemberDoc = caller;
    if (reportedFor && reportedFor !== caller._id) {
      const resident = inVillage(docs.get(reportedFor) as MemberDoc | undefined, villageId, 'person');
      if (resident.status !== 'active' || !canActInGrid(caller, resident.gridId)) throw new AppError('not_your_resident');
      reporter = resident;
    }

    if (input.place?.kind === 'point' && !insideBoundary(settings.boundary, input.place)) throw new AppError('place_outside_village');
    const gridFromPlace = input.place?.kind === 'point' ? nearestGrid(settings, input.place) : null;
    const gridId = gridFromPlace ?? reporter.gridId ?? null;
    const gridName = village?.grids?.find((g) => g.gridId === gridId)?.name ?? (gridId ? gridId : '全村');
    // a report no grid can take goes to the committee
    const route = category.route === 'grid_worker' && !gridId ? 'committee' : category.route;

    const onBehalf = reporter._id !== caller._id;
    const audit = (t: Pick<TicketDoc, 'assigneeId' | 'route' | 'gridId' | 'villageId'>): AuditDraft => ({
      villageId,
      actorId: caller._id,
      actorName: caller.name,
      onBehalfOf: onBehalf ? reporter._id : null,
      targetId: id,
      summary: onBehalf
        ? `${caller.name} 代 ${reporter.name} 上报${category.name}问题（${CONSENT_KINDS[input.onBehalfOf!.consent]}）`
        : `${caller.name} 上报${category.name}问题${input.source ? '（来自巡群线索）' : ''}`,
      details: { categoryId: category.categoryId, gridId, route, source: input.source ?? null, consent: onBehalf ? input.onBehalfOf!.consent : null },
      notify: [handlerAddress(t), ...(onBehalf && !reporter.offline ? [reporter._id] : [])],
    });

    const deadlines = deadlineFields({ acceptWithinMs: category.acceptWithinHours * 3600_000, resolveWithinMs: category.resolveWithinDays * 86_400_000 }, 'submitted', ctx.now, CONFIRM_WINDOW_DAYS * 86_400_000);
    const ticket: TicketDoc = {
      _id: id,
      kind: 'ticket',
      villageId,
      townshipId: caller.townshipId,
      status: 'submitted',
      bucket: 'open',
      categoryId: category.categoryId,
      categoryName: category.name,
      acceptWithinMs: category.acceptWithinHours * 3600_000,
      resolveWithinMs: category.resolveWithinDays * 86_400_000,
      gridId,
      gridName,
      route,
      assigneeId: null,
      assigneeName: null,
      reporterId: reporter._id,
      reporterName: reporter.name,
      reporterOffline: !!reporter.offline,
      reporterHouseholdId: reporter.householdId ?? null,
      reportedById: onBehalf ? caller._id : null,
      reportedBy: onBehalf ? { memberId: caller._id, name: caller.name, consent: input.onBehalfOf!.consent, consentNote: input.onBehalfOf!.consentNote ?? '' } : null,
      text: input.text.trim(),
      voice: input.voice ? { fileId: input.voice.fileId, durationS: input.voice.durationS } : null,
      photos: input.photos.map((p) => p.fileId),
      place: !input.place
        ? null
        : input.place.kind === 'point'
          ? { kind: 'point', latitude: input.place.latitude, longitude: input.place.longitude, name: input.place.name ?? '', address: input.place.address ?? '' }
          : { kind: 'text', text: input.place.text },
      source: input.source ?? null,
      privateNames: [...new Set([reporter.name, caller.name])],
      createdAt: ctx.now,
      updatedAt: ctx.now,
      ...(deadlines.set as Pick<TicketDoc, 'dueKind' | 'dueAt' | 'remindAt' | 'reminded' | 'escalation' | 'escalatedAt' | 'nextCheckAt'>),
      resolution: null,
      rejection: null,
      duplicateOf: null,
      rating: null,
      closedAt: null,
      supporterIds: [],
      supporters: 0,
      // one message per tap of consent, for the person who tapped
      consents: (input.subscribe?.templateIds ?? []).map((templateId) => ({ memberId: caller._id, openid: ctx.openid, templateId, at: ctx.now, usedAt: null })),
    };
    const out = summaryView(ticket);

    // The audit record goes first: its id (ticket id + requestId) exists iff this request got that far, so a
    // retry learns it is a retry from that create and reads the stored answer — three round trips either way.
    try {
      await ctx.store.create(AUDIT, auditRecord(ctx, audit(ticket)));
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'conflict')) throw error;
      const prior = priorOf<TicketSummary>(ctx, await ctx.store.get(TICKETS, id));
      if (prior.kind === 'replay') return prior.out;
      // the first try died between its audit record and the ticket: finish it (a 4th round trip, only then)
    }
    try {
      await ctx.store.create(TICKETS, { ...ticket, ...markerField(ctx, out) });
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'conflict')) throw error;
      // the same request running twice at once: the other one created it
      const prior = priorOf<TicketSummary>(ctx, await ctx.store.get(TICKETS, id));
      if (prior.kind !== 'replay') throw error;
      return prior.out;
    }
    return out;
  },
});
