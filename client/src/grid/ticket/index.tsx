import { Image, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Async } from '../../components/Async';
import { AreaField, TextField } from '../../components/Field';
import { Banner, Btn, Card, Choices, Muted, P, SectionTitle, Tag } from '../../components/kit';
import { PhotoPicker } from '../../components/PhotoPicker';
import { Screen } from '../../components/Screen';
import { SubmitBar } from '../../components/SubmitBar';
import { useElder } from '../../elder/store';
import { useParams } from '../../routes';
import { fileUrl } from '../../services/upload';
import { grid } from '../../services/api';
import type { TicketDetail, TransitionAction } from '../../../../server/grid/contract';
import { useQuery } from '../../state/useQuery';
import { errorText, useSubmit } from '../../state/useSubmit';
import { TICKET_STATUS, TRANSITIONS } from '../../../../server/grid/transitions';
import { askConsent, playVoice, type Uploaded } from '../../services/media';
import { CONSENT_LABEL, dueText, EscalationTag, Stars, StatusTag, ticketNo, when } from '../ui';
import '../grid.scss';

/** One ticket: what was reported, where it stands, its timeline, and the steps the viewer may take now. */
export default function TicketPage() {
  const { villageId, ticketId } = useParams();
  const q = useQuery(() => grid('getTicket', { villageId, ticketId }), [villageId, ticketId], { refreshOnShow: true });
  return (
    <Screen title={`工单 ${ticketNo(ticketId || '')}`} read={q.data ? readOut(q.data) : undefined}>
      <Async query={q}>{(t) => <Detail t={t} villageId={villageId} onChanged={q.reload} />}</Async>
    </Screen>
  );
}

function readOut(t: TicketDetail): string {
  const due = dueText(t);
  return `${t.categoryName}问题。${t.text || '语音上报'}。现在${TRANSITIONS_STATE(t)}。${due ?? ''}`;
}
const TRANSITIONS_STATE = (t: TicketDetail) => `${t.assigneeName ? `由${t.assigneeName}处理，` : ''}状态是${TICKET_STATUS[t.status]}`;

function Detail({ t, villageId, onChanged }: { t: TicketDetail; villageId: string; onChanged: () => void }) {
  const due = dueText(t);
  return (
    <View>
      <Card>
        <View>
          <StatusTag status={t.status} bucket={t.bucket} />
          <EscalationTag level={t.escalation} />
          <Tag>{t.categoryName}</Tag>
        </View>
        <P strong>{t.text || '（语音上报）'}</P>
        {t.voice ? <Btn onClick={() => playVoice(fileUrl(t.voice!.fileId))}>{`听语音（${t.voice.durationS}秒）`}</Btn> : null}
        <Photos ids={t.photos} />
        <Muted>{`${t.gridName}${t.place ? ` · ${t.place.label}` : ''}`}</Muted>
        <Muted>{`${t.reporterName} 于 ${when(t.createdAt)} 上报${t.reportedBy ? `（${t.reportedBy.name} 代报，${CONSENT_LABEL[t.reportedBy.consent]}）` : ''}`}</Muted>
        {t.assigneeName ? <Muted>{`处理人：${t.assigneeName}`}</Muted> : <Muted>{t.route === 'committee' ? '等待村委受理' : '等待网格员受理'}</Muted>}
        {due ? <Banner tone={t.dueAt! < Date.now() ? 'warn' : 'info'}>{due}</Banner> : null}
        {t.supporters ? <Muted>{`${t.supporters} 位村民附议`}</Muted> : null}
      </Card>

      {t.resolution ? (
        <Card>
          <P strong>办理结果</P>
          <P>{t.resolution.note}</P>
          <Photos ids={t.resolutionPhotos} />
        </Card>
      ) : null}
      {t.rejection ? (
        <Banner tone="warn">
          <P strong>{`不属于村里处理：${t.rejection.reason}`}</P>
          <P>{`请联系：${t.rejection.referral}`}</P>
        </Banner>
      ) : null}
      {t.duplicateOf ? <Banner>{`与工单 ${ticketNo(t.duplicateOf)} 是同一个问题，请看那一张`}</Banner> : null}
      {t.rating ? (
        <Card>
          <Stars value={t.rating.stars} />
          {t.rating.comment ? <P>{t.rating.comment}</P> : null}
          {t.rating.onBehalf ? <Muted>网格员代居民确认（代办）</Muted> : null}
        </Card>
      ) : null}

      <Actions t={t} villageId={villageId} onChanged={onChanged} />

      <SectionTitle>办理经过</SectionTitle>
      <Card>
        {t.timeline.map((e, i) => (
          <View key={i} className="cq-timeline-item">
            <Text className="cq-text">{e.summary}</Text>
            <Muted>{`${when(e.at)}${e.onBehalf ? ' · 代办' : ''}`}</Muted>
          </View>
        ))}
      </Card>
    </View>
  );
}

