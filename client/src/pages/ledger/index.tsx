import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { Btn, Card, Muted, P, Row, SectionTitle, Tag } from '../../components/kit';
import { ReadAloud } from '../../components/ReadAloud';
import { Screen } from '../../components/Screen';
import { SubmitBar } from '../../components/SubmitBar';
import { Empty, ErrorState, Loading } from '../../components/states';
import { VillageGate } from '../../components/VillageGate';
import { useElder } from '../../elder/store';
import { go, routes } from '../../routes';
import type { MembershipView } from '../../../../server/account/contract';
import { ledger } from '../../services/api';
import { CLAIM_STATUS_LABEL, ENTRY_KIND_LABEL, signed, when } from '../../ledger/labels';
import type { EntryView, LedgerHomeOutput } from '../../../../server/ledger/contract';
import { isServiceError } from '../../services/transport';
import { keptTabOrLoad } from '../../state/tab-stamps';
import { useQuery } from '../../state/useQuery';
import { useSubmit } from '../../state/useSubmit';
import './index.scss';

/** 积分 tab: my household's balance, statement and pickup codes; the way to claim, the 公示 board, the shop, the 红榜. */
export default function LedgerTab() {
  return (
    <Screen title="积分" read="道德银行。按户记积分，先审核、再公示，公示期满才入账。积分可以到积分超市兑换物品。">
      <VillageGate>{(current) => <LedgerHome current={current} />}</VillageGate>
    </Screen>
  );
}

/** entries per page of the statement */
const PAGE = 20;

function LedgerHome({ current }: { current: MembershipView }) {
  const villageId = current.villageId;
  // kept on the phone while the board's 积分 stamp stands (state/tab-stamps.ts): opened after the board, no call
  const home = useQuery(() => keptTabOrLoad('ledger', villageId, 'home', () => ledger('ledgerHome', { villageId, pageSize: PAGE })), [villageId], { refreshOnShow: true });
  // older entries, page by page after the first (the cursor is the last entry's place on the account)
  const [older, setOlder] = useState<{ items: EntryView[]; nextCursor: string | null } | null>(null);
  useEffect(() => setOlder(null), [home.data]);
  if (home.status === 'error' && isServiceError(home.error) && home.error.code === 'ledger_not_open') return <NotOpen current={current} onOpened={home.reload} />;
  if (home.status === 'loading' && !home.data) return <Loading />;
  if (home.status === 'error' && !home.data) return <ErrorState error={home.error} onRetry={home.reload} />;
  const first = home.data as LedgerHomeOutput;
  const h: LedgerHomeOutput = older ? { ...first, statement: { ...first.statement, items: [...first.statement.items, ...older.items], nextCursor: older.nextCursor } } : first;
  const more = async () => {
    if (!h.statement.nextCursor) return;
    const next = await ledger('ledgerHome', { villageId, pageSize: PAGE, cursor: h.statement.nextCursor });
    setOlder({ items: [...(older?.items ?? []), ...next.statement.items], nextCursor: next.statement.nextCursor });
  };
  return <HomeView current={current} h={h} onMore={() => void more().catch(() => Taro.showToast({ title: '没有加载出来，请再点一次', icon: 'none' }))} />;
}

