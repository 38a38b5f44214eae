import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Async } from '../../components/Async';
import { TextField } from '../../components/Field';
import { Banner, Btn, Card, Muted, P, Row, SectionTitle, Tag } from '../../components/kit';
import { ReadAloud } from '../../components/ReadAloud';
import { PhotoPicker } from '../../components/PhotoPicker';
import { Screen } from '../../components/Screen';
import { SubmitBar } from '../../components/SubmitBar';
import { Empty } from '../../components/states';
import { useParams } from '../../routes';
import { ledger, type Input } from '../../services/api';
import { REDEMPTION_STATUS_LABEL } from '../labels';
import type { GoodsView, RedemptionView, ShopOutput } from '../../../../server/ledger/contract';
import { fileUrl } from '../../services/upload';
import type { ResidentView } from '../../../../server/account/contract';
import { useQuery } from '../../state/useQuery';
import { errorText, useSubmit } from '../../state/useSubmit';
import { ActForPicker, useActFor, type ActFor } from '../ActFor';
import { Qr } from '../Qr';
import '../ledger.scss';

/** 积分超市: goods and redemption, my pickup codes (big digits + QR, read aloud); for the keeper, 核销 and the shelf. One call: shop answers it all. */
export default function ShopPage() {
  const { villageId } = useParams();
  const shop = useQuery(() => ledger('shop', { villageId }), [villageId], { refreshOnShow: true });
  return (
    <Screen title="积分超市" read="积分超市。点兑换，会得到一个六位提货码，凭码到村口小卖部领取。">
      <Async query={shop}>
        {(s) => (
          <View>
            {s.can.keepShop ? <Keeper villageId={villageId} shop={s} onDone={shop.reload} /> : null}
            <MyPickups villageId={villageId} pickups={s.myPickups} householdId={s.householdId} onDone={shop.reload} />
            <Redeemable villageId={villageId} shop={s} canActFor={s.can.redeemForOthers} onDone={shop.reload} />
          </View>
        )}
      </Async>
    </Screen>
  );
}

/** The goods, redeemed for my household or — a grid worker at the shop with an elder — for a resident (代办). */
function Redeemable({ villageId, shop, canActFor, onDone }: { villageId: string; shop: ShopOutput; canActFor: boolean; onDone: () => void }) {
  const actFor = useActFor(villageId, canActFor);
  const [forOther, setForOther] = useState<{ name: string; code: string; goodsName: string } | null>(null);
  const forResident = actFor.forResident;
  return (
    <View>
      <ActForPicker actFor={actFor} verb="兑换" />
      {forOther ? (
        <Card>
          <P strong>{`已替 ${forOther.name} 兑换${forOther.goodsName}`}</P>
          <View className="cq-ledger-code" data-testid="shop-proxy-code">
            <Text>{forOther.code.split('').join(' ')}</Text>
          </View>
          <ReadAloud text={`提货码：${forOther.code.split('').join('，')}。凭码到小卖部领取${forOther.goodsName}。`} />
          <Muted>积分从居民家里扣；提货码也在居民家的积分页里，记录写明由您代办。</Muted>
        </Card>
      ) : null}
      <SectionTitle>{forResident ? `可兑换（用 ${forResident.name} 家的积分）` : `可兑换（我家有 ${shop.balance} 分）`}</SectionTitle>
      {actFor.missing ? <Banner tone="info">先选替哪位居民兑换。</Banner> : null}
      {shop.goods.length === 0 ? (
        <Empty title="货架上还没有东西" hint="小卖部店主上架后就能兑换" />
      ) : (
        shop.goods.map((g) => (
          <GoodsCard
            key={g.goodsId}
            villageId={villageId}
            g={g}
            // for a resident the server checks their balance (积分不够 comes back as a clear error)
            balance={forResident ? null : shop.balance}
            canRedeem={forResident ? !actFor.missing : !actFor.missing && !!shop.householdId}
            forResident={forResident}
            actForFields={actFor.fields}
            onDone={(code) => {
              setForOther(forResident && code ? { name: forResident.name, code, goodsName: g.name } : null);
              onDone();
            }}
          />
        ))
      )}
    </View>
  );
}