function Photos({ ids }: { ids: string[] }) {
  if (!ids.length) return null;
  return (
    <View className="cq-photos">
      {ids.map((id) => (
        <Image key={id} className="cq-photo" src={fileUrl(id)} mode="aspectFill" />
      ))}
    </View>
  );
}

/** The buttons come from the transition table (label next to the code), filtered by what the server allows this viewer. */
function Actions({ t, villageId, onChanged }: { t: TicketDetail; villageId: string; onChanged: () => void }) {
  const elder = useElder();
  const [open, setOpen] = useState<TransitionAction | null>(null);
  const ref = { villageId, ticketId: t.ticketId };
  const quick = useSubmit((opts, action: 'accept' | 'start') => (action === 'accept' ? grid('acceptTicket', ref, opts) : grid('startTicket', ref, opts)));
  const support = useSubmit((opts) => grid('supportTicket', ref, opts));
  // in 长辈模式 a resident sees only what matters to them: confirm or reopen
  const shown = t.allowed.filter((a) => !elder.elder || ['confirm', 'reopen', 'accept', 'start', 'resolve'].includes(a));
  if (!shown.length && !t.canSupport) return null;
  return (
    <View>
      <SectionTitle>现在可以做</SectionTitle>
      <Card>
        {shown.map((a) =>
          a === 'accept' || a === 'start' ? (
            <Btn key={a} type="primary" testId={`do-${a}`} loading={quick.busy} onClick={async () => (await quick.run(a)) && onChanged()}>
              {TRANSITIONS[a].label}
            </Btn>
          ) : (
            <Btn key={a} type={a === 'confirm' || a === 'resolve' ? 'primary' : 'default'} testId={`do-${a}`} onClick={() => setOpen(open === a ? null : a)}>
              {TRANSITIONS[a].label}
            </Btn>
          ),
        )}
        {t.canSupport ? (
          <Btn testId="do-support" loading={support.busy} onClick={async () => (await support.run()) && onChanged()}>
            我也遇到了（附议 +1）
          </Btn>
        ) : null}
        {quick.error ? <Text className="cq-error-text">{errorText(quick.error)}</Text> : null}
        {support.error ? <Text className="cq-error-text">{errorText(support.error)}</Text> : null}
      </Card>
      {open ? <ActionForm action={open} t={t} villageId={villageId} onDone={() => { setOpen(null); onChanged(); }} /> : null}
    </View>
  );
}

