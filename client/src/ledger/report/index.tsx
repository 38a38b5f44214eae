import { View } from '@tarojs/components';
import { Async } from '../../components/Async';
import { Card, Muted, Row, SectionTitle } from '../../components/kit';
import { ReadAloud } from '../../components/ReadAloud';
import { Screen } from '../../components/Screen';
import { Empty } from '../../components/states';
import { useParams } from '../../routes';
import { ledger } from '../../services/api';
import { useQuery } from '../../state/useQuery';
import '../ledger.scss';

/** 积分报表 (committee): issued, redeemed, outstanding, by category; the three kinds of account sum to zero. */
export default function ReportPage() {
  const { villageId } = useParams();
  const report = useQuery(() => ledger('report', { villageId }), [villageId]);
  return (
    <Screen title="积分报表" read="积分报表：发放、兑换和结余。">
      <Async query={report}>
        {(r) => (
          <View>
            <Card>
              <Row label="累计发放" value={`${r.issued} 分`} />
              <Row label="已兑换" value={`${r.redeemed} 分`} />
              <Row label="各户结余" value={`${r.outstanding} 分`} hint={`${r.households} 户有积分账户`} />
              <ReadAloud text={`累计发放${r.issued}分，已兑换${r.redeemed}分，各户结余${r.outstanding}分。`} />
            </Card>
            <SectionTitle>按类别</SectionTitle>
            {r.byCategory.length ? (
              <Card>
                {r.byCategory.map((c) => (
                  <Row key={c.category} label={c.category} hint={`${c.entries} 笔`} value={`${c.points} 分`} />
                ))}
              </Card>
            ) : (
              <Empty title="还没有入账的积分" />
            )}
            <SectionTitle>账户核对</SectionTitle>
            <Card>
              <Row label="村集体积分发行账户" value={String(r.accounts.issuer)} />
              <Row label="积分超市账户" value={String(r.accounts.shop)} />
              <Row label="各户账户合计" value={String(r.accounts.households)} />
              <Muted>{r.accounts.issuer + r.accounts.shop + r.accounts.households === 0 ? '三类账户合计为零：账平。' : '账户合计不为零，请联系管理员。'}</Muted>
            </Card>
          </View>
        )}
      </Async>
    </Screen>
  );
}
