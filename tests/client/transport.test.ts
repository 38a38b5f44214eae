/**
 * The one transport: envelope in, `data` or a typed ServiceError out, on both wires.
 * (Pure modules: no Taro runtime needed.)
 */
import {
  ServiceError,
  callFunction,
  createCloudTransport,
  createHttpTransport,
  setTransport,
  type Envelope,
} from '../../client/src/services/transport';

function jsonResponse(status: number, body: unknown) {
  return { status, json: async () => body };
}

describe('callFunction over the H5 wire (POST /api/functions/<name>)', () => {
  test('sends the envelope with the bearer token and resolves with data', async () => {
    const seen: { url: string; init: any }[] = [];
    setTransport(
      createHttpTransport({
        fetch: async (url, init) => {
          seen.push({ url, init });
          return jsonResponse(200, { result: { ok: true, data: { villageName: '青石村' } } });
        },
        getToken: () => 'tok-1',
      }),
    );
    const data = await callFunction<{ villageName: string }>('account', 'villageOverview', { villageId: 'qingshi' });
    expect(data).toEqual({ villageName: '青石村' });
    expect(seen).toHaveLength(1);
    expect(seen[0].url).toBe('/api/functions/account');
    expect(seen[0].init.method).toBe('POST');
    expect(seen[0].init.headers.Authorization).toBe('Bearer tok-1');
    const body: Envelope = JSON.parse(seen[0].init.body);
    expect(body.action).toBe('villageOverview');
    expect(body.payload).toEqual({ villageId: 'qingshi' });
    expect(body.requestId).toMatch(/^[a-z0-9]+-[0-9a-f]{24}$/);
  });

  test('a retry with the same requestId sends the same id; a new intent gets a new one', async () => {
    const ids: string[] = [];
    setTransport(
      createHttpTransport({
        fetch: async (_u, init) => {
          ids.push(JSON.parse(init.body).requestId);
          return jsonResponse(200, { result: { ok: true, data: null } });
        },
        getToken: () => 't',
      }),
    );
    await callFunction('account', 'joinByInvite', { code: 'AB12' }, { requestId: 'r-1' });
    await callFunction('account', 'joinByInvite', { code: 'AB12' }, { requestId: 'r-1' });
    await callFunction('account', 'joinByInvite', { code: 'AB12' });
    expect(ids[0]).toBe('r-1');
    expect(ids[1]).toBe('r-1');
    expect(ids[2]).not.toBe('r-1');
  });

  test('a refusal from the function becomes a ServiceError with its code and Chinese message', async () => {
    setTransport(
      createHttpTransport({
        fetch: async () => jsonResponse(200, { result: { ok: false, error: { code: 'invite_expired', message: '邀请码已过期，请向村委索取新的邀请码' } } }),
        getToken: () => 't',
      }),
    );
    const err: any = await callFunction('account', 'joinByInvite', {}).catch((e: any) => e);
    expect(err).toBeInstanceOf(ServiceError);
    expect(err.code).toBe('invite_expired');
    expect(err.message).toBe('邀请码已过期，请向村委索取新的邀请码');
    expect(err.retryable).toBe(false);
  });

  test('401 clears the way to the login page and is not_signed_in', async () => {
    let told = 0;
    setTransport(createHttpTransport({ fetch: async () => jsonResponse(401, {}), getToken: () => 'stale', onUnauthenticated: () => void told++ }));
    const err: any = await callFunction('account', 'me').catch((e: any) => e);
    expect(err.code).toBe('not_signed_in');
    expect(told).toBe(1);
  });

  test('a network failure is retryable network_error; a failed invocation is invocation_failed', async () => {
    setTransport(
      createHttpTransport({
        fetch: async () => {
          throw new TypeError('Failed to fetch');
        },
        getToken: () => 't',
      }),
    );
    const net: any = await callFunction('account', 'me').catch((e: any) => e);
    expect(net.code).toBe('network_error');
    expect(net.retryable).toBe(true);
    expect(net.message).toMatch(/网络/);

    setTransport(createHttpTransport({ fetch: async () => jsonResponse(200, { errCode: -504003, errMsg: 'timeout' }), getToken: () => 't' }));
    const inv: any = await callFunction('account', 'me').catch((e: any) => e);
    expect(inv.code).toBe('invocation_failed');
  });

  test('an answer outside the envelope is bad_answer, never passed off as data', async () => {
    setTransport(createHttpTransport({ fetch: async () => jsonResponse(200, { result: { villages: [] } }), getToken: () => 't' }));
    const err: any = await callFunction('account', 'me').catch((e: any) => e);
    expect(err.code).toBe('bad_answer');
  });

  test('open data (share-card CloudIDs) is refused in the browser', async () => {
    setTransport(createHttpTransport({ fetch: async () => jsonResponse(200, { result: { ok: true, data: 1 } }), getToken: () => 't' }));
    const err: any = await callFunction('account', 'joinByGroupCard', { name: '李四' }, { openData: { group: 'x' } }).catch((e: any) => e);
    expect(err.code).toBe('not_in_wechat');
  });
});

describe('callFunction over wx.cloud', () => {
  test('calls the function by name with the envelope as data; CloudIDs go to the top level', async () => {
    const calls: any[] = [];
    setTransport(
      createCloudTransport({
        callFunction: async (p) => {
          calls.push(p);
          return { result: { ok: true, data: { applicationId: 'a1' } } };
        },
        CloudID: (id: string) => ({ $cloudID: id }),
      }),
    );
    const data = await callFunction('account', 'joinByGroupCard', { name: '李四' }, { openData: { group: 'cid-1' }, requestId: 'r-9' });
    expect(data).toEqual({ applicationId: 'a1' });
    expect(calls[0].name).toBe('account');
    // CloudBase swaps CloudIDs only at the top level of the event
    expect(calls[0].data).toEqual({ action: 'joinByGroupCard', payload: { name: '李四' }, requestId: 'r-9', group: { $cloudID: 'cid-1' } });
  });

  test('a wx.cloud failure becomes a typed error', async () => {
    setTransport(
      createCloudTransport({
        callFunction: async () => {
          throw { errCode: -1, errMsg: 'cloud.callFunction:fail request:fail timeout' };
        },
        CloudID: (id: string) => id,
      }),
    );
    expect(((await callFunction('account', 'me').catch((e: any) => e)) as any).code).toBe('network_error');
    setTransport(
      createCloudTransport({
        callFunction: async () => {
          throw { errCode: -501000, errMsg: 'cloud.callFunction:fail FunctionName parameter could not be found' };
        },
        CloudID: (id: string) => id,
      }),
    );
    expect(((await callFunction('account', 'me').catch((e: any) => e)) as any).code).toBe('invocation_failed');
  });
});
