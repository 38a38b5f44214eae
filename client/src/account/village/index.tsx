import { Button, View } from '@tarojs/components';
import { useShareAppMessage } from '@tarojs/taro';
import { Async } from '../../components/Async';
import { Card, Muted, P, Row, SectionTitle, Tag } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { Empty } from '../../components/states';
import { rolesText } from '../../labels';
import { go, routes, useParams } from '../../routes';
import { account } from '../../services/api';
import type { VillageOverviewOutput } from '../../../../server/account/contract';
import { currentVillageId } from '../../state/me';
import { useQuery } from '../../state/useQuery';

/** A village at a glance: grids, households, who works each grid. No personal data. */
export default function VillagePage() {
  const villageId = useParams().villageId || currentVillageId() || '';
  const q = useQuery(() => account('villageOverview', { villageId }), [villageId], { refreshOnShow: true });
  useShareAppMessage(() => ({ title: '村群治理：点开申请加入本村', path: '/pages/patrol/index' }));
  return (
    <Screen title={q.data?.name ?? '本村概况'} read={q.data ? speakable(q.data) : undefined}>
      <Async query={q}>{(v) => <Village v={v} />}</Async>
    </Screen>
  );
}

function speakable(v: VillageOverviewOutput): string {
  return `${v.name}，属于${v.townshipName}。全村${v.counts.households}户，${v.counts.residents}人，分${v.grids.length}个网格。${v.grids
    .map((g) => `${g.name}，网格员${g.workers.map((w) => w.name).join('、') || '暂无'}`)
    .join('；')}。村委成员：${v.committee.map((m) => m.name).join('、') || '暂无'}。`;
}

function Village({ v }: { v: VillageOverviewOutput }) {
  const committee = v.myRoles.includes('committee');
  return (
    <View>
      <Card>
        <Muted>{v.townshipName}</Muted>
        <P strong>
          {v.counts.households} 户 · {v.counts.residents} 人 · {v.grids.length} 个网格
        </P>
        <Muted>
          其中老人 {v.counts.elderly} 人，线下代管 {v.counts.offline} 人；已绑定微信群 {v.boundGroups} 个
        </Muted>
        <Muted>村委成员：{v.committee.map((m) => m.name).join('、') || '暂无'}</Muted>
        <View className="cq-gap" />
        <Tag tone="primary">我的身份：{rolesText(v.myRoles)}</Tag>
      </Card>
      <Card>
        <Row label="成效看板" hint="本村办了多少事、多少户参与、大家满不满意（公开的汇总数字）" onClick={() => go(routes.dashboard, { villageId: v.villageId })} testId="village-dashboard" />
      </Card>

      <SectionTitle>网格</SectionTitle>
      <Card>
        {v.grids.length === 0 ? <Empty mark="格" title="还没有划分网格" /> : null}
        {v.grids.map((g) => (
          <Row
            key={g.gridId}
            label={g.name}
            hint={`${g.households} 户 · ${g.residents} 人 · 网格员：${g.workers.map((w) => w.name).join('、') || '暂无'}`}
            onClick={committee ? () => go(routes.households, { villageId: v.villageId, gridId: g.gridId, name: g.name }) : undefined}
          />
        ))}
      </Card>

      {committee ? (
        <View>
          <SectionTitle>村委</SectionTitle>
          <Card>
            <Row label="入村申请审核" value={v.counts.pendingApplications > 0 ? `${v.counts.pendingApplications} 条待审` : '没有待审'} onClick={() => go(routes.applications, { villageId: v.villageId })} />
            <Row label="邀请码" onClick={() => go(routes.invites, { villageId: v.villageId })} />
            <Row label="绑定村民群" hint="把小程序发到群里，再从群里点开绑定" onClick={() => go(routes.bindGroup, { villageId: v.villageId })} />
            {process.env.TARO_ENV === 'weapp' ? (
              <Button className="cq-btn cq-btn-block" openType="share">
                把小程序发到村民群
              </Button>
            ) : null}
          </Card>
        </View>
      ) : null}
    </View>
  );
}