function GoodsCard({ villageId, g, balance, canRedeem, forResident, actForFields, onDone }: { villageId: string; g: GoodsView; balance: number | null; canRedeem: boolean; forResident: ResidentView | null; actForFields: ActFor['fields']; onDone: (code: string | null) => void }) {
  const redeem = useSubmit((opts) => ledger('redeem', { villageId, goodsId: g.goodsId, qty: 1, price: g.price, ...actForFields }, opts));
  const enough = balance === null || balance >= g.price;
  return (
    <Card>
      <View className="cq-goods">
        {g.photo ? <Image className="cq-goods-photo" src={fileUrl(g.photo)} mode="aspectFill" /> : <View className="cq-goods-photo" />}
        <View className="cq-row-main">
          <P strong>{g.name}</P>
          <Text className="cq-text">{`${g.price} 分 / ${g.unit}`}</Text>
          <Muted>{g.stock > 0 ? `还剩 ${g.stock} ${g.unit}` : '已兑完'}</Muted>
          {g.active ? null : <Tag tone="warn">已下架</Tag>}
        </View>
      </View>
      {redeem.error ? <Text className="cq-error-text">{errorText(redeem.error)}</Text> : null}
      {canRedeem && g.active ? (
        <Btn
          type="primary"
          disabled={!enough || g.stock <= 0}
          loading={redeem.busy}
          testId={`redeem-${g.name}`}
          onClick={async () => {
            const whose = forResident ? `${forResident.name}家的 ` : '';
            const sure = await Taro.showModal({ title: forResident ? '确认代办兑换' : '确认兑换', content: `用${whose}${g.price} 分兑换 ${g.name} 1${g.unit}？`, confirmText: '兑换', cancelText: '再想想' });
            if (!sure.confirm) return;
            const out = await redeem.run();
            if (out) {
              Taro.showModal({ title: '兑换成功', content: `提货码 ${out.redemption.code}，凭码到小卖部领取。`, showCancel: false });
              onDone(out.redemption.code);
            }
          }}
        >
          {g.stock <= 0 ? '已兑完' : enough ? '兑换' : '积分不够'}
        </Btn>
      ) : null}
    </Card>
  );
}

function MyPickups({ villageId, pickups, householdId, onDone }: { villageId: string; pickups: RedemptionView[]; householdId: string | null; onDone: () => void }) {
  const cancel = useSubmit((opts, r: RedemptionView) => ledger('cancelRedemption', { villageId, householdId: r.householdId, redemptionId: r.redemptionId }, opts));
  if (!householdId || pickups.length === 0) return null;
  return (
    <View>
      <SectionTitle>我的提货码</SectionTitle>
      {pickups.map((r) => (
        <Card key={r.redemptionId}>
          <P strong>{`${r.goodsName} ${r.qty}${r.unit}（${r.total} 分）`}</P>
          <View className="cq-ledger-code" data-testid="shop-pickup-code">
            <Text>{r.code.split('').join(' ')}</Text>
          </View>
          <ReadAloud text={`提货码：${r.code.split('').join('，')}。凭码到小卖部领取${r.goodsName}。`} />
          <Qr text={r.code} />
          {cancel.error ? <Text className="cq-error-text">{errorText(cancel.error)}</Text> : null}
          <Btn
            loading={cancel.busy}
            onClick={async () => {
              const sure = await Taro.showModal({ title: '取消兑换', content: `取消后 ${r.total} 分退回，提货码作废。`, confirmText: '取消兑换', cancelText: '不取消' });
              if (sure.confirm && (await cancel.run(r))) onDone();
            }}
          >
            取消兑换
          </Btn>
        </Card>
      ))}
    </View>
  );
}

