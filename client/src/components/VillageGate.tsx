import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useEffect, useState, type ReactNode } from 'react';
import { MEMBER_STATUS_LABEL } from '../labels';
import { routes, go } from '../routes';
import type { MeOutput, MembershipView } from '../../../server/account/contract';
import { openedFromGroup, onEntryChange } from '../services/groupEntry';
import { getToken, needsDevLogin } from '../services/session';
import { refreshMeIfStale, setCurrentVillage, useMe } from '../state/me';
import { Banner, Btn, Card, Muted, P, Tag } from './kit';
import { Empty, ErrorState, Loading } from './states';
import Taro from '@tarojs/taro';

/**
 * What every tab page stands on: who I am and which village I am looking at. Without a session (H5)
 * it sends the user to the persona picker; without a village it says so and offers to join; with a
 * pending application it shows "待村委审核".
 */
export function VillageGate({ children }: { children: (current: MembershipView, me: MeOutput) => ReactNode }) {
  const me = useMe();
  const [fromGroup, setFromGroup] = useState(openedFromGroup());
  useEffect(() => onEntryChange(() => setFromGroup(openedFromGroup())), []);

  useDidShow(() => {
    if (needsDevLogin && !getToken()) {
      Taro.reLaunch({ url: routes.devLogin });
      return;
    }
    refreshMeIfStale();
  });

  if (needsDevLogin && !getToken()) return <Loading text="正在前往登录…" />;
  if (!me.me) {
    if (me.status === 'error') return <ErrorState error={me.error} onRetry={me.reload} />;
    return <Loading />;
  }

  const current = me.current;
  const groupBanner = fromGroup ? <GroupCardBanner current={current} /> : null;
  if (!current) {
    return (
      <View>
        {groupBanner}
        <Pending applications={me.me.applications} />
        <Empty
          mark="村"
          title="您还没有加入村"
          hint="加入后，就能看到本村的群消息巡查、网格上报、议事和积分。"
          action={{ text: '加入我的村', onClick: () => go(routes.join) }}
        />
      </View>
    );
  }
  return (
    <View>
      {groupBanner}
      <VillageSwitcher current={current} memberships={me.me.memberships.filter((m) => m.status === 'active')} />
      {children(current, me.me)}
    </View>
  );
}

function Pending({ applications }: { applications: MembershipView[] }) {
  if (applications.length === 0) return null;
  return (
    <View>
      {applications.map((a) => (
        <Banner key={a.memberId} tone={a.status === 'rejected' ? 'warn' : 'info'}>
          <P strong>
            {a.villageName}：{MEMBER_STATUS_LABEL[a.status]}
          </P>
          {a.status === 'pending' ? <Muted>村委审核通过后，您就能看到本村的内容。</Muted> : null}
          {a.status === 'rejected' && a.rejectReason ? <Muted>原因：{a.rejectReason}</Muted> : null}
        </Banner>
      ))}
    </View>
  );
}

function VillageSwitcher({ current, memberships }: { current: MembershipView; memberships: MembershipView[] }) {
  const many = memberships.length > 1;
  const pick = () => {
    Taro.showActionSheet({ itemList: memberships.map((m) => m.villageName) }).then(
      (r) => setCurrentVillage(memberships[r.tapIndex].villageId),
      () => undefined,
    );
  };
  return (
    <View className="cq-row" onClick={many ? pick : () => go(routes.village, { villageId: current.villageId })} hoverClass="cq-row-hover">
      <View className="cq-row-main">
        <Text className="cq-row-hint">当前村</Text>
        <Text className="cq-row-label cq-strong">{current.villageName}</Text>
      </View>
      <Text className="cq-row-value">{many ? '切换村' : '本村概况'}</Text>
      <Text className="cq-row-arrow">›</Text>
    </View>
  );
}

/** Opened from a group's share card: offer the one thing that makes sense for this person. */
function GroupCardBanner({ current }: { current: MembershipView | null }) {
  const committee = current?.roles.includes('committee');
  if (current && !committee) return null;
  return (
    <Card>
      <P strong>您是从微信群里的卡片打开的</P>
      {committee ? (
        <>
          <Muted>如果这是本村的村民群，可以把它绑定到{current!.villageName}，群里的村民点卡片就能申请加入。</Muted>
          <View className="cq-gap" />
          <Btn type="primary" onClick={() => go(routes.bindGroup)}>
            绑定这个群到本村
          </Btn>
        </>
      ) : (
        <>
          <Muted>可以直接申请加入这个群所属的村，村委审核后生效。</Muted>
          <View className="cq-gap" />
          <Btn type="primary" onClick={() => go(routes.join, { via: 'group' })}>
            申请加入本群所属的村
          </Btn>
        </>
      )}
      <View className="cq-gap" />
      <Tag tone="plain">不用邀请码</Tag>
    </Card>
  );
}
