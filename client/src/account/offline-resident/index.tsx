import { View } from '@tarojs/components';
import { useState } from 'react';
import { AreaField, TextField } from '../../components/Field';
import { Banner, Btn, Card, Muted, P, Tag } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { SubmitBar } from '../../components/SubmitBar';
import { SwitchRow } from '../../components/Switch';
import { back, useParams } from '../../routes';
import { account } from '../../services/api';
import { useSubmit } from '../../state/useSubmit';

/**
 * A grid worker registers a resident who has no WeChat. The record is openly marked 线下代管: the
 * resident is never given a fake account, and everything the grid worker later does for them is
 * recorded as 代办. The resident's consent is asked first and written into the record.
 */
export const CONSENT_NOTE = '已当面告知本人并征得同意，由网格员代为登记和办理';

export default function OfflineResidentPage() {
  const p = useParams();
  const [name, setName] = useState('');
  const [birthYear, setBirthYear] = useState('');
  const [phone, setPhone] = useState('');
  const [elderly, setElderly] = useState(false);
  const [note, setNote] = useState('');
  const [consent, setConsent] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);

  const submit = useSubmit((opts, input: { name: string; birthYear?: number; phone?: string; elderly: boolean; note: string }) =>
    account('createOfflineResident', { villageId: p.villageId, householdId: p.householdId, ...input }, opts),
  );

  const onSubmit = async () => {
    setProblem(null);
    if (!consent) return setProblem('请先当面征得本人同意，并勾选“本人已同意”。');
    if (!name.trim()) return setProblem('请填写姓名。');
    const year = birthYear.trim() ? Number(birthYear.trim()) : undefined;
    if (year !== undefined && !(year >= 1900 && year <= new Date().getFullYear())) return setProblem('出生年份填四位数，例如 1948。');
    if (phone.trim() && !/^1\d{10}$/.test(phone.trim())) return setProblem('手机号要 11 位，也可以不填。');
    const fullNote = [`【${CONSENT_NOTE}】`, note.trim()].filter(Boolean).join(' ').slice(0, 200);
    const r = await submit.run({ name: name.trim(), birthYear: year, phone: phone.trim() || undefined, elderly, note: fullNote });
    if (r) setCreated(r.name);
  };

  if (created) {
    return (
      <Screen title="已登记">
        <Banner>
          <P strong>{created} 已登记为线下代管居民</P>
          <Muted>以后您替 {created} 办的事，记录上都会写明是代办。</Muted>
        </Banner>
        <Btn type="primary" onClick={back} testId="offline-done">
          回到这一户
        </Btn>
      </Screen>
    );
  }

  return (
    <Screen title="新增线下居民" read="为没有微信的村民登记。先当面征得本人同意，记录会标明线下代管，以后替他办事都会写明是代办。">
      <Banner tone="warn">
        <View>
          <Tag tone="warn">线下代管</Tag>
        </View>
        <Muted>给没有微信的村民登记。不会替他开微信账号；以后您替他办的每件事，记录上都写明是代办。</Muted>
      </Banner>
      {p.householdName ? <Muted>登记到：{p.householdName}户</Muted> : null}
      <Card>
        <TextField name="name" label="姓名" value={name} onChange={setName} maxLength={20} />
        <TextField name="birthYear" type="number" label="出生年份（可不填）" value={birthYear} onChange={setBirthYear} maxLength={4} placeholder="例如 1948" />
        <SwitchRow label="是老人" hint="记入名册，方便网格员多照看" on={elderly} onChange={setElderly} />
        <TextField name="phone" type="number" label="手机号（可不填，例如家属的）" value={phone} onChange={setPhone} maxLength={11} />
        <AreaField label="备注（可不填）" value={note} onChange={setNote} maxLength={120} placeholder="例如：儿子在外打工，常年独居" />
      </Card>
      <Card>
        <SwitchRow label="本人已同意由我代管" hint={CONSENT_NOTE} on={consent} onChange={setConsent} testId="offline-consent" />
      </Card>
      <SubmitBar label="登记" testId="offline-submit" busy={submit.busy} error={problem ?? submit.error} onSubmit={onSubmit} />
    </Screen>
  );
}