/** The shop keeper's (or committee's) screen: 核销 by code, the pickups waiting, the shelf. */
function Keeper({ villageId, shop, onDone }: { villageId: string; shop: ShopOutput; onDone: () => void }) {
  const [code, setCode] = useState('');
  const [last, setLast] = useState<RedemptionView | null>(null);
  const check = useSubmit((opts, c: string) => ledger('checkOff', { villageId, code: c }, opts));
  return (
    <View>
      <SectionTitle>核销提货码</SectionTitle>
      <Card>
        <TextField name="code" label="输入 6 位提货码" type="number" value={code} onChange={(v) => setCode(v.replace(/\D/g, '').slice(0, 6))} maxLength={6} />
        {process.env.TARO_ENV === 'weapp' ? (
          <Btn onClick={async () => Taro.scanCode({ onlyFromCamera: true }).then((r) => setCode(String(r.result).replace(/\D/g, '').slice(0, 6)), () => undefined)}>扫提货码二维码</Btn>
        ) : null}
        <Btn
          type="primary"
          disabled={code.length !== 6}
          loading={check.busy}
          testId="check-off"
          onClick={async () => {
            const out = await check.run(code);
            if (out) {
              setLast(out.redemption);
              setCode('');
              onDone();
            }
          }}
        >
          核销
        </Btn>
        {check.error ? (
          <Banner tone="warn">
            <P>{errorText(check.error)}</P>
          </Banner>
        ) : null}
        {last ? (
          <Banner>
            <P strong>{`已核销：${last.householdName} 领取 ${last.goodsName} ${last.qty}${last.unit}`}</P>
          </Banner>
        ) : null}
      </Card>
      <SectionTitle>{`待领取（${shop.openPickups.length}）`}</SectionTitle>
      <Card>
        {shop.openPickups.length ? shop.openPickups.map((r) => <Row key={r.redemptionId} label={`${r.householdName} · ${r.goodsName} ${r.qty}${r.unit}`} hint={REDEMPTION_STATUS_LABEL[r.status]} />) : <Muted>没有待领取的兑换。</Muted>}
      </Card>
      <Shelf villageId={villageId} goods={shop.goods} onDone={onDone} />
    </View>
  );
}

function Shelf({ villageId, goods, onDone }: { villageId: string; goods: GoodsView[]; onDone: () => void }) {
  const [editing, setEditing] = useState<GoodsView | null>(null);
  const [name, setName] = useState('');
  const [unit, setUnit] = useState('');
  const [price, setPrice] = useState('');
  const [addStock, setAddStock] = useState('');
  const [photo, setPhoto] = useState<string | null>(null);
  const [active, setActive] = useState(true);
  const [uploading, setUploading] = useState(false);
  const save = useSubmit((opts, p: Input<'ledger', 'saveGoods'>) => ledger('saveGoods', p, opts));
  const start = (g: GoodsView | null) => {
    setEditing(g ?? ({ goodsId: '' } as GoodsView));
    setName(g?.name ?? '');
    setUnit(g?.unit ?? '袋');
    setPrice(g ? String(g.price) : '');
    setAddStock('');
    setPhoto(g?.photo ?? null);
    setActive(g?.active ?? true);
  };
  const valid = name.trim() && unit.trim() && Number.isInteger(Number(price)) && Number(price) >= 1 && (addStock === '' || Number.isInteger(Number(addStock)));
  return (
    <View>
      <SectionTitle>货架</SectionTitle>
      <Card>
        {goods.map((g) => (
          <Row key={g.goodsId} label={g.name} hint={`${g.price} 分 · 库存 ${g.stock}${g.active ? '' : ' · 已下架'}`} onClick={() => start(g)} />
        ))}
        {editing ? (
          <View>
            <TextField name="name" label="名称" value={name} onChange={setName} maxLength={20} />
            <TextField name="unit" label="单位（袋、桶、条）" value={unit} onChange={setUnit} maxLength={6} />
            <TextField name="price" label="多少分" type="number" value={price} onChange={setPrice} maxLength={6} />
            <TextField name="addStock" label={editing.goodsId ? '增加库存（减少写负数）' : '库存'} type="text" value={addStock} onChange={setAddStock} maxLength={6} />
            <PhotoPicker value={photo ? [{ fileId: photo, bytes: 0, preview: fileUrl(photo) }] : []} onChange={(p) => setPhoto(p[0]?.fileId ?? null)} max={1} onBusy={setUploading} />
            {editing.goodsId ? <Btn onClick={() => setActive(!active)}>{active ? '下架' : '重新上架'}</Btn> : null}
            <SubmitBar
              label="保存"
              disabled={!valid || uploading}
              busy={save.busy}
              error={save.error}
              onSubmit={async () => {
                const out = await save.run({ villageId, ...(editing.goodsId ? { goodsId: editing.goodsId } : {}), name: name.trim(), unit: unit.trim(), price: Number(price), addStock: addStock === '' ? 0 : Number(addStock), photo, active });
                if (out) {
                  setEditing(null);
                  onDone();
                }
              }}
              secondary={{ label: '返回', onClick: () => setEditing(null) }}
            />
          </View>
        ) : (
          <Btn onClick={() => start(null)}>上架新商品</Btn>
        )}
      </Card>
    </View>
  );
}
