import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Async } from '../../components/Async';
import { Banner, Btn, Card, Muted, P, Row, SectionTitle, Tag } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { Empty } from '../../components/states';
import { ROLE_LABEL, rolesText } from '../../labels';
import { useParams } from '../../routes';
import { account } from '../../services/api';
import type { GridView, ResidentView } from '../../../../server/account/contract';
import { currentVillageId } from '../../state/me';
import { forgetKept, useKeptQuery } from '../../state/kept';
import { useQuery } from '../../state/useQuery';
import { errorText, useSubmit } from '../../state/useSubmit';

/** Committee: who is a grid worker (over which grids), who sits on the committee, who keeps the points shop. */
export default function RolesPage() {
  const villageId = useParams().villageId || currentVillageId() || '';
  const members = useQuery(() => account('listResidents', { villageId, pageSize: 100 }), [villageId]);
  // the grids to pick from: kept on the phone with the 网格 tab's overview (state/kept.ts)
  const overview = useKeptQuery(`overview:${villageId}`, () => account('villageOverview', { villageId }), [villageId]);
  const [picked, setPicked] = useState<ResidentView | null>(null);

  if (picked && overview.data) {
    return (
      <Screen title={`${picked.name}的角色`}>
        <MemberRoles
          villageId={villageId}
          member={picked}
          grids={overview.data.grids}
          onDone={() => {
            setPicked(null);
            members.reload();
            // a worker's grids changed: the kept overview (its workers) is stale
            forgetKept();
            overview.reload();
          }}
        />
      </Screen>
    );
  }

  return (
    <Screen title="成员与角色">
      <Muted>只有用微信加入的成员能担任网格员或村委；线下代管的居民不在这里。</Muted>
      <Async query={members}>
        {(page) => {
          const people = page.items.filter((r) => !r.offline);
          if (people.length === 0) return <Empty mark="人" title="还没有成员" />;
          return (
            <Card>
              {people.map((r) => (
                <Row key={r.residentId} label={r.name} hint={rolesText(r.roles)} onClick={() => setPicked(r)} />
              ))}
              {page.nextCursor ? <Muted>只列出了前 100 位。</Muted> : null}
            </Card>
          );
        }}
      </Async>
    </Screen>
  );
}

function MemberRoles({ villageId, member, grids, onDone }: { villageId: string; member: ResidentView; grids: GridView[]; onDone: () => void }) {
  const isWorker = member.roles.includes('grid_worker');
  const isCommittee = member.roles.includes('committee');
  const isKeeper = member.roles.includes('shopkeeper');
  const [gridIds, setGridIds] = useState<string[]>(grids.filter((g) => g.workers.some((w) => w.memberId === member.residentId)).map((g) => g.gridId));
  const assign = useSubmit((opts, input: { role: 'grid_worker'; gridIds: string[] } | { role: 'committee' } | { role: 'shopkeeper' }) =>
    account('assignRole', { villageId, memberId: member.residentId, ...input } as any, opts),
  );
  const revoke = useSubmit((opts, role: 'grid_worker' | 'committee' | 'shopkeeper') => account('revokeRole', { villageId, memberId: member.residentId, role }, opts));

  const toggle = (id: string) => setGridIds((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]));
  const confirmRevoke = async (role: 'grid_worker' | 'committee' | 'shopkeeper') => {
    const ok = await Taro.showModal({ title: `取消${ROLE_LABEL[role]}`, content: `确定取消 ${member.name} 的${ROLE_LABEL[role]}身份吗？`, confirmText: '取消身份', cancelText: '不取消' });
    if (ok.confirm && (await revoke.run(role))) onDone();
  };
  const error = assign.error ?? revoke.error;

  return (
    <View>
      <Card>
        <P strong>{member.name}</P>
        <View className="cq-mt">
          {member.roles.map((r) => (
            <Tag key={r} tone="primary">
              {ROLE_LABEL[r]}
            </Tag>
          ))}
        </View>
      </Card>

      <SectionTitle>网格员：负责哪些网格</SectionTitle>
      <Card>
        {grids.map((g) => {
          const on = gridIds.includes(g.gridId);
          return (
            <View key={g.gridId} className={`cq-row${on ? ' cq-row-selected' : ''}`} hoverClass="cq-row-hover" onClick={() => toggle(g.gridId)} ariaRole="checkbox">
              <View className={`cq-check${on ? ' cq-check-on' : ''}`}>
                <Text>{on ? '✓' : ''}</Text>
              </View>
              <View className="cq-row-main">
                <Text className="cq-row-label">{g.name}</Text>
              </View>
            </View>
          );
        })}
        <View className="cq-mt">
          <Btn type="primary" disabled={gridIds.length === 0} loading={assign.busy} onClick={async () => (await assign.run({ role: 'grid_worker', gridIds })) && onDone()}>
            {isWorker ? '保存负责的网格' : '设为网格员'}
          </Btn>
        </View>
        {isWorker ? (
          <View className="cq-mt">
            <Btn type="danger" loading={revoke.busy} onClick={() => confirmRevoke('grid_worker')}>
              取消网格员
            </Btn>
          </View>
        ) : null}
      </Card>

      {(
        [
          ['committee', '村委', isCommittee, '取消村委身份', '设为村委'],
          ['shopkeeper', '积分超市店主：负责兑换核销', isKeeper, '取消店主身份', '设为店主'],
        ] as const
      ).map(([role, title, holds, revokeText, assignText]) => (
        <View key={role}>
          <SectionTitle>{title}</SectionTitle>
          <Card>
            {holds ? (
              <Btn type="danger" loading={revoke.busy} onClick={() => confirmRevoke(role)}>
                {revokeText}
              </Btn>
            ) : (
              <Btn loading={assign.busy} onClick={async () => (await assign.run({ role })) && onDone()}>
                {assignText}
              </Btn>
            )}
          </Card>
        </View>
      ))}
      {error ? (
        <Banner tone="warn">
          <Text className="cq-error-text">{errorText(error)}</Text>
        </Banner>
      ) : null}
      <Btn onClick={onDone}>返回成员列表</Btn>
    </View>
  );
}
