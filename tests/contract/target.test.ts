/**
 * The contract target switch itself (the real-CloudBase run cannot happen on this machine: no network to
 * Tencent). Without CUNQUN_CONTRACT_ENV the suites start an emulator; with it, wx-server-sdk is initialised
 * for that environment with the keys from the environment and no serviceUrl — so its requests go to
 * Tencent's endpoint — and a missing key stops the run with a message naming it.
 */
import { contractTargetConfig, openContractTarget, runPrefix } from './target';

// the function @cloudbase/node-sdk (inside wx-server-sdk) builds every request URL with; it ships no types
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { buildUrl } = require('@cloudbase/node-sdk/dist/utils/tcbapiendpoint') as { buildUrl: (o: { envId: string; protocol: 'https'; isInternal: boolean }) => string };

const fake = { TENCENTCLOUD_SECRETID: 'AKIDfake-id', TENCENTCLOUD_SECRETKEY: 'fake-key' };

test('with CUNQUN_CONTRACT_ENV and keys: an init for that environment with those keys and no serviceUrl', () => {
  const cfg = contractTargetConfig({ CUNQUN_CONTRACT_ENV: 'test-env-123', ...fake });
  expect(cfg.kind).toBe('cloudbase');
  if (cfg.kind !== 'cloudbase') return;
  expect(cfg.init).toEqual({ env: 'test-env-123', secretId: 'AKIDfake-id', secretKey: 'fake-key' });
  expect(cfg.init).not.toHaveProperty('serviceUrl');
  expect(cfg.prefix).toMatch(/^ct_[0-9a-z]+_[0-9a-f]{6}_$/);
  // the URL @cloudbase/node-sdk builds for such an init (no serviceUrl): Tencent's public endpoint for the env
  expect(buildUrl({ envId: cfg.init.env, protocol: 'https', isInternal: false })).toMatch(/^https:\/\/test-env-123\.(ap-[a-z]+\.)?tcb-api\.tencentcloudapi\.com\/admin\?env=test-env-123/);
});

test('a temporary key brings its session token; a region is passed on', () => {
  const cfg = contractTargetConfig({ CUNQUN_CONTRACT_ENV: 'test-env-123', ...fake, TENCENTCLOUD_SESSIONTOKEN: 'tok', TENCENTCLOUD_REGION: 'ap-shanghai' });
  expect(cfg.kind === 'cloudbase' && cfg.init).toEqual({ env: 'test-env-123', secretId: 'AKIDfake-id', secretKey: 'fake-key', sessionToken: 'tok', region: 'ap-shanghai' });
});

test('without the variable (or with it empty) the target is the emulator', async () => {
  expect(contractTargetConfig({ ...fake })).toEqual({ kind: 'emulator' });
  expect(contractTargetConfig({ CUNQUN_CONTRACT_ENV: '  ', ...fake })).toEqual({ kind: 'emulator' });
  // and what the suites open by default is an emulator, reached through the SDK's serviceUrl
  const target = await openContractTarget([{ name: 'probe', indexes: [] }]);
  try {
    expect(target.kind).toBe('emulator');
    expect(target.emulator?.serviceUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    expect(target.name('probe')).toBe('probe');
    await target.db.collection('probe').add({ data: { _id: 'p', n: 1 } });
    expect((await target.db.collection('probe').doc('p').get()).data).toEqual({ _id: 'p', n: 1 });
  } finally {
    await target.close();
  }
});

test.each([
  ['TENCENTCLOUD_SECRETID', { TENCENTCLOUD_SECRETKEY: 'k' }],
  ['TENCENTCLOUD_SECRETKEY', { TENCENTCLOUD_SECRETID: 'id' }],
  ['TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY', {}],
])('the variable set but %s missing: a clear error, no fallback to the emulator', (missing, keys) => {
  expect(() => contractTargetConfig({ CUNQUN_CONTRACT_ENV: 'test-env-123', ...keys })).toThrow(`CUNQUN_CONTRACT_ENV=test-env-123 asks for a real CloudBase environment, but ${missing}`);
});

test('each run gets its own collection prefix', () => {
  expect(runPrefix(1)).not.toBe(runPrefix(1));
  expect(runPrefix()).toMatch(/^[a-z0-9_]+$/);
});

// With the variable set, an emulator-only test is registered as skipped (its body would fail here) and the
// reason is printed; built from a fresh copy of the module, as a suite would see it on CloudBase.
const onCloudBase = { CUNQUN_CONTRACT_ENV: 'test-env-123', ...fake };
let skippedOnCloudBase: jest.It = test;
const warnings: string[] = [];
jest.isolateModules(() => {
  const saved = { ...process.env };
  const warn = console.warn;
  Object.assign(process.env, onCloudBase);
  console.warn = (message: string) => warnings.push(message);
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const fresh = require('./target') as typeof import('./target');
    expect(fresh.onRealCloudBase()).toBe(true);
    skippedOnCloudBase = fresh.emulatorOnlyTest('moves the emulator clock');
  } finally {
    process.env = saved;
    console.warn = warn;
  }
});
test('on CloudBase an emulator-only test is registered as skipped, its name carrying the reason', () => {
  // the registration is caught here rather than made, so this run shows no skipped test of its own
  const registered: string[] = [];
  const skip = jest.spyOn(test, 'skip').mockImplementation(((name: string) => void registered.push(name)) as never);
  try {
    skippedOnCloudBase('an emulator-only test on CloudBase', () => {
      throw new Error('an emulator-only test ran against CloudBase');
    });
  } finally {
    skip.mockRestore();
  }
  expect(registered).toEqual(['an emulator-only test on CloudBase [emulator only: moves the emulator clock]']);
});

test('the skip says why, once', () => {
  expect(warnings).toEqual(['[contract] skipped on CloudBase test-env-123: moves the emulator clock']);
});
