import { View } from '@tarojs/components';
import { useState } from 'react';
import { Async } from '../../components/Async';
import { AreaField, TextField } from '../../components/Field';
import { Btn, Card, Row, SectionTitle } from '../../components/kit';
import { LoadMore, useMore } from '../../components/LoadMore';
import { Screen } from '../../components/Screen';
import { SubmitBar } from '../../components/SubmitBar';
import { Empty } from '../../components/states';
import { go, routes, useParams } from '../../routes';
import { account } from '../../services/api';
import type { HouseholdView } from '../../../../server/account/contract';
import { useQuery } from '../../state/useQuery';
import { useSubmit } from '../../state/useSubmit';

/** A grid's households (grid worker: own grids; committee: any). */
export default function HouseholdsPage() {
  const { villageId, gridId, name } = useParams();
  const q = useQuery(() => account('listHouseholds', { villageId, gridId, pageSize: 50 }), [villageId, gridId], { refreshOnShow: true });
  const more = useMore<HouseholdView>((cursor) => account('listHouseholds', { villageId, gridId, cursor, pageSize: 50 }));
  const [adding, setAdding] = useState(false);

  return (
    <Screen title={name || '网格里的各户'}>
      <Async query={q}>
        {(page) => {
          const { items, cursor } = more.merge(page);
          return (
            <View>
              {items.length === 0 ? (
                <Empty mark="户" title="这个网格还没有登记的户" />
              ) : (
                <Card>
                  {items.map((h) => (
                    <Row
                      key={h.householdId}
                      label={`${h.headName}户`}
                      hint={h.address}
                      onClick={() => go(routes.household, { villageId, gridId, householdId: h.householdId, headName: h.headName, address: h.address })}
                      testId="household-row"
                    />
                  ))}
                </Card>
              )}
              <LoadMore more={more} cursor={cursor} />
            </View>
          );
        }}
      </Async>
      <View className="cq-gap" />
      {adding ? (
        <AddHousehold
          villageId={villageId}
          gridId={gridId}
          onDone={() => {
            setAdding(false);
            more.reset();
            q.reload();
          }}
        />
      ) : (
        <Btn onClick={() => setAdding(true)}>新增一户</Btn>
      )}
    </Screen>
  );
}

function AddHousehold({ villageId, gridId, onDone }: { villageId: string; gridId: string; onDone: () => void }) {
  const [headName, setHeadName] = useState('');
  const [address, setAddress] = useState('');
  const submit = useSubmit((opts, input: { headName: string; address: string }) => account('createHousehold', { villageId, gridId, ...input }, opts));
  return (
    <View>
      <SectionTitle>新增一户</SectionTitle>
      <Card>
        <TextField name="headName" label="户主姓名" value={headName} onChange={setHeadName} maxLength={20} />
        <AreaField label="住址" value={address} onChange={setAddress} maxLength={80} />
        <SubmitBar
          label="保存这一户"
          busy={submit.busy}
          error={submit.error}
          disabled={!headName.trim() || !address.trim()}
          why="户主和住址都要填。"
          onSubmit={async () => (await submit.run({ headName: headName.trim(), address: address.trim() })) && onDone()}
        />
      </Card>
    </View>
  );
}
