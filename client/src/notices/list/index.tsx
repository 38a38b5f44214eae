import { View } from '@tarojs/components';
import { useState } from 'react';
import { Async } from '../../components/Async';
import { Btn, Card, Choices, Row, SectionTitle } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { Empty } from '../../components/states';
import { go, useParams } from '../../routes';
import { notices } from '../../services/api';
import { useMe } from '../../state/me';
import { useQuery } from '../../state/useQuery';
import { NOTICE_CATEGORIES, type NoticeCategory, type NoticeSummary } from '../../../../server/notices/contract';
import { CategoryTag, day, noticeRoutes } from '../ui';

type Filter = 'all' | NoticeCategory;

/** 村务公开栏: 党务、村务、财务 notices of the village, the pinned ones first; the committee publishes from here. */
export default function NoticeListPage() {
  const { villageId } = useParams();
  const me = useMe();
  const committee = me.current?.villageId === villageId && me.current.roles.includes('committee');
  const [filter, setFilter] = useState<Filter>('all');
  const [more, setMore] = useState<{ items: NoticeSummary[]; cursor: string | null } | null>(null);
  const category = filter === 'all' ? undefined : filter;
  const q = useQuery(() => notices('listNotices', { villageId, category }), [villageId, filter], { refreshOnShow: true });
  return (
    <Screen title="村务公开" read="村务公开。村里的党务、村务、财务公开都在这里，置顶的排在最前面。点开一条，可以听朗读，也可以提问。">
      {committee ? (
        <Btn type="primary" onClick={() => go(noticeRoutes.publish, { villageId })} testId="notice-publish">
          发布通知
        </Btn>
      ) : null}
      <SectionTitle>看哪一类</SectionTitle>
      <Choices<Filter>
        options={[{ value: 'all', label: '全部' }, ...(Object.keys(NOTICE_CATEGORIES) as NoticeCategory[]).map((c) => ({ value: c, label: `${NOTICE_CATEGORIES[c]}公开` }))]}
        value={filter}
        onChange={(f) => {
          setMore(null);
          setFilter(f);
        }}
      />
      <Async query={q}>
        {(page) => {
          const items = [...page.items, ...(more?.items ?? [])];
          const cursor = more ? more.cursor : page.nextCursor;
          if (!page.pinned.length && !items.length) return <Empty mark="公" title="还没有通知" hint="村委发布的党务、村务、财务公开会出现在这里。" />;
          return (
            <View>
              {page.pinned.length ? (
                <View>
                  <SectionTitle>置顶</SectionTitle>
                  <Card>
                    {page.pinned.map((n) => (
                      <NoticeRow key={n.noticeId} n={n} villageId={villageId} />
                    ))}
                  </Card>
                </View>
              ) : null}
              {items.length ? (
                <View>
                  <SectionTitle>全部通知</SectionTitle>
                  <Card>
                    {items.map((n) => (
                      <NoticeRow key={n.noticeId} n={n} villageId={villageId} />
                    ))}
                  </Card>
                </View>
              ) : null}
              {cursor ? (
                <Btn
                  onClick={async () => {
                    const next = await notices('listNotices', { villageId, category, cursor });
                    setMore((m) => ({ items: [...(m?.items ?? []), ...next.items], cursor: next.nextCursor }));
                  }}
                >
                  看更早的通知
                </Btn>
              ) : null}
            </View>
          );
        }}
      </Async>
    </Screen>
  );
}

function NoticeRow({ n, villageId }: { n: NoticeSummary; villageId: string }) {
  return (
    <Row
      label={
        <>
          <CategoryTag category={n.category} />
          {` ${n.title}`}
        </>
      }
      hint={`${day(n.publishedAt)} · ${n.authorName}${n.pinned && n.pinnedUntil ? ` · 置顶到${day(n.pinnedUntil)}` : ''}${n.photoCount ? ` · ${n.photoCount}张图` : ''}`}
      onClick={() => go(noticeRoutes.notice, { villageId, noticeId: n.noticeId })}
      testId={`notice-${n.noticeId}`}
    />
  );
}

