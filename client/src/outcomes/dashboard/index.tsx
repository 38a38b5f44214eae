import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Async } from '../../components/Async';
import { Banner, Btn, Card, Choices, Muted, P, Row, SectionTitle, Tag } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { Empty } from '../../components/states';
import { dateText } from '../../labels';
import { go, routes, useParams } from '../../routes';
import { account } from '../../services/api';
import type { DashboardMetric, DashboardOutput, ExportTable, OutcomeFigures, VerifyAuditOutput, VillageOutcomes } from '../../../../server/account/contract';
import { errorText } from '../../state/useSubmit';
import { useQuery } from '../../state/useQuery';
import { Bars } from '../Bars';
import { saveCsv } from '../save-csv';
import { Table } from '../Table';
import '../outcomes.scss';

type Granularity = 'month' | 'week';

const pct = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : `${Math.round(v * 1000) / 10}%`);
const num = (v: number | null | undefined, unit = ''): string => (v === null || v === undefined ? '—' : `${v}${unit}`);

/** The figures shown as tiles: what each is, and the list it opens. */
const TILES: { metric: DashboardMetric; label: string; value: (f: OutcomeFigures, v: VillageOutcomes) => string }[] = [
  { metric: 'households_participating', label: '参与的户', value: (f) => `${f.householdsParticipating} 户（${pct(f.participationShare)}）` },
  { metric: 'tickets_opened', label: '新上报问题', value: (f) => `${f.ticketsOpened} 件` },
  { metric: 'tickets_fixed', label: '已解决', value: (f) => `${f.ticketsFixed} 件，中位 ${num(f.medianDaysToFix, ' 天')}` },
  { metric: 'tickets_closed_unfixed', label: '未解决就关闭', value: (f) => `${f.ticketsClosedUnfixed} 件` },
  { metric: 'tickets_overdue', label: '现在已超期', value: (_f, v) => `${v.ticketsOverdue} 件` },
  { metric: 'tickets_reopened', label: '被退回重办', value: (f) => `${f.ticketsReopened} 件（${pct(f.reopenRate)}）` },
  { metric: 'tickets_rated', label: '居民评分', value: (f) => `${num(f.avgRating, ' 星')}（${f.ratings} 次）` },
  { metric: 'leads', label: '巡群线索', value: (f) => `${f.leads} 条，首看中位 ${num(f.medianReviewHours, ' 小时')}` },
  { metric: 'warnings', label: '防骗预警', value: (f) => `${f.warnings} 次` },
  { metric: 'topics_raised', label: '新议题', value: (f) => `${f.topicsRaised} 个` },
  { metric: 'topics_decided', label: '形成决议', value: (f) => `${f.topicsDecided} 个` },
  { metric: 'polls', label: '表决投票率', value: (f) => `${pct(f.avgTurnout)}（${f.pollsCounted} 次）` },
  { metric: 'points_issued', label: '发放积分', value: (f) => `${f.pointsIssued} 分，${f.householdsEarning} 户得分` },
  { metric: 'points_redeemed', label: '兑换积分', value: (f) => `${f.pointsRedeemed} 分` },
];

const EXPORTS: { table: ExportTable; label: string }[] = [
  { table: 'trend', label: '成效趋势' },
  { table: 'grids', label: '各网格' },
  { table: 'categories', label: '问题分类' },
  { table: 'polls', label: '表决参与' },
  { table: 'audit', label: '操作留痕' },
];

/**
 * 成效看板: what governance achieved — for the committee (its village), township staff (their villages side by
 * side, then one village), and the published figures for every member. Every figure opens to its items.
 */
