import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Async } from '../../components/Async';
import { Btn, Card, Muted, SectionTitle, Tag } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { useParams } from '../../routes';
import type { Category, PrecisionRow } from '../../../../server/patrol/contract';
import { patrol } from '../../services/api';
import { useQuery } from '../../state/useQuery';
import { errorText, useSubmit } from '../../state/useSubmit';
import { CATEGORY_LABEL, CATEGORY_TONE } from '../ui';
import '../patrol.scss';

const percent = (x: number): string => `${Math.round(x * 100)}%`;
const STEP = 0.05;

function precisionText(r: PrecisionRow): string {
  if (r.decided === 0) return '近期没有处理过的线索';
  return `准确 ${percent(r.precision ?? 0)}：处理 ${r.decided} 条，有用 ${r.confirmed} 条，排除为误报 ${r.dismissed} 条`;
}

/**
 * 巡群准确率 (committee): how often each category's leads were worth a grid worker's time over the last
 * 30 days — the workers' own decisions are the labels — and the score a message needs to be given each
 * category. Raising a threshold means fewer false alarms and more misses; every change is recorded.
 */
export default function AccuracyPage() {
  const { villageId } = useParams();
  const q = useQuery(() => patrol('scannerPrecision', { villageId, days: 30 }), [villageId], { refreshOnShow: true });
  const [draft, setDraft] = useState<Partial<Record<Category, number | null>>>({});
  const [saved, setSaved] = useState(false);
  const save = useSubmit((o, baseVersion: number, thresholds: Partial<Record<Category, number | null>>) =>
    patrol('setThresholds', { villageId, baseVersion, thresholds }, o),
  );
  return (
    <Screen title="巡群准确率" read="巡群准确率。近 30 天，各类线索被网格员确认有用的比例，以及每一类的判定门槛。门槛越高，误报越少，漏报越多。">
      <Muted>近 30 天网格员处理过的线索：转工单、发预警、上报、回复算“有用”，排除算“误报”。</Muted>
      <Async query={q}>
        {(p) => {
          const value = (r: PrecisionRow): number => {
            const v = draft[r.category];
            return v === undefined ? r.threshold : v === null ? r.defaultThreshold : v;
          };
          const changed = Object.keys(draft).length > 0;
          // from the whole percent on screen, so 57% and 提高 give 62%, whatever the stored default's decimals
          const move = (r: PrecisionRow, delta: number) => {
            const next = Math.min(p.max, Math.max(p.min, (Math.round(value(r) * 100) + Math.round(delta * 100)) / 100));
            setSaved(false);
            setDraft({ ...draft, [r.category]: next });
          };
          return (
            <View>
              {p.rows.map((r) => (
                <Card key={r.category}>
                  <View className="pt-acc" data-testid={`accuracy-${r.category}`}>
                    <View className="pt-tags">
                      <Tag tone={CATEGORY_TONE[r.category]}>{CATEGORY_LABEL[r.category]}</Tag>
                      {r.decided > 0 && (r.precision ?? 0) < 0.5 ? <Tag tone="warn">误报偏多</Tag> : null}
                    </View>
                    <Text className="cq-text" data-testid="accuracy-precision">
                      {precisionText(r)}
                    </Text>
                    <Text className="cq-text cq-strong" data-testid="accuracy-threshold">
                      判定门槛 {percent(value(r))}
                      {value(r) === r.defaultThreshold ? '（默认）' : `（默认 ${percent(r.defaultThreshold)}）`}
                    </Text>
                    <View className="pt-acc-buttons">
                      <Btn block={false} onClick={() => move(r, -STEP)} testId={`lower-${r.category}`}>
                        降低（少漏报）
                      </Btn>
                      <Btn block={false} onClick={() => move(r, STEP)} testId={`raise-${r.category}`}>
                        提高（少误报）
                      </Btn>
                      {value(r) !== r.defaultThreshold ? (
                        <Btn block={false} onClick={() => (setSaved(false), setDraft({ ...draft, [r.category]: null }))}>
                          恢复默认
                        </Btn>
                      ) : null}
                    </View>
                  </View>
                </Card>
              ))}
              {save.error ? <Text className="pt-error-line">{errorText(save.error)}</Text> : null}
              {saved ? <Muted>已保存，之后的消息按新门槛判定，修改已记录在村务留痕里。</Muted> : null}
              <SectionTitle>保存</SectionTitle>
              <Btn
                type="primary"
                disabled={!changed}
                loading={save.busy}
                testId="save-thresholds"
                onClick={async () => {
                  if (await save.run(p.thresholdsVersion, draft)) {
                    setDraft({});
                    setSaved(true);
                    q.reload();
                  }
                }}
              >
                保存门槛
              </Btn>
            </View>
          );
        }}
      </Async>
    </Screen>
  );
}
