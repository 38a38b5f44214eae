/**
 * Timer triggers: WeChat's 7-field cron (seconds … year, Beijing time), fired by runDueTimers() when the
 * emulator clock passes a scheduled time — tests move the clock, never sleep.
 */
import { parseCron } from '../../emulator/timers/cron';
import { startTestEmulator, writeFunctions, removeDir } from '../support/emulator';
import type { Emulator } from '../../emulator';
import { emulatorOnlyFile } from './target';

emulatorOnlyFile('moves the emulator clock to fire timer triggers');

const bj = (iso: string) => new Date(`${iso}+08:00`).getTime();

describe('cron parser (UTC+8)', () => {
  test.each([
    ['0 */5 * * * * *', '2024-05-01T10:02:30', '2024-05-01T10:05:00'],
    ['0 0 2 * * * *', '2024-05-01T10:02:30', '2024-05-02T02:00:00'],
    ['30 15 8 1 * * *', '2024-05-01T10:00:00', '2024-06-01T08:15:30'],
    ['0 0 9 * * MON *', '2024-05-01T10:00:00', '2024-05-06T09:00:00'],
    ['0 0 9 * * 1-5 *', '2024-05-03T10:00:00', '2024-05-06T09:00:00'],
    ['0 0 0 1 JAN,JUL * *', '2024-05-01T00:00:00', '2024-07-01T00:00:00'],
    ['0 0 12 29 2 * *', '2023-03-01T00:00:00', '2024-02-29T12:00:00'],
    ['*/20 * * * * * *', '2024-05-01T10:00:05', '2024-05-01T10:00:20'],
    ['0 0 8 * * * 2025', '2024-05-01T00:00:00', '2025-01-01T08:00:00'],
    ['0 0,30 6-7 * * * *', '2024-05-01T06:45:00', '2024-05-01T07:00:00'],
  ])('%s after %s → %s', (expr, after, next) => {
    expect(parseCron(expr).next(bj(after))).toBe(bj(next));
  });

  test('next() is strictly after', () => {
    expect(parseCron('0 */5 * * * * *').next(bj('2024-05-01T10:05:00'))).toBe(bj('2024-05-01T10:10:00'));
  });

  test.each(['* * * * *', '61 * * * * * *', '0 0 25 * * * *', 'a b c d e f g', '0 */0 * * * * *'])('refuses %s', (expr) => {
    expect(() => parseCron(expr)).toThrow();
  });
});

describe('runDueTimers', () => {
  let emu: Emulator;
  let dir: string;

  beforeAll(async () => {
    dir = writeFunctions({
      patrol: {
        source: `exports.main = async (event) => ({ event, ctx: require('wx-server-sdk').getWXContext() });`,
        config: { timeout: 5, triggers: [{ name: 'scan', type: 'timer', config: '0 */5 * * * * *' }, { name: 'nightly', type: 'timer', config: '0 0 2 * * * *' }] },
      },
      plain: { source: `exports.main = async () => 'never by timer';` },
    });
    emu = await startTestEmulator({ functionsDir: dir });
    // start on a known Beijing time
    emu.clock.set(bj('2024-05-01T10:02:30'));
    await emu.runDueTimers();
  });

  afterAll(async () => {
    await emu.close();
    removeDir(dir);
  });

  test('nothing fires before its time', async () => {
    emu.clock.advance(60_000);
    expect(await emu.runDueTimers()).toEqual([]);
  });

  test('a passed schedule fires once with the Timer event, no user', async () => {
    emu.clock.set(bj('2024-05-01T10:05:01'));
    const fired = await emu.runDueTimers();
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ fn: 'patrol', trigger: 'scan', time: '2024-05-01T02:05:00Z' });
    const result = fired[0].outcome.result as any;
    expect(result.event).toEqual({ Type: 'Timer', TriggerName: 'scan', Time: '2024-05-01T02:05:00Z' });
    expect(result.ctx.OPENID).toBeUndefined();
    expect(result.ctx.SOURCE).toBe('wx_trigger');
    expect(await emu.runDueTimers()).toEqual([]);
  });

  test('a long jump fires each trigger once, with the latest due time', async () => {
    emu.clock.set(bj('2024-05-02T03:01:00'));
    const fired = await emu.runDueTimers();
    const byTrigger = Object.fromEntries(fired.map((f) => [f.trigger, f.time]));
    expect(byTrigger).toEqual({ scan: '2024-05-01T19:00:00Z', nightly: '2024-05-01T18:00:00Z' });
  });
});
