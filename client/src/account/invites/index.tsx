import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Async } from '../../components/Async';
import { TextField } from '../../components/Field';
import { Btn, Card, Choices, Muted, SectionTitle, Tag } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { SubmitBar } from '../../components/SubmitBar';
import { Empty } from '../../components/states';
import { INVITE_STATUS_LABEL, dateText } from '../../labels';
import { useParams } from '../../routes';
import { account } from '../../services/api';
import type { InviteView } from '../../../../server/account/contract';
import { currentVillageId } from '../../state/me';
import { useQuery } from '../../state/useQuery';
import { errorText, useSubmit } from '../../state/useSubmit';

/** The committee's invite codes: make one, read it out or copy it, revoke it. */
export default function InvitesPage() {
  const villageId = useParams().villageId || currentVillageId() || '';
  const q = useQuery(() => account('listInvites', { villageId }), [villageId]);
  const [days, setDays] = useState<'7' | '30'>('7');
  const [note, setNote] = useState('');

  const create = useSubmit((opts, input: { expiresInDays: number; note?: string }) => account('createInvite', { villageId, ...input, maxUses: 50 }, opts));
  const revoke = useSubmit((opts, inviteId: string) => account('revokeInvite', { villageId, inviteId }, opts));

  const onCreate = async () => {
    const inv = await create.run({ expiresInDays: Number(days), note: note.trim() || undefined });
    if (inv) {
      setNote('');
      q.reload();
    }
  };
  const onRevoke = async (inv: InviteView) => {
    const ok = await Taro.showModal({ title: '作废邀请码', content: `作废后，${inv.code} 就不能再用来申请了。确定吗？`, confirmText: '作废', cancelText: '不作废' });
    if (!ok.confirm) return;
    if (await revoke.run(inv.inviteId)) q.reload();
  };

  return (
    <Screen title="邀请码">
      <SectionTitle>新建邀请码</SectionTitle>
      <Card>
        <Choices
          options={[
            { value: '7', label: '7 天内有效' },
            { value: '30', label: '30 天内有效' },
          ]}
          value={days}
          onChange={setDays}
        />
        <View className="cq-gap" />
        <TextField name="note" label="备注（可不填）" hint="例如：发给三组的村民群" value={note} onChange={setNote} maxLength={60} talk />
        <SubmitBar label="生成邀请码" testId="invite-create" busy={create.busy} error={create.error} onSubmit={onCreate} />
      </Card>

      <SectionTitle>已有的邀请码</SectionTitle>
      {revoke.error ? <Text className="cq-error-text">{errorText(revoke.error)}</Text> : null}
      <Async query={q}>
        {({ items }) =>
          items.length === 0 ? (
            <Empty mark="码" title="还没有邀请码" hint="生成一个，发到村民群里或念给村民听。" />
          ) : (
            <View>
              {items.map((inv) => (
                <Card key={inv.inviteId}>
                  <View className="cq-head">
                    <Text className="cq-title" selectable data-testid="invite-code">
                      {inv.code}
                    </Text>
                    <Tag tone={inv.status === 'active' ? 'primary' : 'plain'}>{INVITE_STATUS_LABEL[inv.status]}</Tag>
                  </View>
                  <Muted>
                    已用 {inv.uses}/{inv.maxUses} 次 · {dateText(inv.expiresAt)} 到期
                  </Muted>
                  {inv.note ? <Muted>备注：{inv.note}</Muted> : null}
                  <Muted>
                    {inv.createdByName} 于 {dateText(inv.createdAt)} 生成
                  </Muted>
                  {inv.status === 'active' ? (
                    <View className="cq-btn-row cq-mt">
                      <Btn block={false} onClick={() => Taro.setClipboardData({ data: inv.code })}>
                        复制
                      </Btn>
                      <Btn block={false} type="danger" onClick={() => onRevoke(inv)}>
                        作废
                      </Btn>
                    </View>
                  ) : null}
                </Card>
              ))}
            </View>
          )
        }
      </Async>
    </Screen>
  );
}
