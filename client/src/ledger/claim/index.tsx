import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Async } from '../../components/Async';
import { AreaField } from '../../components/Field';
import { Card, Choices, Muted, SectionTitle } from '../../components/kit';
import { PhotoPicker } from '../../components/PhotoPicker';
import { Screen } from '../../components/Screen';
import { SubmitBar } from '../../components/SubmitBar';
import { back, useParams } from '../../routes';
import { ledger, type Input } from '../../services/api';
import { PERIOD_LABEL, signed } from '../labels';
import type { LedgerHomeOutput, RuleView } from '../../../../server/ledger/contract';
import type { Uploaded } from '../../services/media';
import { useQuery } from '../../state/useQuery';
import { useSubmit } from '../../state/useSubmit';
import { ActForPicker, useActFor } from '../ActFor';
import '../ledger.scss';

const PHOTOS_MAX = 6;

/** 申报积分: pick the rule, say what was done, add photos; a grid worker may claim for a resident of their grids (代办). */
export default function ClaimPage() {
  const { villageId } = useParams();
  const home = useQuery(() => ledger('ledgerHome', { villageId, pageSize: 1 }), [villageId]);
  return (
    <Screen title="申报积分" read="申报积分。先选是哪一项，再写清楚做了什么，可以加照片，最后点提交。村委审核后公示，公示期满积分入账。">
      <Async query={home}>{(h) => <ClaimForm villageId={villageId} home={h} />}</Async>
    </Screen>
  );
}

function ClaimForm({ villageId, home }: { villageId: string; home: LedgerHomeOutput }) {
  const actFor = useActFor(villageId, home.can.claimForOthers);
  const [rule, setRule] = useState<RuleView | null>(null);
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<Uploaded[]>([]);
  const [uploading, setUploading] = useState(false);
  const submit = useSubmit((opts, p: Input<'ledger', 'submitClaim'>) => ledger('submitClaim', p, opts), { keepOffline: '申报' });
  // deductions are the committee's; automatic rules are never claimed
  const rules = home.catalogue.rules.filter((r) => r.enabled && r.source === 'claim' && (r.points > 0 || home.can.review));

  async function send() {
    if (!rule) return;
    const out = await submit.run({ villageId, ruleId: rule.ruleId, note: note.trim(), photos: photos.map((p) => p.fileId), ...actFor.fields });
    if (out) {
      await Taro.showToast({ title: '已提交，等村委审核', icon: 'none' });
      back();
    }
  }

  const ready = !!rule && note.trim().length > 0 && !actFor.missing && !uploading;
  return (
    <View>
      <ActForPicker actFor={actFor} verb="申报" />

      <SectionTitle>1. 是哪一项</SectionTitle>
      <Card>
        {rules.length ? (
          <Choices
            options={rules.map((r) => ({ value: r.ruleId, label: `${r.name} ${signed(r.points)}分`, hint: `${r.category} · ${PERIOD_LABEL[r.period]}${r.limit ? `最多${r.limit}次` : '不限次数'}${r.note ? ` · ${r.note}` : ''}` }))}
            value={rule?.ruleId ?? null}
            onChange={(id) => setRule(rules.find((r) => r.ruleId === id) ?? null)}
          />
        ) : (
          <Muted>村里还没有可以申报的规则。</Muted>
        )}
      </Card>

      <SectionTitle>2. 做了什么</SectionTitle>
      <Card>
        <AreaField name="note" label="写清楚时间、地点、做了什么" value={note} onChange={setNote} maxLength={300} placeholder="例如：5月1日上午参加河道清理" />
        <PhotoPicker value={photos} onChange={setPhotos} max={PHOTOS_MAX} addLabel="加照片（可不加）" moreLabel="再加照片" onBusy={setUploading} />
      </Card>

      <SubmitBar label="提交申报" testId="submit-claim" disabled={!ready} busy={submit.busy} error={submit.error} onSubmit={send} />
    </View>
  );
}
