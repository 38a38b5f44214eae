import Taro from '@tarojs/taro';
import { createCloudTransport, createHttpTransport, setTransport } from './transport';
import { clearSession, getToken } from './session';
import { routes } from '../routes';

declare const CLOUD_ENV: string;

let installed = false;

/** Picks the wire for this build, once, at app start. */
export function installTransport(): void {
  if (installed) return;
  installed = true;
  if (process.env.TARO_ENV === 'weapp') {
    // CLOUD_ENV is set at build time (CUNQUN_CLOUD_ENV); empty means the account's default environment.
    Taro.cloud.init(CLOUD_ENV ? { env: CLOUD_ENV, traceUser: true } : { traceUser: true });
    setTransport(createCloudTransport(Taro.cloud as any));
  } else {
    setTransport(
      createHttpTransport({
        fetch: (url, init) => fetch(url, init),
        getToken,
        onUnauthenticated() {
          clearSession();
          Taro.reLaunch({ url: routes.devLogin });
        },
      }),
    );
  }
}
