import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Async } from '../../components/Async';
import { TextField } from '../../components/Field';
import { Btn, Card, Muted, P, Tag } from '../../components/kit';
import { ReadAloud } from '../../components/ReadAloud';
import { Screen } from '../../components/Screen';
import { Empty } from '../../components/states';
import { useParams } from '../../routes';
import { ledger } from '../../services/api';
import { CLAIM_STATUS_LABEL, signed, when } from '../labels';
import type { ClaimView } from '../../../../server/ledger/contract';
import { fileUrl } from '../../services/upload';
import { useQuery } from '../../state/useQuery';
import { errorText, useSubmit } from '../../state/useSubmit';
import '../ledger.scss';

/** 积分公示 (everyone; objections) — or, with status=pending, the committee's review queue. */
export default function BoardPage() {
  const { villageId, status = 'public' } = useParams();
  const reviewing = status === 'pending';
  const list = useQuery(() => ledger('listClaims', { villageId, status: reviewing ? 'pending' : 'public' }), [villageId, status], { refreshOnShow: true });
  return (
    <Screen title={reviewing ? '审核申报' : '积分公示'} read={reviewing ? '审核申报。同意后公示，不同意要写明原因。' : '积分公示。公示期内，如果觉得哪一条不属实，可以提出异议，村委会重新审核。'}>
      <Async query={list}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty title={reviewing ? '没有待审核的申报' : '现在没有正在公示的积分'} hint={reviewing ? '有人申报后会出现在这里' : '村委同意的申报会在这里公示几天'} />
          ) : (
            <View>
              {data.items.map((c) => (
                <ClaimCard key={c.claimId} villageId={villageId} c={c} reviewing={reviewing} onDone={list.reload} />
              ))}
            </View>
          )
        }
      </Async>
    </Screen>
  );
}

function ClaimCard({ villageId, c, reviewing, onDone }: { villageId: string; c: ClaimView; reviewing: boolean; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [asking, setAsking] = useState<null | 'object' | 'reject' | 'void'>(null);
  const ids = { villageId, householdId: c.householdId, claimId: c.claimId };
  const act = useSubmit((opts, kind: 'approve' | 'reject' | 'object' | 'void', why: string) => {
    if (kind === 'approve') return ledger('reviewClaim', { ...ids, decision: 'approve' }, opts);
    if (kind === 'reject') return ledger('reviewClaim', { ...ids, decision: 'reject', reason: why }, opts);
    if (kind === 'object') return ledger('objectClaim', { ...ids, reason: why }, opts);
    return ledger('voidClaim', { ...ids, reason: why }, opts);
  });
  const run = async (kind: 'approve' | 'reject' | 'object' | 'void') => {
    const out = await act.run(kind, reason.trim());
    if (out) {
      Taro.showToast({ title: kind === 'approve' ? '已同意，开始公示' : kind === 'object' ? '异议已提交' : '已处理', icon: 'none' });
      setAsking(null);
      setReason('');
      onDone();
    }
  };
  const text = `${c.householdName}，${c.ruleName}，${signed(c.points)}分。${c.note}`;
  return (
    <Card>
      <View className="cq-row-main">
        <P strong>{`${c.householdName} · ${c.ruleName}`}</P>
        <Tag tone={c.points > 0 ? 'primary' : 'warn'}>{`${signed(c.points)} 分`}</Tag>
      </View>
      <P>{c.note}</P>
      <Muted>{`${c.category} · ${c.onBehalfOfName ? `${c.claimantName} 代 ${c.onBehalfOfName} 申报` : `${c.claimantName} 申报`} · ${when(c.createdAt)}`}</Muted>
      {c.publicUntil ? <Muted>{`公示到 ${when(c.publicUntil)}，期满无异议自动入账`}</Muted> : null}
      {c.objections.length ? <Muted>{`异议：${c.objections.map((o) => `${o.byName}：${o.reason}`).join('；')}`}</Muted> : null}
      {c.photos.length ? (
        <View className="cq-photos">
          {c.photos.map((f) => (
            <Image key={f} className="cq-photo" src={fileUrl(f)} mode="aspectFill" onClick={() => Taro.previewImage({ urls: c.photos.map(fileUrl), current: fileUrl(f) })} />
          ))}
        </View>
      ) : null}
      <Text className="cq-muted">{CLAIM_STATUS_LABEL[c.status]}</Text>
      <ReadAloud text={text} />
      {asking ? (
        <View>
          <TextField name="reason" label={asking === 'object' ? '异议理由' : asking === 'reject' ? '不同意的原因' : '作废原因'} value={reason} onChange={setReason} maxLength={100} talk />
          <Btn type="primary" disabled={!reason.trim()} loading={act.busy} onClick={() => run(asking)}>
            提交
          </Btn>
          <Btn onClick={() => setAsking(null)}>算了</Btn>
        </View>
      ) : reviewing ? (
        <View>
          <Btn type="primary" loading={act.busy} onClick={() => run('approve')} testId="approve-claim">
            同意，开始公示
          </Btn>
          <Btn onClick={() => setAsking('reject')}>不同意</Btn>
          <Btn type="danger" onClick={() => setAsking('void')}>作废</Btn>
        </View>
      ) : (
        <Btn onClick={() => setAsking('object')} testId="object-claim">
          我有异议
        </Btn>
      )}
      {act.error ? <Text className="cq-error-text">{errorText(act.error)}</Text> : null}
    </Card>
  );
}
