import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Async } from '../../components/Async';
import { AreaField } from '../../components/Field';
import { Banner, Btn, Card, Choices, Muted, P, SectionTitle } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { back, useParams } from '../../routes';
import { ledger, PERIOD_LABEL, signed, type LedgerHomeOutput, type RuleView } from '../../services/ledger';
import { pickPhotos } from '../../services/media';
import { useQuery } from '../../state/useQuery';
import { errorText, useSubmit } from '../../state/useSubmit';
import { ActForPicker, useActFor } from '../ActFor';
import '../ledger.scss';

const PHOTOS_MAX = 6;

/** 申报积分: pick the rule, say what was done, add photos; a grid worker may claim for a resident of their grids (代办). */
export default function ClaimPage() {
  const { villageId } = useParams();
  const home = useQuery(() => ledger.home({ villageId, pageSize: 1 }), [villageId]);
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
  const [photos, setPhotos] = useState<{ fileId: string; preview: string }[]>([]);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const submit = useSubmit((opts, p: Parameters<typeof ledger.submitClaim>[0]) => ledger.submitClaim(p, opts), { keepOffline: '申报' });
  // deductions are the committee's; automatic rules are never claimed
  const rules = home.catalogue.rules.filter((r) => r.enabled && r.source === 'claim' && (r.points > 0 || home.can.review));

  async function addPhotos() {
    setUploadError(null);
    try {
      setUploading(true);
      const added = await pickPhotos(PHOTOS_MAX - photos.length); // [] when the person cancels
      setPhotos([...photos, ...added.map(({ fileId, preview }) => ({ fileId, preview }))].slice(0, PHOTOS_MAX));
    } catch (e) {
      setUploadError(errorText(e));
    } finally {
      setUploading(false);
    }
  }

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
        <View className="cq-photos">
          {photos.map((p) => (
            <Image key={p.fileId} className="cq-photo" src={p.preview} mode="aspectFill" />
          ))}
        </View>
        {photos.length < PHOTOS_MAX ? (
          <Btn loading={uploading} onClick={addPhotos}>
            {photos.length ? '再加照片' : '加照片（可不加）'}
          </Btn>
        ) : null}
        {uploadError ? <Text className="cq-error-text">{uploadError}</Text> : null}
      </Card>

      {submit.error ? (
        <Banner tone="warn">
          <P>{errorText(submit.error)}</P>
        </Banner>
      ) : null}
      <Btn type="primary" disabled={!ready} loading={submit.busy} onClick={send} testId="submit-claim">
        提交申报
      </Btn>
    </View>
  );
}
