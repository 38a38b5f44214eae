import { View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { Banner, Btn, Card, Choices, Muted, P, Row, SectionTitle, Tag } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { ErrorState, Loading } from '../../components/states';
import { SwitchRow } from '../../components/Switch';
import { setSpeechLang, speechLang, speechLangs, unavailable } from '../../elder/listen';
import { followWechatFont, setElderMode, useElder } from '../../elder/store';
import { UNAVAILABLE_TEXT, type SpeechLang } from '../../elder/talk';
import { MEMBER_STATUS_LABEL, ROLE_LABEL, rolesText } from '../../labels';
import { go, routes } from '../../routes';
import { account } from '../../services/api';
import type { MembershipView } from '../../../../server/account/contract';
import { useQuery } from '../../state/useQuery';
import { knownUnread } from '../../state/unread';
import { clearSession, getToken, needsDevLogin, sessionPersonaName } from '../../services/session';
import { refreshMe, refreshMeIfStale, resetMe, setCurrentVillage, useMe } from '../../state/me';
import { forgetKept } from '../../state/kept';

export default function MePage() {
  const me = useMe();
  useDidShow(() => {
    if (needsDevLogin && !getToken()) {
      Taro.reLaunch({ url: routes.devLogin });
      return;
    }
    // 我的 shows what the phone keeps (state/me.ts); 刷新 below asks again
    refreshMeIfStale();
  });

  return (
    <Screen title="我的">
      {me.me ? (
        <Who />
      ) : me.status === 'error' ? (
        <ErrorState error={me.error} onRetry={me.reload} />
      ) : (
        <Loading />
      )}
      <ElderSettings />
      <SpeechSettings />
      {needsDevLogin ? <LogOut /> : null}
    </Screen>
  );
}

function Who() {
  const { me, current } = useMe();
  const elder = useElder();
  if (!me) return null;
  const active = me.memberships.filter((m) => m.status === 'active');
  const name = current?.name || me.applications[0]?.name || sessionPersonaName() || '微信用户';
  return (
    <View>
      <Card>
        <P strong>{name}</P>
        {current ? (
          <Muted>
            {current.villageName} · {rolesText(current.roles)}
          </Muted>
        ) : (
          <Muted>还没有加入村</Muted>
        )}
      </Card>

      {me.applications.length > 0 ? (
        <View>
          <SectionTitle>我的申请</SectionTitle>
          {me.applications.map((a) => (
            <Banner key={a.memberId} tone={a.status === 'rejected' ? 'warn' : 'info'}>
              <P strong>
                {a.villageName}：{MEMBER_STATUS_LABEL[a.status]}
              </P>
              {a.status === 'rejected' && a.rejectReason ? <Muted>原因：{a.rejectReason}</Muted> : null}
            </Banner>
          ))}
        </View>
      ) : null}

      <SectionTitle>我的村</SectionTitle>
      <Card>
        {active.length === 0 ? <Muted>还没有加入任何村。</Muted> : null}
        {active.map((m) => (
          <VillageRow key={m.memberId} m={m} isCurrent={current?.villageId === m.villageId} many={active.length > 1} />
        ))}
        {/* 长辈模式: fewer choices — joining another village is rare once one is home. */}
        {/* township staff are appointed by the township, not joined by code */}
        {(active.length === 0 || !elder.elder) && !me.township ? <Row label="加入一个村" hint="用村委给的邀请码申请" onClick={() => go(routes.join)} testId="me-join" /> : null}
        <Row label="刷新我的信息" hint="村委刚批准、角色有变化时点这里" onClick={() => (forgetKept(), void refreshMe())} testId="me-refresh" />
      </Card>

      {current ? <InboxRow villageId={current.villageId} /> : null}
      {current ? <Card><Row label="村务公开" hint={current.roles.includes('committee') ? '党务、村务、财务公开；在这里发布通知' : '党务、村务、财务公开，可以听朗读、提问'} onClick={() => go(routes.notices, { villageId: current.villageId })} testId="me-notices" /></Card> : null}
      {current ? <Tools current={current} township={!!me.township} /> : me.township ? <Tools current={null} township /> : null}
    </View>
  );
}

/** 消息, with the unread count (every job's notices land there). */
function InboxRow({ villageId }: { villageId: string }) {
  // right after the board, its answer's count (state/unread.ts); shown again later, asked
  const [known] = useState(() => knownUnread(villageId));
  const unread = useQuery(() => account('inboxUnread', { villageId }), [villageId], { refreshOnShow: true, initial: known === undefined ? undefined : { unread: known } });
  const n = unread.data?.unread ?? 0;
  return (
    <Card>
      <Row label={<>消息 {n > 0 ? <Tag tone="warn">{n >= 99 ? '99+' : `${n}条未读`}</Tag> : null}</>} hint="上报的进展、需要您处理的事" onClick={() => go(routes.inbox, { villageId })} testId="me-inbox" />
    </Card>
  );
}

function VillageRow({ m, isCurrent, many }: { m: MembershipView; isCurrent: boolean; many: boolean }) {
  return (
    <Row
      label={
        <>
          {m.villageName} {isCurrent && many ? <Tag tone="primary">当前</Tag> : null}
        </>
      }
      hint={m.roles.map((r) => ROLE_LABEL[r]).join('、')}
      value={many && !isCurrent ? '切换到此村' : '本村概况'}
      onClick={() => (many && !isCurrent ? setCurrentVillage(m.villageId) : go(routes.village, { villageId: m.villageId }))}
    />
  );
}

/** Only the tools this person's roles allow; 长辈模式 keeps the list short. */
function Tools({ current, township }: { current: MembershipView | null; township: boolean }) {
  const elder = useElder();
  const committee = current?.roles.includes('committee');
  const worker = current?.roles.includes('grid_worker');
  if (!committee && !worker && !township) return null;
  const v = current?.villageId;
  return (
    <View>
      <SectionTitle>我的工作</SectionTitle>
      <Card>
        {committee ? <Row label="入村申请审核" hint="通过或不通过，并编入一户" onClick={() => go(routes.applications, { villageId: v })} testId="me-applications" /> : null}
        {committee ? <Row label="邀请码" hint="发给村民，用来申请加入" onClick={() => go(routes.invites, { villageId: v })} /> : null}
        {committee && !elder.elder ? <Row label="成员与角色" hint="设网格员、村委" onClick={() => go(routes.roles, { villageId: v })} /> : null}
        {committee && !elder.elder ? <Row label="操作记录" hint="谁在什么时候做了什么" onClick={() => go(routes.audit, { villageId: v })} /> : null}
        {worker && !committee ? <Row label="我的网格" hint="各户、居民，线下代管" onClick={() => go(routes.grid)} /> : null}
        {committee ? <Row label="成效看板" hint="参与、办结、满意度，每个数字都能点开看明细" onClick={() => go(routes.dashboard, { villageId: v })} testId="me-dashboard" /> : null}
        {township ? <Row label="乡镇成效看板" hint="辖区各村并排对比" onClick={() => go(routes.dashboard)} testId="me-township-dashboard" /> : null}
      </Card>
      {committee && elder.elder ? <Muted>长辈模式下只列常用的事；关掉长辈模式可看到全部。</Muted> : null}
    </View>
  );
}

function ElderSettings() {
  const elder = useElder();
  const wechat = elder.wechatScale !== 1 ? `微信字体 ${Math.round(elder.wechatScale * 100)}%` : '微信字体为标准大小';
  return (
    <View>
      <SectionTitle>看得清、听得见</SectionTitle>
      <Card>
        <SwitchRow
          label="长辈模式"
          hint={`字更大、对比更强、按钮更大。${elder.source === 'wechat' ? '现在跟随微信字体设置' : '您手动设置过'}（${wechat}）`}
          on={elder.elder}
          onChange={setElderMode}
          testId="elder-switch"
        />
        {elder.source === 'manual' ? <Row label="改回跟随微信字体" onClick={followWechatFont} /> : null}
      </Card>
    </View>
  );
}

/** Which speech the talk button listens for — chosen once, kept on this device. */
function SpeechSettings() {
  const [lang, setLang] = useState<SpeechLang>(speechLang);
  const why = unavailable();
  return (
    <View>
      <SectionTitle>说话变文字</SectionTitle>
      <Card>
        {why ? (
          <Muted>{`${UNAVAILABLE_TEXT[why]}。在发帖、上报时按「按住录语音」，会录成一段语音发出去。`}</Muted>
        ) : (
          <View data-testid="speech-lang">
            <Muted>按住说话时，按哪种话来听：</Muted>
            <Choices
              options={speechLangs().map((l) => ({ value: l.value, label: l.label }))}
              value={lang}
              onChange={(l) => {
                setSpeechLang(l);
                setLang(l);
              }}
            />
          </View>
        )}
      </Card>
    </View>
  );
}

function LogOut() {
  return (
    <View>
      <View className="cq-gap" />
      <Btn
        onClick={() => {
          clearSession();
          resetMe();
          Taro.reLaunch({ url: routes.devLogin });
        }}
      >
        退出登录（换一个演示身份）
      </Btn>
    </View>
  );
}