function HomeView({ current, h, onMore }: { current: MembershipView; h: LedgerHomeOutput; onMore: () => void }) {
  const elder = useElder();
  const v = current.villageId;
  const waiting = h.redemptions.filter((r) => r.status === 'reserved');
  const openClaims = h.claims.filter((c) => c.status === 'pending' || c.status === 'public');
  return (
    <View>
      <Card>
        <Text className="cq-muted">{h.householdName ? `${h.householdName}的积分` : '您还没有落户，暂无积分账户'}</Text>
        <View className="cq-ledger-balance" data-testid="ledger-balance">
          <Text>{h.balance}</Text>
          <Text className="cq-ledger-balance-unit"> 分</Text>
        </View>
        <Muted>{`累计获得 ${h.earned} 分 · 已兑换 ${h.spent} 分`}</Muted>
        <ReadAloud text={`${h.householdName ?? ''}现在有${h.balance}分。累计获得${h.earned}分，已兑换${h.spent}分。`} />
      </Card>

      {waiting.length ? (
        <View>
          <SectionTitle>待领取（凭提货码到小卖部领取）</SectionTitle>
          {waiting.map((r) => (
            <Card key={r.redemptionId}>
              <P strong>{`${r.goodsName} ${r.qty}${r.unit}`}</P>
              <View className="cq-ledger-code" data-testid="pickup-code">
                <Text>{r.code.split('').join(' ')}</Text>
              </View>
              <ReadAloud text={`提货码：${r.code.split('').join('，')}。${r.goodsName}${r.qty}${r.unit}。`} />
              <Btn onClick={() => go(routes.ledgerShop, { villageId: v })}>看二维码 / 取消兑换</Btn>
            </Card>
          ))}
        </View>
      ) : null}

      <SectionTitle>做什么</SectionTitle>
      <Card>
        <Row label="申报积分" hint={h.can.claimForOthers ? '为自家申报，或替不用微信的老人代办' : '做了好事，申报加分'} onClick={() => go(routes.ledgerClaim, { villageId: v })} testId="go-claim" />
        <Row label="积分公示" hint="公示期内可以提出异议" onClick={() => go(routes.ledgerBoard, { villageId: v })} testId="go-board" />
        <Row label="积分超市" hint="用积分兑换大米、食用油等" onClick={() => go(routes.ledgerShop, { villageId: v })} testId="go-shop" />
        <Row label="红榜" onClick={() => go(routes.ledgerRanking, { villageId: v })} />
        {!elder.elder && h.can.review ? <Row label="审核申报" hint="村委" onClick={() => go(routes.ledgerBoard, { villageId: v, status: 'pending' })} testId="go-review" /> : null}
        {!elder.elder && h.can.editRules ? <Row label="积分规则" hint="村委：分值、次数上限、自动记分" onClick={() => go(routes.ledgerRules, { villageId: v })} /> : null}
        {!elder.elder && h.can.review ? <Row label="积分报表" hint="发放、兑换、结余" onClick={() => go(routes.ledgerReport, { villageId: v })} /> : null}
      </Card>

      {openClaims.length ? (
        <View>
          <SectionTitle>我家的申报</SectionTitle>
          <Card>
            {openClaims.map((c) => (
              <Row key={c.claimId} label={`${c.ruleName} ${signed(c.points)}`} hint={c.status === 'public' && c.publicUntil ? `公示到 ${when(c.publicUntil)}` : c.note} value={CLAIM_STATUS_LABEL[c.status]} />
            ))}
          </Card>
        </View>
      ) : null}

      <SectionTitle>积分明细</SectionTitle>
      {h.statement.items.length === 0 ? (
        <Empty title="还没有积分记录" hint="做了好事就去申报，审核公示后积分会记到这里" action={{ text: '去申报', onClick: () => go(routes.ledgerClaim, { villageId: v }) }} />
      ) : (
        <Card>
          {h.statement.items.map((e) => (
            <StatementRow key={e.entryId} e={e} />
          ))}
          {h.statement.nextCursor ? <Btn onClick={onMore}>再看更早的</Btn> : <Muted>{`共 ${h.statement.total} 笔`}</Muted>}
        </Card>
      )}
    </View>
  );
}

function StatementRow({ e }: { e: EntryView }) {
  return (
    <View className="cq-row">
      <View className="cq-row-main">
        <Text className="cq-row-label">{e.ruleName ?? ENTRY_KIND_LABEL[e.kind]}</Text>
        <Text className="cq-row-hint">{`${when(e.at)} · ${ENTRY_KIND_LABEL[e.kind]} · ${e.memo}`}</Text>
        <Text className="cq-row-hint">{`对方：${e.counterName} · 余额 ${e.balanceAfter}`}</Text>
      </View>
      <Tag tone={e.amount > 0 ? 'primary' : 'warn'}>{signed(e.amount)}</Tag>
    </View>
  );
}

function NotOpen({ current, onOpened }: { current: MembershipView; onOpened: () => void }) {
  const open = useSubmit((opts) => ledger('openLedger', { villageId: current.villageId }, opts));
  if (!current.roles.includes('committee')) return <Empty title="本村的道德银行还没有开通" hint="开通后，这里能看到我家的积分、申报和积分超市。请联系村委。" />;
  return (
    <Card>
      <P strong>开通道德银行</P>
      <Muted>开通后带一套默认积分规则（孝老爱亲、环境卫生、志愿服务、移风易俗、遵纪守法），随时可以改。</Muted>
      <SubmitBar label="开通" busy={open.busy} error={open.error} onSubmit={async () => (await open.run()) && (Taro.showToast({ title: '已开通', icon: 'success' }), onOpened())} />
    </Card>
  );
}

