import { useState } from 'react';
import { View } from '@tarojs/components';
import { Async } from '../components/Async';
import { Card, Choices, Muted, SectionTitle } from '../components/kit';
import { account } from '../services/api';
import type { ResidentView } from '../../../server/account/contract';
import { CONSENT_KINDS as CONSENT_LABELS, type ConsentKind } from '../../../server/kernel/consent';
import { useQuery } from '../state/useQuery';

/**
 * 替居民代办: a grid worker (or the committee) claims or redeems for a resident of their grids — often an
 * elder without WeChat. For a resident who uses WeChat, how they agreed is asked and recorded (as for 代报).
 * The server checks the grid and the consent and writes "代 某某" into the record.
 */
export function useActFor(villageId: string, allowed: boolean) {
  const [forWhom, setForWhom] = useState<'self' | 'other'>('self');
  const [resident, setResident] = useState<ResidentView | null>(null);
  const [consent, setConsent] = useState<ConsentKind | null>(null);
  const other = allowed && forWhom === 'other';
  // the list only when 替居民代办 is chosen: opening the page costs one call, not two
  const residents = useQuery(() => (other ? account('listResidents', { villageId, pageSize: 100 }) : Promise.resolve({ items: [], nextCursor: null } as never)), [villageId, other]);
  const needsConsent = other && !!resident && !resident.offline;
  return {
    allowed,
    forWhom,
    setForWhom,
    resident,
    setResident,
    residents,
    consent,
    setConsent,
    needsConsent,
    /** acting for someone who is not chosen yet (or whose consent is not given yet) */
    missing: other && (!resident || (needsConsent && !consent)),
    /** who it is for, when not for the caller's own household */
    forResident: other ? resident : null,
    /** what a claim or a redemption adds for 代办: the resident and, for one who uses WeChat, how they agreed */
    fields: other && resident ? { residentId: resident.residentId, ...(needsConsent && consent ? { consent } : {}) } : {},
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
      {actFor.needsConsent ? (
        <Card>
          <Muted>{`${actFor.resident?.name ?? ''}自己用微信，替他办理要写明本人如何同意：`}</Muted>
          <Choices options={(Object.keys(CONSENT_LABELS) as ConsentKind[]).map((k) => ({ value: k, label: CONSENT_LABELS[k] }))} value={actFor.consent} onChange={actFor.setConsent} />
        </Card>
      ) : null}
    </View>
  );
}