export default function DashboardPage() {
  const params = useParams();
  const villageId = params.villageId || undefined;
  const [granularity, setGranularity] = useState<Granularity>((params.granularity as Granularity) || 'month');
  const q = useQuery(() => account('dashboard', { villageId, granularity }), [villageId, granularity]);
  const title = villageId ? '成效看板' : '乡镇成效看板';
  return (
    <Screen title={title} read={q.data ? readText(q.data) : undefined}>
      <Card>
        <Choices
          options={[
            { value: 'month', label: '按月看', hint: '近 12 个月' },
            { value: 'week', label: '按周看', hint: '近 12 周' },
          ]}
          value={granularity}
          onChange={setGranularity}
        />
      </Card>
      <Async query={q}>
        {(d) =>
          d.villages.length === 0 ? (
            <Empty mark="镇" title="辖区里还没有村" />
          ) : villageId ? (
            <VillageView d={d} v={d.villages[0]} granularity={granularity} />
          ) : (
            <TownshipView d={d} granularity={granularity} />
          )
        }
      </Async>
    </Screen>
  );
}

function readText(d: DashboardOutput): string {
  return d.villages
    .map((v) => {
      const t = v.total;
      return `${v.name}，${d.fromDay}到${d.toDay}：${t.householdsParticipating}户参与，占${pct(t.participationShare)}；新上报问题${t.ticketsOpened}件，解决${t.ticketsFixed}件，现在超期${v.ticketsOverdue}件；居民平均评分${num(t.avgRating, '星')}；新议题${t.topicsRaised}个，形成决议${t.topicsDecided}个；发放积分${t.pointsIssued}分。`;
    })
    .join('');
}

function TownshipView({ d, granularity }: { d: DashboardOutput; granularity: Granularity }) {
  const head = ['村', '参与率', '新上报', '已解决', '超期', '办结中位天数', '平均评分', '投票率', '发放积分'];
  return (
    <View>
      <SectionTitle>
        各村对比（{d.fromDay} 至 {d.toDay}）
      </SectionTitle>
      <Card>
        <Table
          head={head}
          testId="dash-villages"
          rows={d.villages.map((v) => ({
            key: v.villageId,
            cells: [v.name, pct(v.total.participationShare), v.total.ticketsOpened, v.total.ticketsFixed, v.ticketsOverdue, num(v.total.medianDaysToFix), num(v.total.avgRating), pct(v.total.avgTurnout), v.total.pointsIssued],
          }))}
          onRow={(id) => go(routes.dashboard, { villageId: id, granularity })}
        />
        <Muted>点一个村，看它的明细。姓名已按规定隐去。</Muted>
      </Card>
      <SectionTitle>参与率走势</SectionTitle>
      {d.villages.map((v) => (
        <Card key={v.villageId}>
          <P strong>{v.name}</P>
          <Bars testId={`dash-trend-${v.villageId}`} max={1} bars={v.trend.map((f, i) => ({ key: d.periods[i].key, label: d.periods[i].label, value: f.participationShare ?? 0, shown: pct(f.participationShare) }))} />
        </Card>
      ))}
      <ExportCard d={d} villageId={undefined} granularity={granularity} />
    </View>
  );
}

