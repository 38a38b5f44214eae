import { Button, Text } from '@tarojs/components';
import { useShareAppMessage } from '@tarojs/taro';
import { useState } from 'react';
import { TextField } from '../../components/Field';
import { Banner, Btn, Card, Muted, P } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { SubmitBar } from '../../components/SubmitBar';
import { back, useParams } from '../../routes';
import { account, type Input } from '../../services/api';
import { groupCloudId, openedFromGroup } from '../../services/groupEntry';
import { currentVillageId } from '../../state/me';
import { useSubmit } from '../../state/useSubmit';

/**
 * Committee: bind the village's WeChat group. WeChat gives no way to read a group, only its id when
 * the mini-program is opened from a card inside it — so the committee shares the card into the group,
 * opens it there, and binds. Villagers opening the same card can then ask to join without a code.
 */
export default function BindGroupPage() {
  const villageId = useParams().villageId || currentVillageId() || '';
  const [groupName, setGroupName] = useState('');
  const [bound, setBound] = useState<{ alreadyBound: boolean } | null>(null);
  const fromGroup = openedFromGroup();
  useShareAppMessage(() => ({ title: '村群治理：点开申请加入本村', path: '/pages/patrol/index' }));

  // `group` travels as open data (WeChat resolves the card's CloudID; the router puts it into the payload)
  const submit = useSubmit(async (opts, name: string) =>
    account('bindGroup', { villageId, groupName: name || undefined } as Input<'account', 'bindGroup'>, { ...opts, openData: { group: await groupCloudId() } }),
  );

  if (bound !== null) {
    return (
      <Screen title="已绑定">
        <Banner>
          <P strong>{bound.alreadyBound ? '这个群之前已经绑定过了' : '这个群已绑定到本村'}</P>
          <Muted>群里的村民点开小程序卡片，就能直接申请加入，不用邀请码。</Muted>
        </Banner>
        <Btn type="primary" onClick={back}>
          好的
        </Btn>
      </Screen>
    );
  }

  if (!fromGroup) {
    return (
      <Screen title="绑定村民群" read="第一步，把小程序发到村民群。第二步，在群里点开这张卡片。第三步，点绑定。">
        <Card>
          <P strong>怎么绑定</P>
          <Text className="cq-li">第一步：把小程序发到村民群（点下面的按钮）。</Text>
          <Text className="cq-li">第二步：在群里点开这张卡片。</Text>
          <Text className="cq-li">第三步：在弹出的页面点“绑定这个群到本村”。</Text>
        </Card>
        {process.env.TARO_ENV === 'weapp' ? (
          <Button className="cq-btn cq-btn-primary cq-btn-block" openType="share">
            把小程序发到村民群
          </Button>
        ) : (
          <Muted>绑定微信群只能在微信里操作。</Muted>
        )}
      </Screen>
    );
  }

  return (
    <Screen title="绑定这个群到本村">
      <Card>
        <TextField name="groupName" label="群名称（方便村委辨认，可不填）" value={groupName} onChange={setGroupName} maxLength={40} placeholder="例如：青石村村民群" talk />
      </Card>
      <SubmitBar
        label="绑定这个群到本村"
        busy={submit.busy}
        error={submit.error}
        onSubmit={async () => {
          const r = await submit.run(groupName.trim());
          if (r) setBound({ alreadyBound: r.alreadyBound });
        }}
        secondary={{ label: '先不绑定', onClick: back }}
      />
    </Screen>
  );
}
