import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Async } from '../../components/Async';
import { Card, Muted, Row, SectionTitle } from '../../components/kit';
import { Screen } from '../../components/Screen';
import { Empty } from '../../components/states';
import { routes } from '../../routes';
import { devLogin, listPersonas } from '../../services/dev';
import { followWechatFont, setElderMode } from '../../elder/store';
import { setSession } from '../../services/session';
import { resetMe } from '../../state/me';
import { errorText } from '../../state/useSubmit';
import { useQuery } from '../../state/useQuery';

/**
 * Browser build only (absent from app.config in weapp): pick a demo persona from the local emulator.
 * Inside WeChat the identity is the WeChat user, and there is no login page at all.
 */
export default function DevLogin() {
  const personas = useQuery(listPersonas, []);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const pick = async (id: string, who: { personaId: string } | { newVisitor: true }) => {
    if (busy) return;
    setBusy(id);
    setError(null);
    try {
      const s = await devLogin(who);
      setSession(s.token, s.name);
      // The demo's elderly villager starts in 长辈模式; everyone else follows the (browser's) default.
      if (s.elderMode) setElderMode(true);
      else followWechatFont();
      resetMe();
      Taro.reLaunch({ url: routes.patrol });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Screen title="选择演示身份">
      <Muted>这是本地演示环境。在微信里使用时，身份就是您的微信，不需要这一步。</Muted>
      {error ? <Muted>{errorText(error)}</Muted> : null}
      <SectionTitle>新来的</SectionTitle>
      <Card>
        <Row
          label="新访客（未加入村）"
          hint="一个还没加入任何村的微信用户，可以试试用邀请码加入"
          value={busy === 'new' ? '正在登录…' : undefined}
          onClick={() => pick('new', { newVisitor: true })}
          testId="persona-new"
        />
      </Card>
      <SectionTitle>演示村里的人</SectionTitle>
      <Async query={personas} loadingText="正在读取演示身份…">
        {(list) =>
          list.length === 0 ? (
            <Empty title="还没有演示身份" hint="演示村还没有写入，请重新运行 npm start。" />
          ) : (
            <Card>
              {list.map((p) => (
                <Row key={p.id} label={p.name} hint={p.description} value={busy === p.id ? '正在登录…' : undefined} onClick={() => pick(p.id, { personaId: p.id })} />
              ))}
            </Card>
          )
        }
      </Async>
      <View className="cq-gap" />
    </Screen>
  );
}