function VillageView({ d, v, granularity }: { d: DashboardOutput; v: VillageOutcomes; granularity: Granularity }) {
  const full = d.scope === 'full';
  const open = (metric: DashboardMetric, extra: Record<string, string | number | undefined> = {}) =>
    go(routes.dashboardItems, { villageId: v.villageId, metric, granularity, from: d.fromDay, to: d.toDay, ...extra });
  return (
    <View>
      <SectionTitle>
        {v.name} · {d.fromDay} 至 {d.toDay}
      </SectionTitle>
      <Card>
        <View className="cq-figures">
          {TILES.map((t) => (
            <View
              key={t.metric}
              className={`cq-figure${full ? ' cq-figure-open' : ''}`}
              onClick={full ? () => open(t.metric) : undefined}
              hoverClass={full ? 'cq-row-hover' : 'none'}
              ariaRole={full ? 'button' : undefined}
              data-testid={`fig-${t.metric}`}
            >
              <View className="cq-figure-inner">
                <P strong>{t.value(v.total, v)}</P>
                <Muted>{t.label}</Muted>
              </View>
            </View>
          ))}
        </View>
        <Muted>{full ? `全村 ${v.households} 户。点任一数字，看它背后的每一条。` : `全村 ${v.households} 户。这是公开的汇总数字；明细只对村委和乡镇干部开放。`}</Muted>
      </Card>

      <SectionTitle>参与率（{granularity === 'month' ? '按月' : '按周'}）</SectionTitle>
      <Card>
        <Bars
          testId="dash-participation"
          max={1}
          bars={v.trend.map((f, i) => ({ key: d.periods[i].key, label: d.periods[i].label, value: f.participationShare ?? 0, shown: pct(f.participationShare), onClick: full ? () => open('households_participating', { period: i }) : undefined }))}
        />
      </Card>
      <SectionTitle>问题：新上报 / 已解决</SectionTitle>
      <Card>
        <Bars testId="dash-opened" bars={v.trend.map((f, i) => ({ key: d.periods[i].key, label: d.periods[i].label, value: f.ticketsOpened, shown: `${f.ticketsOpened} 件`, onClick: full ? () => open('tickets_opened', { period: i }) : undefined }))} />
        <Muted>已解决</Muted>
        <Bars alt testId="dash-fixed" bars={v.trend.map((f, i) => ({ key: d.periods[i].key, label: d.periods[i].label, value: f.ticketsFixed, shown: `${f.ticketsFixed} 件`, onClick: full ? () => open('tickets_fixed', { period: i }) : undefined }))} />
      </Card>

      {full ? (
        <View>
          <SectionTitle>各网格</SectionTitle>
          <Card>
            <Table
              testId="dash-grids"
              head={['网格', '户', '参与率', '新上报', '已解决', '超期', '办结中位天数', '首看中位小时']}
              rows={v.grids.map((g) => ({
                key: g.gridId,
                cells: [`${g.name}${g.lagging ? '（参与偏低）' : ''}`, g.households, pct(g.participationShare), g.ticketsOpened, g.ticketsFixed, g.ticketsOverdue, num(g.medianDaysToFix), num(g.medianReviewHours)],
              }))}
              onRow={(gridId) => open('households_not_participating', { gridId })}
            />
            {v.grids.some((g) => g.lagging) ? (
              <Banner tone="warn">
                参与偏低的网格：{v.grids.filter((g) => g.lagging).map((g) => g.name).join('、')}。点网格看还没有参与的户，请网格员上门问问。
              </Banner>
            ) : null}
          </Card>
          <SectionTitle>问题分类</SectionTitle>
          <Card>
            {v.categories.length === 0 ? (
              <Muted>这段时间没有问题上报。</Muted>
            ) : (
              <Table
                testId="dash-categories"
                head={['分类', '新上报', '已解决', '未解决关闭', '超期', '办结中位天数', '重办率', '评分']}
                rows={v.categories.map((c) => ({ key: c.category, cells: [c.category, c.ticketsOpened, c.ticketsFixed, c.ticketsClosedUnfixed, c.ticketsOverdue, num(c.medianDaysToFix), pct(c.reopenRate), num(c.avgRating)] }))}
                onRow={(category) => open('tickets_opened', { category })}
              />
            )}
          </Card>
        </View>
      ) : null}

      <SectionTitle>表决与决议</SectionTitle>
      <Card>
        {v.polls.length === 0 ? <Muted>这段时间没有计票的表决。</Muted> : null}
        {v.polls.slice(0, 10).map((p) => (
          <Row key={p.topicId} label={p.title} hint={`${dateText(p.closedAt)} 计票 · 投票 ${p.ballots} / 名册 ${p.rollSize}`} value={pct(p.turnout)} />
        ))}
        <Muted>
          形成决议 {v.followUps.decided} 个，决议事项 {v.followUps.actions} 项，已落实 {v.followUps.done} 项。
        </Muted>
      </Card>

      <ChainCard d={d} v={v} />
      {full ? <ExportCard d={d} villageId={v.villageId} granularity={granularity} /> : null}
    </View>
  );
}

