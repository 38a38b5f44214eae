import { Text, View } from '@tarojs/components';
import { Muted, Tag } from '../components/kit';
import type { LeadCard, ScanEvidence } from '../../../server/patrol/contract';
import { LEAD_STATUS } from '../../../server/patrol/states';
import { CATEGORY_LABEL, CATEGORY_TONE, Highlighted, timeText } from './ui';

/**
 * One lead as the queue and the lead page show it. Its own module, not the queue page's: in the
 * mini-program a page module exports only its page, so another page importing from it gets undefined.
 */
export function LeadRow({ lead, onOpen }: { lead: LeadCard; onOpen?: () => void }) {
  return (
    <View className="pt-lead" onClick={onOpen} data-testid="lead" hoverClass={onOpen ? 'cq-row-hover' : 'none'}>
      <View className="pt-tags">
        {lead.scan.categories.map((c) => (
          <Tag key={c} tone={CATEGORY_TONE[c]}>
            {CATEGORY_LABEL[c]}
          </Tag>
        ))}
        <Tag>紧急度 {lead.priority}</Tag>
        {lead.count > 1 ? <Tag tone="warn">同样的消息 {lead.count} 条</Tag> : null}
        {lead.flagCount ? <Tag tone="warn">{lead.flagCount} 人举报</Tag> : null}
        {lead.held ? <Tag tone="warn">待审核</Tag> : null}
        {lead.status !== 'open' ? <Tag>{LEAD_STATUS[lead.status]}</Tag> : null}
      </View>
      <Highlighted text={lead.text} spans={lead.scan.spans} />
      <Text className="cq-muted pt-evidence" data-testid="lead-evidence">
        {evidenceText(lead)}
      </Text>
      <Text className="cq-muted">
        {lead.authorName} · {timeText(lead.postedAt)}
        {lead.groupName ? ` · ${lead.groupName}` : ''}
      </Text>
      {lead.handled ? <Muted>{`${lead.handled.byName} ${timeText(lead.handled.at)}${lead.handled.reason ? `：${lead.handled.reason}` : ''}`}</Muted> : null}
    </View>
  );
}

const signed = (points: number): string => (points > 0 ? `+${points}` : String(points));

/**
 * Why the scanner opened this lead, in one line: for each category it gave, the strongest pieces of
 * evidence (a word, two facts together, the model's wording) with their points; or, for a lead the
 * scanner did not decide, who brought it in.
 */
export function evidenceText(lead: Pick<LeadCard, 'scan' | 'flagCount' | 'source'>): string {
  const evidence: ScanEvidence[] = lead.scan.evidence ?? [];
  const parts: string[] = [];
  for (const category of lead.scan.categories) {
    const mine = evidence.filter((e) => e.category === category);
    const top = mine.filter((e) => e.points > 0).slice(0, 3);
    const against = mine.filter((e) => e.points < 0).slice(0, 1);
    if (top.length === 0 && against.length === 0) continue;
    const score = lead.scan.scores ? ` ${Math.round(lead.scan.scores[category] * 100)}分` : '';
    parts.push(`${CATEGORY_LABEL[category]}${score}：${[...top, ...against].map((e) => `${e.label} ${signed(e.points)}`).join('，')}`);
  }
  if (parts.length > 0) return `依据　${parts.join('；')}`;
  if (lead.flagCount > 0) return '依据　居民举报（扫描没有判定分类）';
  if (lead.source === 'paste') return '依据　有人转为线索（扫描没有判定分类）';
  return lead.scan.spans.length > 0 ? `依据　命中词：${[...new Set(lead.scan.spans.map((s) => s.term))].join('、')}` : '依据　待网格员判断';
}
