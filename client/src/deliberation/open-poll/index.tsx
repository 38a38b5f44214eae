import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { AreaField, TextField } from '../../components/Field';
import { Banner, Card, Choices, Muted, Row, SectionTitle } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { SubmitBar } from '../../components/SubmitBar';
import { SwitchRow } from '../../components/Switch';
import { dateText } from '../../labels';
import { back, useParams } from '../../routes';
import type { ResidentView } from '../../../../server/account/contract';
import { account, deliberation } from '../../services/api';
import type { PollInput } from '../../../../server/deliberation/contract';
import { useQuery } from '../../state/useQuery';
import { useSubmit } from '../../state/useSubmit';
import { COUNCIL_SEATS, POLL_KINDS, ROLL_TYPES, THRESHOLD_KINDS } from '../labels';
import type { CouncilSeat, PollKind, RollType } from '../../../../server/deliberation/states';
import type { ThresholdRule } from '../../../../server/deliberation/rules';

type QuorumChoice = 'none' | 'more_than_half' | 'at_least_two_thirds' | 'at_least_percent';
const QUORUM_OPTIONS: { value: QuorumChoice; label: string; hint: string }[] = [
  { value: 'more_than_half', label: '过半数参加', hint: '参加投票的超过名册的一半才有效' },
  { value: 'at_least_two_thirds', label: '三分之二以上参加', hint: '例如修改村规民约、动用大额资金' },
  { value: 'at_least_percent', label: '自定比例', hint: '不少于名册的百分之几' },
  { value: 'none', label: '不设要求', hint: '只为听取意见时' },
];
const DURATIONS = [
  { value: '1', label: '1 天' },
  { value: '3', label: '3 天' },
  { value: '7', label: '7 天（外出务工的人也来得及）' },
  { value: '14', label: '14 天' },
];

/**
 * 发起表决 (committee): what is asked, who may vote (the roll is fixed the moment it opens), how many
 * must take part, what carries it, secret or open, whether votes may be changed, and for how long.
 */