/** 操作留痕封存: the daily checkpoints published to the village, and (committee) the re-walk of the chain. */
function ChainCard({ d, v }: { d: DashboardOutput; v: VillageOutcomes }) {
  const [state, setState] = useState<{ running: boolean; result?: VerifyAuditOutput & { total: number }; error?: string }>({ running: false });
  const committee = d.scope === 'full' && !d.masked;
  const run = async () => {
    setState({ running: true });
    try {
      let from: VerifyAuditOutput['next'] = null;
      let total = 0;
      for (;;) {
        const page: VerifyAuditOutput = await account('verifyAudit', { villageId: v.villageId, ...(from ? { from } : {}) });
        total += page.checkedRecords;
        if (page.problem || !page.next) return setState({ running: false, result: { ...page, total } });
        from = page.next;
      }
    } catch (e) {
      setState({ running: false, error: errorText(e) ?? '核验没有完成，请重试' });
    }
  };
  return (
    <View>
      <SectionTitle>操作留痕封存</SectionTitle>
      <Card>
        <Muted>
          每条操作记录在 {d.sealWindowMinutes} 分钟内封进本村的哈希链；每天的链头公布在这里，谁改动或删掉记录都会被查出。
          {v.sealedThrough ? `已封存到 ${dateText(v.sealedThrough)}。` : '还没有封存过。'}
        </Muted>
        {v.checkpoints.slice(0, 7).map((c) => (
          <Row key={c.day} label={`${c.day} 链头（第 ${c.seq} 块）`} hint={<View className="cq-hash">{c.hash}</View>} />
        ))}
        {committee ? (
          <Btn onClick={run} loading={state.running} testId="verify-audit">
            核验操作留痕
          </Btn>
        ) : null}
        {state.result ? (
          <View data-testid="verify-result">
            {state.result.problem ? (
              <Banner tone="warn">
                发现问题：{state.result.problem.label}，记录编号 {state.result.problem.recordId}（第 {state.result.problem.seq} 块）{state.result.problem.summary ? `，内容「${state.result.problem.summary}」` : ''}
              </Banner>
            ) : (
              <Banner>链条完好：核验了 {state.result.total} 条记录，没有被改动、删除或插入的。</Banner>
            )}
          </View>
        ) : null}
        {state.error ? <Banner tone="warn">{state.error}</Banner> : null}
      </Card>
    </View>
  );
}

function ExportCard({ d, villageId, granularity }: { d: DashboardOutput; villageId: string | undefined; granularity: Granularity }) {
  const [busy, setBusy] = useState<ExportTable | null>(null);
  const [message, setMessage] = useState<{ text: string; warn: boolean } | null>(null);
  const run = async (table: ExportTable) => {
    setBusy(table);
    setMessage(null);
    try {
      const out = await account('exportTable', { villageId, table, granularity, from: d.fromDay, to: d.toDay });
      const how = await saveCsv(out.filename, out.csv);
      setMessage({ text: `${how === 'shared' ? '已生成文件，可转发给他人' : '已下载'}：${out.filename}（${out.rows} 行${out.truncated ? '，只导出了最近的 1000 条，请缩短日期范围' : ''}）`, warn: out.truncated });
      if (how === 'downloaded') Taro.showToast({ title: '已下载', icon: 'none' });
    } catch (e) {
      setMessage({ text: errorText(e) ?? '导出没有完成，请重试', warn: true });
    } finally {
      setBusy(null);
    }
  };
  return (
    <View>
      <SectionTitle>导出表格（CSV，Excel 可直接打开）</SectionTitle>
      <Card>
        {EXPORTS.map((e) => (
          <Btn key={e.table} onClick={() => run(e.table)} loading={busy === e.table} disabled={busy !== null && busy !== e.table} testId={`export-${e.table}`}>
            导出{e.label}
          </Btn>
        ))}
        {d.masked ? (
          <View>
            <Tag>姓名已隐去</Tag>
          </View>
        ) : null}
        {message ? (
          <View data-testid="export-result">
            <Banner tone={message.warn ? 'warn' : 'info'}>{message.text}</Banner>
          </View>
        ) : null}
      </Card>
    </View>
  );
}
