import { View } from '@tarojs/components';
import { Async } from '../../components/Async';
import { JobIntro } from '../../components/JobIntro';
import { Btn, Card, Muted, P, Row, SectionTitle } from '../../components/kit';
import { useElder } from '../../elder/store';
import { Screen } from '../../components/Screen';
import { Empty } from '../../components/states';
import { VillageGate } from '../../components/VillageGate';
import { go, routes } from '../../routes';
import { account } from '../../services/api';
import type { GridView, MembershipView, MyGrid, VillageOverviewOutput } from '../../../../server/account/contract';
import { useKeptQuery } from '../../state/kept';

const INTRO = ['全村分成几个网格，每个网格有网格员。', '遇到问题可以上报，系统按网格派给网格员，有办理时限，超时会上报村委、乡镇。', '办完后请您确认并评价。'];

export default function GridTab() {
  return (
    <Screen title="网格" read={`网格。${INTRO.join('')}`}>
      <VillageGate>{(current) => <Grids current={current} />}</VillageGate>
    </Screen>
  );
}

/** Grid workers, the committee and township staff handle tickets and see every grid they may; a resident, their own. */
const handlesGrids = (m: MembershipView): boolean => m.roles.some((r) => r === 'grid_worker' || r === 'committee' || r === 'township');

function Grids({ current }: { current: MembershipView }) {
  // a resident sees their own grid, which came with `me` (and the board's stamp keeps it current): no call
  if (!handlesGrids(current) && current.myGrid !== undefined) {
    return (
      <View>
        <Tickets current={current} />
        <OwnGrid grid={current.myGrid} />
        <JobIntro title="网格上报" lines={INTRO} />
      </View>
    );
  }
  return <AllGrids current={current} />;
}

function AllGrids({ current }: { current: MembershipView }) {
  // the village and its grids rarely change: kept on the phone (state/kept.ts; 我的 → 刷新 forgets it)
  const overview = useKeptQuery(`overview:${current.villageId}`, () => account('villageOverview', { villageId: current.villageId }), [current.villageId]);
  return (
    <Async query={overview}>
      {(v) => (
        <View>
          <Tickets current={current} />
          <MyGrid current={current} village={v} />
          <JobIntro title="网格上报" lines={INTRO} />
        </View>
      )}
    </Async>
  );
}

/** 网格上报: report (the big button first), my reports, the handler's due list, the public board. */
function Tickets({ current }: { current: MembershipView }) {
  const elder = useElder();
  const v = current.villageId;
  const handler = handlesGrids(current);
  const resident = current.roles.includes('resident');
  return (
    <View>
      {resident || current.roles.includes('grid_worker') ? (
        <Btn type="primary" testId="grid-report" onClick={() => go(routes.report, { villageId: v })}>
          我要上报问题
        </Btn>
      ) : null}
      <View className="cq-gap" />
      <Card>
        {handler ? <Row label="待办工单" hint="最快到期的在最前面" onClick={() => go(routes.dueTickets, { villageId: v })} testId="grid-due" /> : null}
        <Row label="我的上报" hint="看看办到哪一步了，办好了请确认" onClick={() => go(routes.myTickets, { villageId: v })} testId="grid-mine" />
        {/* 长辈模式: fewer choices, but the public board stays — 附议 spares a second report */}
        <Row label="问题曝光" hint={elder.elder ? '全村的问题和办理情况' : '全村的问题和办理情况（已隐去个人信息），可附议'} onClick={() => go(routes.board, { villageId: v })} testId="grid-board" />
      </Card>
    </View>
  );
}

function gridHint(g: GridView): string {
  const workers = g.workers.map((w) => w.name).join('、') || '暂无网格员';
  return `${g.households} 户 · ${g.residents} 人 · 网格员：${workers}`;
}

/** Residents see their own grid; grid workers their grids; the committee every grid. */
function MyGrid({ current, village }: { current: MembershipView; village: VillageOverviewOutput }) {
  const committee = current.roles.includes('committee');
  const worker = current.roles.includes('grid_worker');
  const township = current.roles.includes('township');
  if (township && !committee && !worker) {
    // Township staff see the village's grids at a glance; the register itself stays with the village.
    return (
      <View>
        <SectionTitle>全村网格</SectionTitle>
        <Card>
          {village.grids.length === 0 ? <Empty mark="格" title="还没有划分网格" /> : null}
          {village.grids.map((g) => (
            <Row key={g.gridId} label={g.name} hint={gridHint(g)} />
          ))}
        </Card>
      </View>
    );
  }
  if (committee || worker) {
    const grids = committee ? village.grids : village.grids.filter((g) => current.gridIds.includes(g.gridId));
    return (
      <View>
        <SectionTitle>{committee ? '全村网格' : '我负责的网格'}</SectionTitle>
        <Card>
          {grids.length === 0 ? (
            <Empty mark="格" title="还没有网格" hint={committee ? '请先在后台划分网格。' : '村委还没有给您分配网格。'} />
          ) : (
            grids.map((g) => (
              <Row key={g.gridId} label={g.name} hint={gridHint(g)} onClick={() => go(routes.households, { villageId: current.villageId, gridId: g.gridId, name: g.name })} />
            ))
          )}
        </Card>
      </View>
    );
  }
  const mine = village.grids.find((g) => g.gridId === current.gridId);
  return <OwnGrid grid={mine ?? null} />;
}

/** A resident's own grid and its grid workers. */
function OwnGrid({ grid }: { grid: MyGrid | null }) {
  return (
    <View>
      <SectionTitle>我所在的网格</SectionTitle>
      <Card>
        {grid ? (
          <>
            <P strong>{grid.name}</P>
            <Muted>网格员：{grid.workers.map((w) => w.name).join('、') || '暂无'}</Muted>
          </>
        ) : (
          <Muted>您还没有被分到网格，请联系村委。</Muted>
        )}
      </Card>
    </View>
  );
}