export default function OpenPollPage() {
  const p = useParams();
  const [question, setQuestion] = useState(p.title ? `同意「${p.title}」吗？` : '');
  const [kind, setKind] = useState<PollKind>('approve');
  const [optionsText, setOptionsText] = useState('');
  const [maxChoices, setMaxChoices] = useState('2');
  const [rollType, setRollType] = useState<RollType>('households');
  const [council, setCouncil] = useState<{ memberId: string; name: string; seat: CouncilSeat }[]>([]);
  const [quorum, setQuorum] = useState<QuorumChoice>('more_than_half');
  const [percent, setPercent] = useState('50');
  const [threshold, setThreshold] = useState<ThresholdRule>('majority_cast');
  const [secret, setSecret] = useState(true);
  const [changeable, setChangeable] = useState(true);
  const [days, setDays] = useState('7');
  const [problem, setProblem] = useState<string | null>(null);
  // the closing time shown is the one sent: both read this clock, which moves once a minute
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(tick);
  }, []);
  const closesAt = closingTime(now, Number(days));
  const residents = useQuery(() => (rollType === 'council' ? account('listResidents', { villageId: p.villageId, pageSize: 100 }) : Promise.resolve(null)), [rollType]);
  const submit = useSubmit((opts, poll: PollInput) => deliberation('schedulePoll', { villageId: p.villageId, topicId: p.topicId, poll }, opts));

  const pickSeat = async (r: ResidentView) => {
    if (council.some((c) => c.memberId === r.residentId)) return setCouncil(council.filter((c) => c.memberId !== r.residentId));
    const seats = Object.keys(COUNCIL_SEATS) as CouncilSeat[];
    const picked = await Taro.showActionSheet({ itemList: seats.map((s) => COUNCIL_SEATS[s]) }).catch(() => null);
    if (picked) setCouncil([...council, { memberId: r.residentId, name: r.name, seat: seats[picked.tapIndex] }]);
  };

  const onSubmit = async () => {
    setProblem(null);
    const options = optionsText.split('\n').map((s) => s.trim()).filter(Boolean);
    if (!question.trim()) return setProblem('请写要大家表决的问题。');
    if (kind !== 'approve' && options.length < 2) return setProblem('请至少写两个选项，每行一个。');
    const k = Number(maxChoices);
    if (kind === 'multiple' && !(k >= 1 && k <= options.length)) return setProblem('“最多选几项”要在 1 和选项数之间。');
    if (rollType === 'council' && council.length === 0) return setProblem('请从名单里选出议事会成员。');
    const pct = Number(percent);
    if (quorum === 'at_least_percent' && !(pct >= 1 && pct <= 100)) return setProblem('比例填 1 到 100。');
    const out = await submit.run({
      kind,
      question: question.trim(),
      options: kind === 'approve' ? [] : options,
      maxChoices: kind === 'multiple' ? k : 1,
      rollType,
      council: rollType === 'council' ? council.map(({ memberId, seat }) => ({ memberId, seat })) : [],
      quorum: quorum === 'at_least_percent' ? { kind: quorum, percent: pct } : { kind: quorum },
      threshold,
      secret,
      changeable,
      closesAt,
    });
    if (out) back();
  };

  return (
    <Screen title="发起表决" read="发起表决：定好问题、谁能投、要多少人参加、多少票通过。名册在开始的那一刻固定。">
      <Card>
        <TextField name="question" label="表决的问题" value={question} onChange={setQuestion} maxLength={120} talk />
        <SectionTitle>怎么投</SectionTitle>
        <Choices options={(Object.keys(POLL_KINDS) as PollKind[]).map((v) => ({ value: v, label: POLL_KINDS[v] }))} value={kind} onChange={setKind} />
        {kind !== 'approve' ? <AreaField name="options" label="选项（每行一个）" value={optionsText} onChange={setOptionsText} maxLength={500} /> : null}
        {kind === 'multiple' ? <TextField name="maxChoices" type="number" label="最多选几项" value={maxChoices} onChange={setMaxChoices} maxLength={2} /> : null}
      </Card>
      <Card>
        <SectionTitle>谁能投（开始时固定名册）</SectionTitle>
        <Choices options={(Object.keys(ROLL_TYPES) as RollType[]).map((v) => ({ value: v, label: ROLL_TYPES[v] }))} value={rollType} onChange={setRollType} />
        {rollType === 'council' ? (
          <View>
            <Muted>点名字加入或移出议事会，并选席位（5 个固定席位 + 利益相关方）。已选 {council.length} 人。</Muted>
            {(residents.data?.items ?? []).map((r) => {
              const seat = council.find((c) => c.memberId === r.residentId)?.seat;
              return <Row key={r.residentId} label={r.name} value={seat ? COUNCIL_SEATS[seat] : '—'} onClick={() => pickSeat(r)} />;
            })}
          </View>
        ) : null}
      </Card>
      <Card>
        <SectionTitle>参加人数要求</SectionTitle>
        <Choices options={QUORUM_OPTIONS} value={quorum} onChange={setQuorum} />
        {quorum === 'at_least_percent' ? <TextField name="percent" type="number" label="不少于名册的百分之几" value={percent} onChange={setPercent} maxLength={3} /> : null}
        <SectionTitle>通过条件</SectionTitle>
        <Choices options={(Object.keys(THRESHOLD_KINDS) as ThresholdRule[]).map((v) => ({ value: v, label: THRESHOLD_KINDS[v] }))} value={threshold} onChange={setThreshold} />
      </Card>
      <Card>
        <SwitchRow label="不记名投票" hint="谁投了什么，任何人（包括村委和管理员）都查不到" on={secret} onChange={setSecret} />
        <SwitchRow label="截止前可以改票" on={changeable} onChange={setChangeable} />
        <SectionTitle>投票时长（从现在开始）</SectionTitle>
        <Choices options={DURATIONS} value={days} onChange={setDays} />
        <Muted>{`截止：${dateText(closesAt)}，截止时马上计票公布。`}</Muted>
      </Card>
      <Banner>
        <Muted>截止前一天，系统会提醒还没投票的人，并告诉网格员哪些老人需要上门代办。</Muted>
      </Banner>
      <SubmitBar label="开始表决" testId="submit-poll" busy={submit.busy} error={problem ?? submit.error} onSubmit={onSubmit} />
    </Screen>
  );
}

const HOUR = 3600_000;

/**
 * The poll closes on the hour after `days` days: the counting timer (pollClock) wakes exactly then
 * (cloudfunctions/deliberation/config.json), so the result is out the moment voting ends.
 */
function closingTime(now: number, days: number): number {
  return Math.ceil((now + days * 24 * HOUR) / HOUR) * HOUR;
}
