/**
 * The only file that touches wx-server-sdk's globals: initialise the SDK (on CloudBase, or against the
 * emulator when CUNQUN_SERVICE_URL is set), read the caller, the clock and the ports, and hand the event
 * to the router. A function's entry is one line: `export const main = cloudFunction(spec)`.
 */
import cloud from 'wx-server-sdk';
import { createCloudOpenApi } from './openapi';
import { TIMER_PACE } from './pace';
import { route, type Answer, type FunctionSpec } from './router';
import { createSdkStore } from './sdk-store';

let initialised = false;

function init(): void {
  if (initialised) return;
  const serviceUrl = process.env.CUNQUN_SERVICE_URL;
  cloud.init({
    env: cloud.DYNAMIC_CURRENT_ENV,
    // locally the SDK talks to the emulator; on CloudBase it is unset and the SDK finds its own way
    ...(serviceUrl ? { serviceUrl, secretId: 'local', secretKey: 'local' } : {}),
  } as Parameters<typeof cloud.init>[0]);
  initialised = true;
}

/** Date.now() moved by the emulator's clock offset (unset on CloudBase: the wall clock). */
export function clock(): number {
  return Date.now() + Number(process.env.CUNQUN_CLOCK_OFFSET_MS || 0);
}

export function cloudFunction(spec: FunctionSpec): (event: unknown, context?: unknown) => Promise<Answer> {
  return async (event) => {
    init();
    const wx = cloud.getWXContext();
    return route(spec, event, {
      openid: wx.OPENID ?? '',
      appid: wx.APPID ?? '',
      source: (wx as { SOURCE?: string }).SOURCE ?? '',
      env: wx.ENV ?? '',
      clock,
      store: createSdkStore(cloud.database()),
      openapi: createCloudOpenApi(cloud),
      timerPace: TIMER_PACE,
    });
  };
}
