import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState, type ReactNode } from 'react';
import { Btn, Card, Muted, P, Row } from '../components/kit';
import { ReadAloud } from '../components/ReadAloud';
import { patrolRoutes } from '../patrol/nav';
import { go, routes } from '../routes';
import { account } from '../services/api';
import type { MembershipView } from '../../../server/account/contract';
import { errorText } from '../state/useSubmit';

const isWeapp = process.env.TARO_ENV === 'weapp';

type Worker = { name: string; phone: string };
type Calling =
  | { status: 'idle' | 'loading' }
  | { status: 'dialing'; worker: Worker }
  | { status: 'choose'; workers: Worker[] }
  | { status: 'none'; text: string }
  | { status: 'error'; text: string };

/**
 * The 长辈 home: in 长辈模式 the first screen offers the four things an older villager does — 说一说 (post
 * or report, by voice), 听通知, 我的积分, 找网格员 — and everything else is one step further (`more`).
 */
export function ElderHome({ current, more }: { current: MembershipView; more: ReactNode }) {
  const [saying, setSaying] = useState(false);
  const [calling, setCalling] = useState<Calling>({ status: 'idle' });
  const [showMore, setShowMore] = useState(false);
  const v = current.villageId;
  // back from 发帖 / 上报 the home starts afresh
  const sayTo = (url: string) => {
    setSaying(false);
    go(url, { villageId: v });
  };

  // WeChat dials at once; a browser dials from a tel: link the person taps (Taro's makePhoneCall there
  // navigates the whole page to tel:, which a browser may refuse after the lookup's wait)
  const dial = (worker: Worker) => {
    setCalling({ status: 'dialing', worker });
    if (isWeapp) void Taro.makePhoneCall({ phoneNumber: worker.phone }).catch(() => undefined);
  };

  // one worker with a phone: dial; several: choose; none: false (the caller says who else to find)
  const callOneOf = (workers: { name: string; phone: string | null }[]): boolean => {
    const phones = workers.filter((w): w is Worker => !!w.phone);
    if (phones.length === 1) dial(phones[0]);
    else if (phones.length > 1) setCalling({ status: 'choose', workers: phones });
    return phones.length > 0;
  };

  // my grid's workers came with `me` (kept, and checked by the board's stamp): dialling asks nothing. Only
  // when there is nobody to dial does the tap ask the overview, to name the committee instead.
  const findWorker = async () => {
    setSaying(false);
    if (current.myGrid && callOneOf(current.myGrid.workers)) return;
    setCalling({ status: 'loading' });
    try {
      const overview = await account('villageOverview', { villageId: v });
      const grid = overview.grids.find((g) => g.gridId === current.gridId);
      const committee = overview.committee.map((c) => c.name).join('、') || '（还没有登记）';
      if (!grid) setCalling({ status: 'none', text: `您家还没有编入网格。请找村委，村委的人有：${committee}` });
      else if (!callOneOf(grid.workers)) setCalling({ status: 'none', text: `${grid.name}还没有登记网格员的电话。请找村委：${committee}` });
    } catch (e) {
      setCalling({ status: 'error', text: errorText(e) ?? '没有查到网格员，请稍后再试。' });
    }
  };

  return (
    <View data-testid="elder-home">
      <Text className="cq-text">{`${current.name}，您好！想做什么，就点一下大按钮。`}</Text>
      <View className="cq-gap" />
      <View className="cq-home-tiles">
        <Tile name="说一说" hint="说话就能发帖、上报" on={saying} onClick={() => (setSaying(!saying), setCalling({ status: 'idle' }))} testId="home-say" />
        <Tile name="听通知" hint="防骗提醒和消息，读给您听" onClick={() => go(patrolRoutes.notices, { villageId: v })} testId="home-notices" />
        <Tile name="我的积分" hint="家里有多少分" onClick={() => go(routes.ledger)} testId="home-points" />
        <Tile name="找网格员" hint="点一下就打电话" on={calling.status !== 'idle'} onClick={findWorker} testId="home-call" />
      </View>

      {saying ? (
        <Card>
          <P strong>想说什么事？</P>
          <Btn type="primary" onClick={() => sayTo(patrolRoutes.post)} testId="say-post">
            说给村里的人听（发到村里的群）
          </Btn>
          <View className="cq-gap" />
          <Btn type="primary" onClick={() => sayTo(routes.report)} testId="say-report">
            报告问题给网格员（漏水、路灯坏了）
          </Btn>
        </Card>
      ) : null}

      {calling.status !== 'idle' ? (
        <Card>
          {calling.status === 'loading' ? <P>正在查您的网格员…</P> : null}
          {calling.status === 'dialing' ? (
            <View data-testid="calling">
              <P strong>{isWeapp ? `正在给网格员 ${calling.worker.name} 打电话` : `网格员 ${calling.worker.name} 的电话`}</P>
              <Text className="cq-home-phone">{calling.worker.phone}</Text>
              <ReadAloud text={`网格员${calling.worker.name}的电话是：${calling.worker.phone.split('').join('，')}`} />
              <View className="cq-gap" />
              {isWeapp ? (
                <Btn onClick={() => dial(calling.worker)}>再打一次</Btn>
              ) : (
                <a className="cq-btn cq-btn-primary cq-btn-block" href={`tel:${calling.worker.phone}`} data-testid="dial">
                  {`点这里打电话给 ${calling.worker.name}`}
                </a>
              )}
            </View>
          ) : null}
          {calling.status === 'choose' ? (
            <View>
              <P strong>您的网格有几位网格员，点一位打电话：</P>
              {calling.workers.map((w) => (
                <Row key={w.phone} label={w.name} value={w.phone} onClick={() => dial(w)} />
              ))}
            </View>
          ) : null}
          {calling.status === 'none' || calling.status === 'error' ? <Text className="cq-error-text">{calling.text}</Text> : null}
        </Card>
      ) : null}

      <Card>
        <Row label={showMore ? '收起' : '村里的群和更多功能'} hint={showMore ? undefined : '看大家发的帖子、转为线索'} onClick={() => setShowMore(!showMore)} testId="home-more" />
      </Card>
      {showMore ? more : <Muted>上报进度、议事表决在下面的「网格」「议事」里。</Muted>}
    </View>
  );
}

function Tile({ name, hint, on, onClick, testId }: { name: string; hint: string; on?: boolean; onClick: () => void; testId: string }) {
  return (
    <View className={`cq-btn cq-home-tile${on ? ' cq-home-tile-on' : ''}`} hoverClass="cq-btn-hover" onClick={onClick} ariaRole="button" data-testid={testId}>
      <Text className="cq-home-tile-name">{name}</Text>
      <Text className="cq-home-tile-hint">{hint}</Text>
    </View>
  );
}
