import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Async } from '../../components/Async';
import { AreaField, TextField } from '../../components/Field';
import { Banner, Btn, Card, Choices, Muted, P, SectionTitle } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { SubmitBar } from '../../components/SubmitBar';
import { Empty } from '../../components/states';
import { back, useParams } from '../../routes';
import { account } from '../../services/api';
import type { HouseholdView } from '../../../../server/account/contract';
import { useQuery } from '../../state/useQuery';
import { useSubmit } from '../../state/useSubmit';

const NEW_HOUSEHOLD = '__new__';
const QUICK_REASONS = ['核实不是本村村民', '信息不全，请补全后重新申请', '重复申请'];

/**
 * One application, one decision. Approve: pick the grid, then the household (or add the household
 * first); the grid follows the household. Refuse: say why — the applicant sees the reason.
 */
export default function ReviewPage() {
  const p = useParams();
  const [decision, setDecision] = useState<'approve' | 'reject' | null>(null);
  const [done, setDone] = useState<string | null>(null);

  if (done) {
    return (
      <Screen title="已处理">
        <Banner>
          <P strong>{done}</P>
        </Banner>
        <Btn type="primary" onClick={back} testId="review-done">
          回到申请列表
        </Btn>
      </Screen>
    );
  }

  return (
    <Screen title={`审核：${p.name ?? ''}`}>
      <Card>
        <P strong>{p.name}</P>
        {p.hint ? <Muted>自报户：{p.hint}</Muted> : null}
        {p.address ? <Muted>住址：{p.address}</Muted> : null}
        {p.phone ? <Muted>手机：{p.phone}</Muted> : null}
      </Card>
      <Card>
        <Choices
          options={[
            { value: 'approve', label: '通过，编入一户' },
            { value: 'reject', label: '不通过' },
          ]}
          value={decision}
          onChange={setDecision}
        />
      </Card>
      {decision === 'approve' ? <Approve villageId={p.villageId} applicationId={p.applicationId} hint={p.hint ?? ''} address={p.address ?? ''} onDone={setDone} /> : null}
      {decision === 'reject' ? <Reject villageId={p.villageId} applicationId={p.applicationId} onDone={setDone} /> : null}
    </Screen>
  );
}

function Approve({ villageId, applicationId, hint, address, onDone }: { villageId: string; applicationId: string; hint: string; address: string; onDone: (s: string) => void }) {
  const overview = useQuery(() => account('villageOverview', { villageId }), [villageId]);
  const [gridId, setGridId] = useState<string | null>(null);
  const [householdId, setHouseholdId] = useState<string | null>(null);
  const [newHead, setNewHead] = useState(hint.replace(/[家户（(].*$/, ''));
  const [newAddress, setNewAddress] = useState(address);
  const households = useQuery(
    () => (gridId ? account('listHouseholds', { villageId, gridId, pageSize: 100 }) : Promise.resolve({ items: [] as HouseholdView[], nextCursor: null })),
    [gridId],
  );

  const submit = useSubmit(async (opts, target: { householdId: string } | { headName: string; address: string; gridId: string }) => {
    let hid: string;
    let label: string;
    if ('householdId' in target) {
      hid = target.householdId;
      label = households.data?.items.find((h) => h.householdId === hid)?.headName ?? '';
    } else {
      // The household and the approval are two intents; each carries its own derived requestId.
      const h = await account('createHousehold', { villageId, gridId: target.gridId, headName: target.headName, address: target.address }, { requestId: `${opts.requestId}-h` });
      hid = h.householdId;
      label = h.headName;
    }
    await account('reviewApplication', { villageId, applicationId, decision: 'approve', householdId: hid }, { requestId: opts.requestId });
    return label;
  });

  const confirm = async () => {
    if (!gridId || !householdId) return;
    const target = householdId === NEW_HOUSEHOLD ? { headName: newHead.trim(), address: newAddress.trim(), gridId } : { householdId };
    if ('headName' in target && (!target.headName || !target.address)) {
      Taro.showToast({ title: '请填写户主和住址', icon: 'none' });
      return;
    }
    const label = await submit.run(target);
    if (label !== undefined) onDone(`已通过，编入${label ? `${label}户` : '该户'}`);
  };

  return (
    <View>
      <SectionTitle>第一步：选网格</SectionTitle>
      <Async query={overview}>
        {(v) =>
          v.grids.length === 0 ? (
            <Empty mark="格" title="还没有划分网格" />
          ) : (
            <Card>
              <Choices
                options={v.grids.map((g) => ({ value: g.gridId, label: g.name, hint: `${g.households} 户` }))}
                value={gridId}
                onChange={(g) => {
                  setGridId(g);
                  setHouseholdId(null);
                }}
              />
            </Card>
          )
        }
      </Async>
      {gridId ? (
        <View>
          <SectionTitle>第二步：选户</SectionTitle>
          <Async query={households}>
            {(page) => (
              <Card>
                <Choices
                  options={[
                    ...page.items.map((h) => ({ value: h.householdId, label: `${h.headName}户`, hint: h.address })),
                    { value: NEW_HOUSEHOLD, label: '＋ 这一户还没登记，新增一户' },
                  ]}
                  value={householdId}
                  onChange={setHouseholdId}
                />
                {householdId === NEW_HOUSEHOLD ? (
                  <View>
                    <View className="cq-gap" />
                    <TextField name="headName" label="户主姓名" value={newHead} onChange={setNewHead} maxLength={20} />
                    <AreaField label="住址" value={newAddress} onChange={setNewAddress} maxLength={80} />
                  </View>
                ) : null}
              </Card>
            )}
          </Async>
        </View>
      ) : null}
      <SubmitBar label="确认通过" testId="review-approve" disabled={!gridId || !householdId} busy={submit.busy} error={submit.error} onSubmit={confirm} />
    </View>
  );
}

function Reject({ villageId, applicationId, onDone }: { villageId: string; applicationId: string; onDone: (s: string) => void }) {
  const [reason, setReason] = useState('');
  const submit = useSubmit((opts, r: string) => account('reviewApplication', { villageId, applicationId, decision: 'reject', reason: r }, opts));
  const confirm = async () => {
    if (!reason.trim()) {
      Taro.showToast({ title: '请写明不通过的原因', icon: 'none' });
      return;
    }
    if (await submit.run(reason.trim())) onDone('已标记为不通过，申请人会看到原因');
  };
  return (
    <View>
      <SectionTitle>不通过的原因（申请人能看到）</SectionTitle>
      <Card>
        <Choices options={QUICK_REASONS.map((r) => ({ value: r, label: r }))} value={QUICK_REASONS.includes(reason) ? reason : null} onChange={setReason} />
        <View className="cq-gap" />
        <AreaField label="或者自己写" value={reason} onChange={setReason} maxLength={100} />
      </Card>
      <SubmitBar label="确认不通过" type="danger" testId="review-reject" busy={submit.busy} error={submit.error} onSubmit={confirm} />
    </View>
  );
}
