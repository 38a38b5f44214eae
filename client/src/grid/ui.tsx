import { Text, View } from '@tarojs/components';
import { Tag } from '../components/kit';
import { TICKET_STATUS } from '../../../server/grid/transitions';
import type { TicketBucket, TicketStatus, TicketSummary } from '../../../server/grid/contract';

/** the consent kinds' labels: pure data from the server's kernel (no zod reaches the page) */
export { CONSENT_KINDS as CONSENT_LABEL } from '../../../server/kernel/consent';

/** Small pieces the grid pages share: state tags, deadlines in words, stars. */

const BUCKET_TONE: Record<TicketBucket, 'primary' | 'plain' | 'warn'> = { open: 'warn', fixed: 'primary', closed: 'plain' };

export function StatusTag({ status, bucket }: { status: TicketStatus; bucket: TicketBucket }) {
  return <Tag tone={BUCKET_TONE[bucket]}>{TICKET_STATUS[status]}</Tag>;
}

export function EscalationTag({ level }: { level: 0 | 1 | 2 }) {
  if (!level) return null;
  return <Tag tone="danger">{level === 2 ? '已上报乡镇' : '村委督办'}</Tag>;
}

/** "还剩3小时受理" / "已超时2天" */
export function dueText(t: Pick<TicketSummary, 'dueAt' | 'dueKind'>, now = Date.now()): string | null {
  if (!t.dueAt || !t.dueKind) return null;
  const what = t.dueKind === 'accept' ? '受理' : '办结';
  const diff = t.dueAt - now;
  const span = (ms: number) => (ms >= 86_400_000 ? `${Math.floor(ms / 86_400_000)}天` : ms >= 3_600_000 ? `${Math.floor(ms / 3_600_000)}小时` : `${Math.max(1, Math.floor(ms / 60_000))}分钟`);
  return diff >= 0 ? `还剩${span(diff)}${what}` : `${what}已超时${span(-diff)}`;
}

export function when(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getMonth() + 1}月${d.getDate()}日 ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function Stars({ value, onChange }: { value: number; onChange?: (v: number) => void }) {
  return (
    <View className="cq-stars" ariaRole={onChange ? 'radiogroup' : undefined}>
      {[1, 2, 3, 4, 5].map((n) => (
        <View key={n} className={`cq-star${n <= value ? ' cq-star-on' : ''}`} onClick={onChange ? () => onChange(n) : undefined} ariaRole={onChange ? 'radio' : undefined} data-testid={`star-${n}`}>
          <Text>{n <= value ? '★' : '☆'}</Text>
        </View>
      ))}
      <Text className="cq-muted">{value ? `${value}星` : '请点星星打分'}</Text>
    </View>
  );
}

export function ticketNo(ticketId: string): string {
  return ticketId.slice(-6).toUpperCase();
}
