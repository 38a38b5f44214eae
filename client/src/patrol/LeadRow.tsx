import { Text, View } from '@tarojs/components';
import { Muted, Tag } from '../components/kit';
import type { LeadCard } from '../services/patrol';
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
      <Text className="cq-muted">
        {lead.authorName} · {timeText(lead.postedAt)}
        {lead.groupName ? ` · ${lead.groupName}` : ''}
      </Text>
      {lead.handled ? <Muted>{`${lead.handled.byName} ${timeText(lead.handled.at)}${lead.handled.reason ? `：${lead.handled.reason}` : ''}`}</Muted> : null}
    </View>
  );
}
