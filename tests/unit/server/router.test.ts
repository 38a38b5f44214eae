import { z } from 'zod';
import { defineAction, returns } from '../../../server/kernel/action';
import { AppError, KERNEL_ERRORS as ERRORS } from '../../../server/kernel/errors';
import { MemoryStore } from '../../../server/kernel/memory-store';
import { createFakeOpenApi } from '../../../server/kernel/openapi';
import { route, type FunctionSpec, type Platform } from '../../../server/kernel/router';

const seen: { action: string; requestId: string; system: boolean; openid: string; now: number }[] = [];
const spec: FunctionSpec = {
  name: 'demo',
  actions: {
    echo: defineAction({
      input: z.object({ text: z.string().max(10) }),
      output: returns<{ text: string }>(),
      who: 'anyone',
      run: async (ctx, input) => {
        seen.push({ action: ctx.action, requestId: ctx.requestId, system: ctx.system, openid: ctx.openid, now: ctx.now });
        return { text: input.text };
      },
    }),
    refuse: defineAction({
      input: z.object({}),
      output: returns<never>(),
      who: 'anyone',
      run: async () => {
        throw new AppError('forbidden');
      },
    }),
    crash: defineAction({
      input: z.object({}),
      output: returns<never>(),
      who: 'anyone',
      run: async () => {
        throw new Error('secret stack detail at /srv/db.ts:42');
      },
    }),
    nightly: defineAction({ input: z.object({}), output: returns<{ ranAt: number; system: boolean }>(), who: 'timer', run: async (ctx) => ({ ranAt: ctx.now, system: ctx.system }) }),
  },
  errors: {},
  timers: { 'nightly-digest': 'nightly' },
};

const platform = (openid = 'o-user'): Platform => ({ openid, clock: () => 1_700_000_000_000, store: new MemoryStore(), openapi: createFakeOpenApi(), log: () => undefined });
const ok = { action: 'echo', payload: { text: 'hi' }, requestId: 'req-00000001' };

describe('kernel router', () => {
  it('runs an action and answers { ok, data } with the context built from the platform', async () => {
    seen.length = 0;
    expect(await route(spec, ok, platform())).toEqual({ ok: true, data: { text: 'hi' } });
    expect(seen).toEqual([{ action: 'echo', requestId: 'req-00000001', system: false, openid: 'o-user', now: 1_700_000_000_000 }]);
  });

  it.each([
    ['null', null],
    ['a string', 'echo'],
    ['an array', [ok]],
    ['no action', { payload: {}, requestId: 'req-00000001' }],
    ['a numeric action', { ...ok, action: 42 }],
    ['no requestId', { action: 'echo', payload: { text: 'x' } }],
    ['a short requestId', { ...ok, requestId: 'abc' }],
    ['a requestId with dots', { ...ok, requestId: 'req.0000.0001' }],
    ['an array payload', { ...ok, payload: ['x'] }],
    ['a string payload', { ...ok, payload: 'x' }],
  ])('refuses %s as invalid_envelope', async (_label, event) => {
    const answer = await route(spec, event, platform());
    expect(answer).toEqual({ ok: false, error: { code: 'invalid_envelope', message: ERRORS.invalid_envelope } });
  });

  it('ignores fields CloudBase adds to a client event (userInfo)', async () => {
    expect(await route(spec, { ...ok, userInfo: { appId: 'wx1', openId: 'o-user' } }, platform())).toMatchObject({ ok: true });
  });

  it('answers unknown_action for names it does not know, including inherited object keys', async () => {
    for (const name of ['nope', 'toString', 'constructor']) {
      expect(await route(spec, { ...ok, action: name }, platform())).toMatchObject({ ok: false, error: { code: 'unknown_action' } });
    }
  });

  it('answers invalid_input for wrong types and oversize strings, naming the field', async () => {
    const wrongType = await route(spec, { ...ok, payload: { text: 5 } }, platform());
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!wrongType.ok) expect(wrongType.error.message).toContain('text');
    expect(await route(spec, { ...ok, payload: { text: 'x'.repeat(11) } }, platform())).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await route(spec, { ...ok, payload: {} }, platform())).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('refuses a payload over 32 KB before parsing it', async () => {
    expect(await route(spec, { ...ok, payload: { text: 'x', filler: 'y'.repeat(40_000) } }, platform())).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });
  });

  it('needs a WeChat caller for user actions', async () => {
    expect(await route(spec, ok, platform(''))).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
  });

  it('maps a named error to its code and Chinese message', async () => {
    expect(await route(spec, { ...ok, action: 'refuse', payload: {} }, platform())).toEqual({ ok: false, error: { code: 'forbidden', message: ERRORS.forbidden } });
  });

  it('never lets an exception text or stack cross the wire', async () => {
    const logged: unknown[] = [];
    const answer = await route(spec, { ...ok, action: 'crash', payload: {} }, { ...platform(), log: (_m, e) => logged.push(e) });
    expect(answer).toEqual({ ok: false, error: { code: 'internal', message: ERRORS.internal } });
    expect(JSON.stringify(answer)).not.toContain('secret');
    expect(logged).toHaveLength(1);
  });

  it('routes a timer event to the action named by its trigger, as the system', async () => {
    const answer = await route(spec, { Type: 'Timer', TriggerName: 'nightly-digest', Time: '2025-05-01T00:00:00Z' }, platform(''));
    expect(answer).toEqual({ ok: true, data: { ranAt: 1_700_000_000_000, system: true } });
    expect(await route(spec, { Type: 'Timer', TriggerName: 'nightly' }, platform(''))).toMatchObject({ ok: true });
  });

  it('refuses timer events from a WeChat caller, unknown triggers, and timer actions called by users', async () => {
    expect(await route(spec, { Type: 'Timer', TriggerName: 'nightly-digest' }, platform('o-user'))).toMatchObject({ ok: false, error: { code: 'invalid_envelope' } });
    expect(await route(spec, { Type: 'Timer', TriggerName: 'echo' }, platform(''))).toMatchObject({ ok: false, error: { code: 'unknown_trigger' } });
    expect(await route(spec, { Type: 'Timer', TriggerName: 'other' }, platform(''))).toMatchObject({ ok: false, error: { code: 'unknown_trigger' } });
    expect(await route(spec, { action: 'nightly', payload: {}, requestId: 'req-00000002' }, platform())).toMatchObject({ ok: false, error: { code: 'unknown_action' } });
  });
});

describe('errors catalogue', () => {
  it('has snake_case codes with Chinese messages', () => {
    for (const [code, message] of Object.entries(ERRORS)) {
      expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });
});
