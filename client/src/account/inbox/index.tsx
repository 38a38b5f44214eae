import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Async } from '../../components/Async';
import { Btn, Card, Muted, Row, Tag } from '../../components/kit';
import { LoadMore, useMore } from '../../components/LoadMore';
import { Screen } from '../../components/Screen';
import { Empty } from '../../components/states';
import { useParams } from '../../routes';
import { account } from '../../services/api';
import type { InboxItem } from '../../../../server/account/contract';
import { askConsent } from '../../services/media';
import { useQuery } from '../../state/useQuery';
import { errorText, useSubmit } from '../../state/useSubmit';

const isWeapp = process.env.TARO_ENV === 'weapp';

function when(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getMonth() + 1}月${d.getDate()}日 ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** 消息: what concerns me — my reports' progress, tickets for my grid, escalations — newest first. */
export default function InboxPage() {
  const { villageId } = useParams();
  const q = useQuery(() => account('inbox', { villageId }), [villageId], { refreshOnShow: true });
  const more = useMore<InboxItem>((cursor) => account('inbox', { villageId, cursor }));
  const [readIds, setReadIds] = useState<string[]>([]);
  const readAll = useSubmit((opts, upTo: number) => account('markInboxRead', { villageId, upTo }, opts));
  const subscribe = useSubmit((opts, templateIds: string[]) => account('subscribeDigest', { villageId, templateIds }, opts));

  const open = (item: InboxItem) => {
    if (!item.read) {
      setReadIds((ids) => [...ids, item.auditId]);
      void account('markInboxRead', { villageId, auditIds: [item.auditId] }).catch(() => undefined);
    }
    if (item.link) Taro.navigateTo({ url: item.link });
  };

  return (
    <Screen title="消息" read={q.data ? `消息。有${q.data.unread}条没看过。${q.data.items.slice(0, 3).map((i) => i.summary).join('。')}` : '消息'}>
      <Async query={q}>
        {(box) => {
          const { items, cursor } = more.merge(box);
          return (
            <View>
              {box.unread > 0 ? (
                <Btn
                  loading={readAll.busy}
                  onClick={async () => {
                    if (await readAll.run(Math.max(...items.map((i) => i.postedAt)))) {
                      more.reset();
                      q.reload();
                    }
                  }}
                >
                  {`全部标为已读（${box.unread}条未读）`}
                </Btn>
              ) : null}
              {items.length === 0 ? (
                <Empty mark="信" title="还没有消息" hint="您上报的问题有进展、有事需要您处理时，会出现在这里。" />
              ) : (
                <Card>
                  {items.map((i) => {
                    const read = i.read || readIds.includes(i.auditId);
                    return (
                      <Row
                        key={i.auditId}
                        testId="inbox-item"
                        label={
                          <>
                            {read ? null : <Tag tone="warn">未读</Tag>}
                            {i.summary}
                          </>
                        }
                        hint={`${i.actorName} · ${when(i.at)}`}
                        onClick={() => open(i)}
                        arrow={!!i.link}
                      />
                    );
                  })}
                </Card>
              )}
              <LoadMore more={more} cursor={cursor} />
              {isWeapp && box.digest.templateId && !box.digest.subscribed ? (
                <Card>
                  <Muted>想在微信里收到提醒？每晚汇总一次当天的新消息（微信规定：点一次，提醒一次）。</Muted>
                  <Btn
                    loading={subscribe.busy}
                    onClick={async () => {
                      const accepted = await askConsent([box.digest.templateId]);
                      if (accepted.length > 0 && (await subscribe.run(accepted))) q.reload();
                    }}
                  >
                    今晚提醒我
                  </Btn>
                </Card>
              ) : null}
              {box.digest.subscribed ? <Muted>已订阅今晚的消息汇总提醒。</Muted> : null}
              {readAll.error || subscribe.error ? <Text className="cq-error-text">{errorText(readAll.error || subscribe.error)}</Text> : null}
            </View>
          );
        }}
      </Async>
    </Screen>
  );
}
