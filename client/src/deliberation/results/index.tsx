import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Async } from '../../components/Async';
import { TextField } from '../../components/Field';
import { Banner, Card, Muted, P, Row, SectionTitle } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { useParams } from '../../routes';
import { deliberation } from '../../services/api';
import type { PollView, ReceiptsPage } from '../../../../server/deliberation/contract';
import { useQuery } from '../../state/useQuery';
import { loadBallot } from '../ballot';
import { countBallots, decide, percentText, quorumText, THRESHOLD_KINDS } from '../labels';
import { formatReceipt } from '../paths';
import '../delib.scss';

interface Loaded {
  poll: PollView;
  rows: ReceiptsPage['rows'];
  openVotes: ReceiptsPage['openVotes'];
}

/** every published ballot, page by page (the recount needs them all); the first page brings the poll and its result */
async function load(villageId: string, topicId: string): Promise<Loaded> {
  const first = await deliberation('listReceipts', { villageId, topicId, offset: 0, pageSize: 1000 });
  const rows: ReceiptsPage['rows'] = [...first.rows];
  // a box of more than 1000 ballots: one more call per 1000
  while (rows.length < first.total && rows.length < 100_000) {
    const page = await deliberation('listReceipts', { villageId, topicId, offset: rows.length, pageSize: 1000 });
    if (page.rows.length === 0) break;
    rows.push(...page.rows);
  }
  return { poll: first.poll, rows, openVotes: first.openVotes };
}

/**
 * The published result and the ballots it was counted from: turnout against the roll, quorum, pass or
 * fail; every receipt with its choices (find yours); and a recount done here on the phone from the
 * published ballots alone, with the same rules — it must match the published result.
 */
export default function ResultsPage() {
  const { villageId, topicId } = useParams();
  const q = useQuery(() => load(villageId, topicId), [villageId, topicId]);
  const r = q.data?.poll.results;
  const read = r ? `表决结果：${r.passed ? '通过' : '未通过'}。应投 ${r.rollSize}，实投 ${r.ballots}，${r.quorumMet ? '达到' : '未达到'}参加人数要求。` : undefined;
  return (
    <Screen title="表决结果" read={read}>
      <Async query={q}>{(d) => <Results d={d} topicId={topicId} />}</Async>
    </Screen>
  );
}

function Results({ d, topicId }: { d: Loaded; topicId: string }) {
  const poll = d.poll;
  const r = poll.results!;
  const [search, setSearch] = useState('');
  const mine = loadBallot(topicId)?.receipt ?? null;
  const unit = poll.rollType === 'households' ? '户' : '人';
  const optionIds = poll.options.map((o) => o.id);
  const label = (id: string) => poll.options.find((o) => o.id === id)?.label ?? id;

  // the recount: published ballots only, the same rules as the server
  const recount = countBallots(optionIds, d.rows.map((row) => ({ choices: row.choices })));
  const again = decide({ kind: poll.kind, optionIds, maxChoices: poll.maxChoices, quorum: poll.quorum, threshold: poll.threshold, rollSize: r.rollSize, ballots: d.rows.length, counts: recount });
  const matches = d.rows.length === r.ballots && optionIds.every((id) => recount[id] === r.counts[id]) && again.passed === r.passed && again.quorumMet === r.quorumMet;

  const needle = search.toUpperCase().replace(/[\s-]/g, '');
  const shown = needle ? d.rows.filter((row) => row.receipt.includes(needle)) : d.rows.slice(0, 60);
  const myRow = mine ? d.rows.find((row) => row.receipt === mine) : undefined;

  return (
    <View>
      <Card>
        <P strong>{poll.question}</P>
        <View className="cq-gap" />
        <Text className={r.passed ? 'dl-ok' : 'dl-bad'} style="font-size:calc(44px * var(--cq-scale))" data-testid="result-verdict">
          {r.passed ? '通过' : '未通过'}
        </Text>
        <Row label="投票情况" value={`${r.ballots} / ${r.rollSize} ${unit}（${percentText(r.turnoutPermille)}）`} testId="result-turnout" />
        <Row label="参加人数要求" hint={`${quorumText(poll.quorum)}：至少 ${r.quorumNeeded} ${unit}`} value={r.quorumMet ? '达到' : '未达到'} testId="result-quorum" />
        <Row label="通过条件" hint={`${THRESHOLD_KINDS[poll.threshold]}：至少 ${r.thresholdNeeded} 票`} />
        {r.tie ? <Muted>出现平票，平票的选项都不算通过。</Muted> : null}
        {poll.options.map((o) => {
          const n = r.counts[o.id] ?? 0;
          return (
            <View key={o.id} className="dl-bar-row">
              <View className="dl-bar-label">
                <Text>
                  {o.label}
                  {r.winners.includes(o.id) ? '（通过）' : ''}
                </Text>
                <Text>{n} 票</Text>
              </View>
              <View className="dl-progress">
                <View className="dl-progress-bar" style={`width:${r.ballots ? Math.round((n * 100) / r.ballots) : 0}%`} />
              </View>
            </View>
          );
        })}
      </Card>

      <Banner tone={matches ? 'info' : 'warn'}>
        <P strong>{matches ? '本机核对：与公布结果一致' : '本机核对：与公布结果不一致，请联系村务监督委员会'}</P>
        <Muted>
          这台手机用公开的 {d.rows.length} 张票重新计了一遍：{optionIds.map((id) => `${label(id)} ${recount[id]}`).join('，')}；{again.passed ? '通过' : '未通过'}。
        </Muted>
      </Banner>

      {mine ? (
        <Card>
          <SectionTitle>我的回执</SectionTitle>
          <Text className="dl-receipt">{formatReceipt(mine)}</Text>
          <Muted>{myRow ? `在公开名单里，记的是：${myRow.choices.map(label).join('、')}` : '公开名单里没有找到这张票，请联系村务监督委员会。'}</Muted>
        </Card>
      ) : null}

      {d.openVotes ? (
        <Card>
          <SectionTitle>记名投票：各{unit}的选择</SectionTitle>
          {d.openVotes.map((v, i) => (
            <Row key={i} label={v.unitLabel} hint={v.byName} value={v.choices.map(label).join('、')} />
          ))}
        </Card>
      ) : null}

      <Card>
        <SectionTitle>公开的票（按回执号排列，共 {d.rows.length} 张）</SectionTitle>
        <TextField name="receipt" label="查找回执号" value={search} onChange={setSearch} maxLength={14} placeholder="例如 7KQ2-9MXD-4T" />
        {shown.map((row) => (
          <View key={row.receipt} className={`dl-receipt-row${row.receipt === mine ? ' dl-receipt-row-mine' : ''}`} data-testid="receipt-row">
            <Text className="dl-mono">{formatReceipt(row.receipt)}</Text>
            <Text>{row.choices.map(label).join('、')}</Text>
          </View>
        ))}
        {needle && shown.length === 0 ? <Muted>没有找到这个回执号。</Muted> : null}
        {!needle && d.rows.length > shown.length ? <Muted>只显示前 {shown.length} 张；输入回执号查找您的票。</Muted> : null}
      </Card>
    </View>
  );
}