function ActionForm({ action, t, villageId, onDone }: { action: TransitionAction; t: TicketDetail; villageId: string; onDone: () => void }) {
  const ref = { villageId, ticketId: t.ticketId };
  const [note, setNote] = useState('');
  const [referral, setReferral] = useState('');
  const [rating, setRating] = useState(0);
  const [photos, setPhotos] = useState<Uploaded[]>([]);
  const [picking, setPicking] = useState(false);
  const [target, setTarget] = useState<string | null>(null);
  const setup = useQuery(() => (action === 'transfer' ? grid('reportSetup', { villageId }) : Promise.resolve(null)), [action]);
  const candidates = useQuery(() => (action === 'duplicate' ? grid('publicBoard', { villageId, bucket: 'open', pageSize: 50 }) : Promise.resolve(null)), [action]);
  const confirmSetup = useQuery(() => (action === 'confirm' ? grid('reportSetup', { villageId }) : Promise.resolve(null)), [action]);
  const setupTemplate = confirmSetup.data?.templates.ticketUpdate ?? null;
  const submit = useSubmit(async (opts): Promise<unknown> => {
    switch (action) {
      case 'resolve':
        return grid('resolveTicket', { ...ref, note: note.trim(), photos: photos.map((p) => ({ fileId: p.fileId, bytes: p.bytes })) }, opts);
      case 'reject':
        return grid('rejectTicket', { ...ref, reason: note.trim(), referral: referral.trim() }, opts);
      case 'duplicate':
        return grid('markDuplicate', { ...ref, duplicateOf: target! }, opts);
      case 'transfer':
        return grid('transferTicket', { ...ref, reason: note.trim(), to: target === 'committee' ? { kind: 'committee' } : { kind: 'grid', gridId: target! } }, opts);
      case 'close_unresolved':
        return grid('closeUnresolved', { ...ref, reason: note.trim() }, opts);
      case 'confirm': {
        const accepted = await askConsent([setupTemplate]);
        return grid('confirmTicket', { ...ref, rating, comment: note.trim() || undefined, subscribe: accepted.length ? { templateIds: accepted } : undefined }, opts);
      }
      case 'reopen':
        return grid('reopenTicket', { ...ref, reason: note.trim() }, opts);
      default:
        return null;
    }
  });

  const ready =
    action === 'confirm' ? rating > 0 : action === 'duplicate' ? !!target : action === 'transfer' ? !!target && !!note.trim() : action === 'reject' ? !!note.trim() && !!referral.trim() : !!note.trim();
  return (
    <Card>
      <P strong>{TRANSITIONS[action].label}</P>
      {action === 'confirm' ? (
        <View>
          <Muted>问题解决得怎么样？请打分</Muted>
          <Stars value={rating} onChange={setRating} />
          <AreaField name="comment" label="想说的话（可不填）" value={note} onChange={setNote} maxLength={200} />
        </View>
      ) : null}
      {action === 'resolve' ? (
        <View>
          <AreaField name="note" label="怎么办好的" value={note} onChange={setNote} maxLength={300} placeholder="例如：已更换水管，恢复供水" />
          <PhotoPicker value={photos} onChange={setPhotos} max={6} addLabel="拍一张办好后的照片" onBusy={setPicking} />
        </View>
      ) : null}
      {action === 'reject' ? (
        <View>
          <AreaField name="reason" label="为什么不归村里处理" value={note} onChange={setNote} maxLength={200} />
          <TextField name="referral" label="应该找谁（单位、电话）" value={referral} onChange={setReferral} maxLength={100} placeholder="例如：河湾供电所 95598" talk />
        </View>
      ) : null}
      {action === 'reopen' || action === 'close_unresolved' ? <AreaField name="reason" label={action === 'reopen' ? '哪里还没解决' : '为什么解决不了'} value={note} onChange={setNote} maxLength={200} /> : null}
      {action === 'transfer' ? (
        <Async query={setup}>
          {(s) => (
            <View>
              <Choices
                options={[...(s?.grids ?? []).filter((g) => g.gridId !== t.gridId).map((g) => ({ value: g.gridId, label: `转给${g.name}` })), { value: 'committee', label: '转给村委' }]}
                value={target}
                onChange={setTarget}
              />
              <AreaField name="reason" label="转办原因" value={note} onChange={setNote} maxLength={200} />
            </View>
          )}
        </Async>
      ) : null}
      {action === 'duplicate' ? (
        <Async query={candidates}>
          {(page) => {
            const others = (page?.items ?? []).filter((i) => i.ticketId !== t.ticketId);
            return others.length ? (
              <Choices options={others.map((i) => ({ value: i.ticketId, label: `${ticketNo(i.ticketId)} ${i.categoryName}`, hint: i.text }))} value={target} onChange={setTarget} />
            ) : (
              <Muted>没有其他未办结的工单。</Muted>
            );
          }}
        </Async>
      ) : null}
      <SubmitBar label={`确定${TRANSITIONS[action].label}`} testId="action-submit" disabled={!ready || picking} busy={submit.busy} error={submit.error} onSubmit={async () => (await submit.run()) && onDone()} />
    </Card>
  );
}

