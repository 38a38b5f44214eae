import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Async } from '../../components/Async';
import { TextField } from '../../components/Field';
import { Btn, Card, Choices, Muted, Row, SectionTitle } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { SubmitBar } from '../../components/SubmitBar';
import { SwitchRow } from '../../components/Switch';
import { useParams } from '../../routes';
import { ledger, type Input } from '../../services/api';
import { PERIOD_LABEL, signed, SOURCE_LABEL } from '../labels';
import type { CatalogueView, RuleView } from '../../../../server/ledger/contract';
import { useQuery } from '../../state/useQuery';
import { useSubmit } from '../../state/useSubmit';
import '../ledger.scss';

type Draft = Omit<RuleView, 'ruleId' | 'version'> & { ruleId?: string };
const EMPTY: Draft = { category: '志愿服务', name: '', points: 5, period: 'month', limit: 4, source: 'claim', enabled: true, note: '' };

/** 积分规则 (committee): categories, points, limits per period, automatic rules, the 公示 days and year-end. Edits never touch points already posted. */
export default function RulesPage() {
  const { villageId } = useParams();
  const home = useQuery(() => ledger('ledgerHome', { villageId, pageSize: 1 }), [villageId]);
  const [editing, setEditing] = useState<Draft | null>(null);
  return (
    <Screen title="积分规则" read="积分规则。改了分值以后，已经入账和正在申报的积分不变。">
      <Async query={home}>
        {(h) =>
          editing ? (
            <RuleForm villageId={villageId} catalogue={h.catalogue} draft={editing} onDone={() => (setEditing(null), home.reload())} />
          ) : (
            <View>
              <Settings villageId={villageId} catalogue={h.catalogue} onSaved={home.reload} />
              {h.catalogue.categories.map((cat) => (
                <View key={cat}>
                  <SectionTitle>{cat}</SectionTitle>
                  <Card>
                    {h.catalogue.rules
                      .filter((r) => r.category === cat)
                      .map((r) => (
                        <Row
                          key={r.ruleId}
                          label={`${r.name} ${signed(r.points)}`}
                          hint={`${PERIOD_LABEL[r.period]}${r.limit ? `最多${r.limit}次` : '不限'} · ${SOURCE_LABEL[r.source]}${r.enabled ? '' : ' · 已停用'} · 第${r.version}版`}
                          onClick={() => setEditing({ ...r })}
                        />
                      ))}
                  </Card>
                </View>
              ))}
              <Btn type="primary" onClick={() => setEditing({ ...EMPTY })}>
                新增规则
              </Btn>
            </View>
          )
        }
      </Async>
    </Screen>
  );
}

function RuleForm({ villageId, catalogue, draft, onDone }: { villageId: string; catalogue: CatalogueView; draft: Draft; onDone: () => void }) {
  const [d, setD] = useState(draft);
  const [points, setPoints] = useState(String(draft.points));
  const [limit, setLimit] = useState(draft.limit ? String(draft.limit) : '');
  const save = useSubmit((opts, p: Input<'ledger', 'saveRule'>) => ledger('saveRule', p, opts));
  const n = Number(points);
  const valid = d.name.trim() && d.category.trim() && Number.isInteger(n) && n !== 0 && Math.abs(n) <= 1000 && (limit === '' || (Number.isInteger(Number(limit)) && Number(limit) >= 1));
  return (
    <Card>
      <TextField name="category" label="类别" value={d.category} onChange={(category) => setD({ ...d, category })} maxLength={12} hint={`已有：${catalogue.categories.join('、')}`} />
      <TextField name="name" label="事项" value={d.name} onChange={(name) => setD({ ...d, name })} maxLength={30} talk />
      <TextField name="points" label="分值（扣分写负数，整数）" type="text" value={points} onChange={setPoints} maxLength={5} />
      <Choices options={(['month', 'quarter', 'year'] as const).map((p) => ({ value: p, label: PERIOD_LABEL[p] }))} value={d.period} onChange={(period) => setD({ ...d, period })} />
      <TextField name="limit" label="每户每周期最多几次（不填为不限）" type="number" value={limit} onChange={setLimit} maxLength={3} />
      <Choices options={(Object.keys(SOURCE_LABEL) as RuleView['source'][]).map((s) => ({ value: s, label: SOURCE_LABEL[s] }))} value={d.source} onChange={(source) => setD({ ...d, source })} />
      <SwitchRow label="启用" on={d.enabled} onChange={(enabled) => setD({ ...d, enabled })} />
      <TextField name="note" label="说明（可不填）" value={d.note} onChange={(note) => setD({ ...d, note })} maxLength={100} talk />
      <SubmitBar
        label="保存"
        disabled={!valid}
        busy={save.busy}
        error={save.error}
        onSubmit={async () => {
          const out = await save.run({ villageId, ...(d.ruleId ? { ruleId: d.ruleId } : {}), baseVersion: catalogue.version, category: d.category.trim(), name: d.name.trim(), points: n, period: d.period, limit: limit === '' ? null : Number(limit), source: d.source, enabled: d.enabled, note: d.note.trim() });
          if (out) {
            Taro.showToast({ title: '已保存', icon: 'success' });
            onDone();
          }
        }}
        secondary={{ label: '返回', onClick: onDone }}
      />
      <Muted>改动会留痕；已经入账和正在申报的积分按原来的分值，不受影响。</Muted>
    </Card>
  );
}

function Settings({ villageId, catalogue, onSaved }: { villageId: string; catalogue: CatalogueView; onSaved: () => void }) {
  const [days, setDays] = useState(String(catalogue.settings.publicNoticeDays));
  const [yearEnd, setYearEnd] = useState(catalogue.settings.yearEnd);
  const save = useSubmit((opts, p: Input<'ledger', 'saveSettings'>) => ledger('saveSettings', p, opts));
  const n = Number(days);
  return (
    <Card>
      <TextField name="days" label="公示天数（1–30）" type="number" value={days} onChange={setDays} maxLength={2} />
      <Choices
        options={[
          { value: 'carry_over', label: '年底结转', hint: '积分留到下一年' },
          { value: 'expire', label: '年底清零', hint: '每年1月把各户积分收回村集体账户（记为明细）' },
        ]}
        value={yearEnd}
        onChange={setYearEnd}
      />
      <SubmitBar
        label="保存设置"
        type="default"
        disabled={!(Number.isInteger(n) && n >= 1 && n <= 30)}
        busy={save.busy}
        error={save.error}
        onSubmit={async () => (await save.run({ villageId, baseVersion: catalogue.version, publicNoticeDays: n, yearEnd })) && (Taro.showToast({ title: '已保存', icon: 'success' }), onSaved())}
      />
    </Card>
  );
}
