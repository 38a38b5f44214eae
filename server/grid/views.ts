/** Ticket detail and board rows: what each viewer may see (full for the people concerned, masked for the rest of the village). */
import { hasRole, type MemberDoc } from '../kernel/auth';
import type { Doc } from '../kernel/store';
import type { BoardItem, TicketDetail, TimelineEntry } from './contract';
import { maskName, maskPlace, maskText } from './mask';
import { allowedFor, summaryView, type TicketDoc } from './model';
import { bucketOf } from './transitions';

/** The reporter, whoever reported for them, handles it, works its grid, the committee and township staff see it whole. */
export function seesInFull(caller: MemberDoc, t: TicketDoc): boolean {
  if ([t.reporterId, t.reportedById, t.assigneeId].includes(caller._id)) return true;
  if (hasRole(caller, ['committee', 'township'])) return true;
  return hasRole(caller, ['grid_worker']) && !!t.gridId && (caller.gridIds ?? []).includes(t.gridId);
}

function namesOf(t: TicketDoc): string[] {
  return [...(t.privateNames ?? []), t.reporterName, t.reportedBy?.name ?? ''].filter(Boolean);
}

export function detailView(caller: MemberDoc, t: TicketDoc, trail: Doc[]): TicketDetail {
  const full = seesInFull(caller, t);
  const names = namesOf(t);
  const text = (s: string) => (full ? s : maskText(s, names));
  const timeline: TimelineEntry[] = trail.map((a) => ({
    at: a.at as number,
    action: a.action as string,
    actorName: full ? (a.actorName as string) : maskName(a.actorName as string),
    onBehalf: !!a.onBehalfOf,
    summary: text(a.summary as string),
  }));
  const summary = summaryView(t);
  return {
    ...summary,
    title: text(summary.title),
    assigneeName: t.assigneeName,
    text: text(t.text),
    voice: t.voice,
    photos: t.photos ?? [],
    resolutionPhotos: t.resolution?.photos ?? [],
    place: !t.place
      ? null
      : full
        ? t.place.kind === 'point'
          ? { label: t.place.name || t.place.address || `${t.place.latitude.toFixed(5)}, ${t.place.longitude.toFixed(5)}`, latitude: t.place.latitude, longitude: t.place.longitude }
          : { label: t.place.text, latitude: null, longitude: null }
        : { label: maskPlace(t.place, t.gridName, names), latitude: null, longitude: null },
    reporterName: full ? t.reporterName : maskName(t.reporterName),
    reportedBy: t.reportedBy ? { name: full ? t.reportedBy.name : maskName(t.reportedBy.name), consent: t.reportedBy.consent } : null,
    resolution: t.resolution ? { note: text(t.resolution.note), at: t.resolution.at } : null,
    rejection: t.rejection ? { reason: text(t.rejection.reason), referral: t.rejection.referral } : null,
    duplicateOf: t.duplicateOf ?? null,
    rating: t.rating ? { stars: t.rating.stars, comment: text(t.rating.comment), onBehalf: t.rating.onBehalf } : null,
    allowed: allowedFor(caller, t),
    canSupport: bucketOf(t.status) === 'open' && t.reporterId !== caller._id && t.reportedById !== caller._id && !(t.supporterIds ?? []).includes(caller._id),
    timeline,
  };
}

/** A row of 问题曝光: the problem, its state and handling — names, phones and house numbers masked. */
export function boardItem(viewerId: string, t: TicketDoc): BoardItem {
  const names = namesOf(t);
  return {
    ticketId: t._id,
    status: t.status,
    bucket: bucketOf(t.status),
    categoryName: t.categoryName,
    gridName: t.gridName,
    text: maskText(t.text || '（语音上报）', names),
    place: maskPlace(t.place, t.gridName, names),
    reporter: maskName(t.reporterName),
    createdAt: t.createdAt,
    closedAt: t.closedAt ?? null,
    supporters: t.supporters ?? 0,
    rating: t.rating?.stars ?? null,
    escalation: t.escalation ?? 0,
    mine: t.reporterId === viewerId || t.reportedById === viewerId,
    supportedByMe: (t.supporterIds ?? []).includes(viewerId),
  };
}
