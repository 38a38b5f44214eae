import { useState } from 'react';
import { AreaField, TextField } from '../../components/Field';
import { Banner, Btn, Card, Muted, P } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { SubmitBar } from '../../components/SubmitBar';
import { MEMBER_STATUS_LABEL } from '../../labels';
import { back, go, routes, useParams } from '../../routes';
import { account, type Input } from '../../services/api';
import { groupCloudId, openedFromGroup } from '../../services/groupEntry';
import { refreshMe, useMe } from '../../state/me';
import { useSubmit } from '../../state/useSubmit';

interface JoinForm {
  code: string;
  name: string;
  householdHint: string;
  address: string;
  phone: string;
}

function clean(f: JoinForm) {
  const opt = (s: string) => (s.trim() ? s.trim() : undefined);
  return { name: f.name.trim(), householdHint: opt(f.householdHint), address: opt(f.address), phone: opt(f.phone) };
}

/** Ask to join a village: by the committee's invite code, or (in WeChat) from the village group's card. */
export default function JoinPage() {
  const params = useParams();
  const viaGroup = params.via === 'group' && openedFromGroup();
  const { me } = useMe();
  const [form, setForm] = useState<JoinForm>({ code: params.code ?? '', name: '', householdHint: '', address: '', phone: '' });
  const [done, setDone] = useState<{ villageName: string; status: keyof typeof MEMBER_STATUS_LABEL } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const set = (k: keyof JoinForm) => (v: string) => setForm((f) => ({ ...f, [k]: v }));

  const submit = useSubmit(async (opts, f: JoinForm) => {
    const res = viaGroup
      ? // `group` travels as open data (WeChat resolves the card's CloudID; the router puts it into the payload)
        await account('joinByGroupCard', clean(f) as Input<'account', 'joinByGroupCard'>, { ...opts, openData: { group: await groupCloudId() } })
      : await account('joinByInvite', { code: f.code.trim(), ...clean(f) }, opts);
    return res;
  });

  const onSubmit = async () => {
    setProblem(null);
    if (!viaGroup && !/^[A-Za-z0-9]{4,12}$/.test(form.code.trim())) return setProblem('请填写村委给您的邀请码（4 到 12 位字母或数字）。');
    if (!form.name.trim()) return setProblem('请填写您的姓名。');
    if (form.phone.trim() && !/^1\d{10}$/.test(form.phone.trim())) return setProblem('手机号要 11 位，也可以不填。');
    const res = await submit.run(form);
    if (res) {
      setDone({ villageName: res.villageName, status: res.status });
      refreshMe();
    }
  };

  if (done) {
    return (
      <Screen title="申请已提交" read={`申请已提交。${done.villageName}，${MEMBER_STATUS_LABEL[done.status]}。村委审核通过后，您就能看到本村的内容。`}>
        <Banner>
          <P strong>
            {done.villageName}：{MEMBER_STATUS_LABEL[done.status]}
          </P>
          <Muted>村委审核通过后，您就能看到本村的内容。审核结果会显示在“我的”里。</Muted>
        </Banner>
        <Btn type="primary" onClick={() => go(routes.me)} testId="join-done">
          好的
        </Btn>
      </Screen>
    );
  }

  const pending = (me?.applications ?? []).filter((a) => a.status === 'pending');
  return (
    <Screen title={viaGroup ? '申请加入本群所属的村' : '用邀请码加入村'} read="填写邀请码、您的姓名和住址，提交后等村委审核。">
      {pending.map((a) => (
        <Banner key={a.memberId}>
          <P strong>
            {a.villageName}：{MEMBER_STATUS_LABEL[a.status]}
          </P>
          <Muted>您已经申请过了，不用重复申请。</Muted>
        </Banner>
      ))}
      <Card>
        {viaGroup ? (
          <Muted>您是从村里微信群的卡片打开的，不需要邀请码。</Muted>
        ) : (
          <TextField name="code" label="邀请码" hint="向村委或网格员要，几位字母或数字" value={form.code} onChange={set('code')} maxLength={12} placeholder="例如 QS2024" />
        )}
        <TextField name="name" label="您的姓名" value={form.name} onChange={set('name')} maxLength={20} placeholder="写真实姓名，方便村委核对" />
        <TextField name="householdHint" label="您是哪一户的" hint="例如：张建国家。村委据此把您编入一户。" value={form.householdHint} onChange={set('householdHint')} maxLength={40} talk />
        <AreaField label="住址（可不填）" value={form.address} onChange={set('address')} maxLength={80} placeholder="例如：东头第三排 12 号" />
        <TextField name="phone" type="number" label="手机号（可不填）" value={form.phone} onChange={set('phone')} maxLength={11} />
      </Card>
      <SubmitBar label="提交申请" testId="join-submit" busy={submit.busy} error={problem ?? submit.error} onSubmit={onSubmit} secondary={{ label: '返回', onClick: back }} />
    </Screen>
  );
}
