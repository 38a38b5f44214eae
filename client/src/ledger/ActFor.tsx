import { useState } from 'react';
import { View } from '@tarojs/components';
import { Async } from '../components/Async';
import { Card, Choices, Muted, SectionTitle } from '../components/kit';
import { account, type ResidentView } from '../services/account';
import { useQuery } from '../state/useQuery';

/**
 * 替居民代办: a grid worker (or the committee) claims or redeems for a resident of their grids — often an
 * elder without WeChat. The server checks the grid and writes "代 某某" into the record.
 */
export function useActFor(villageId: string, allowed: boolean) {
  const [forWhom, setForWhom] = useState<'self' | 'other'>('self');
  const [resident, setResident] = useState<ResidentView | null>(null);
  const residents = useQuery(() => (allowed ? account.listResidents({ villageId, pageSize: 100 }) : Promise.resolve({ items: [], nextCursor: null } as never)), [villageId, allowed]);
  const other = allowed && forWhom === 'other';
  return {
    allowed,
    forWhom,
    setForWhom,
    resident,
    setResident,
    residents,
    /** acting for someone who is not chosen yet */
    missing: other && !resident,
    /** who it is for, when not for the caller's own household */
    forResident: other ? resident : null,
  };
}

export type ActFor = ReturnType<typeof useActFor>;

/** "为谁…": my household, or a resident of my grids (a list to pick from). Nothing for other callers. */
export function ActForPicker({ actFor, verb }: { actFor: ActFor; verb: '申报' | '兑换' }) {
  if (!actFor.allowed) return null;
  return (
    <View>
      <SectionTitle>{`为谁${verb}`}</SectionTitle>
      <Card>
        <Choices
          options={[
            { value: 'self', label: `为我家${verb}` },
            { value: 'other', label: '替居民代办', hint: `为不用微信的老人等代为${verb}，记录会写明代办` },
          ]}
          value={actFor.forWhom}
          onChange={actFor.setForWhom}
        />
      </Card>
      {actFor.forWhom === 'other' ? (
        <Card>
          <Async query={actFor.residents}>
            {(page) =>
              page.items.length ? (
                <Choices
                  options={page.items.map((r) => ({ value: r.residentId, label: r.name, hint: `${r.offline ? '不用微信 · ' : ''}${r.elderly ? '老人' : ''}` }))}
                  value={actFor.resident?.residentId ?? null}
                  onChange={(id) => actFor.setResident(page.items.find((r) => r.residentId === id) ?? null)}
                />
              ) : (
                <Muted>您负责的网格里还没有居民。</Muted>
              )
            }
          </Async>
        </Card>
      ) : null}
    </View>
  );
}
