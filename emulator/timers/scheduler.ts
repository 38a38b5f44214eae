/**
 * Timer triggers from each function's config.json. runDueTimers() fires every trigger whose schedule
 * passed on the emulator clock since its last run — once, with the latest due time (missed occurrences
 * are coalesced, so moving the clock a week does not replay 2 016 five-minute ticks).
 */
import { parseCron, CronSchedule } from './cron';
import type { FunctionHost, InvokeOutcome } from '../host/function-host';
import type { SqliteStore } from '../store/sqlite-store';

export interface TimerFiring {
  fn: string;
  trigger: string;
  time: string;
  outcome: InvokeOutcome;
}

export interface TimerScheduleError {
  fn: string;
  trigger: string;
  message: string;
}

/** SCF timer event time: ISO-8601 without milliseconds. */
export const timerTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export class TimerScheduler {
  private readonly cache = new Map<string, CronSchedule>();
  readonly errors: TimerScheduleError[] = [];

  constructor(
    private readonly host: FunctionHost,
    private readonly store: SqliteStore,
    private readonly now: () => number,
    private readonly invoke: (fn: string, event: Record<string, unknown>) => Promise<InvokeOutcome>,
  ) {}

  /** Registers every trigger's starting point (now), so only later schedule times fire. */
  prime(): void {
    const now = this.now();
    for (const t of this.triggers()) {
      const key = metaKey(t.fn, t.trigger);
      if (this.store.getMeta(key) === undefined) this.store.setMeta(key, String(now));
    }
  }

  triggers(): Array<{ fn: string; trigger: string; schedule: CronSchedule }> {
    const out: Array<{ fn: string; trigger: string; schedule: CronSchedule }> = [];
    for (const f of this.host.list()) {
      for (const t of f.triggers) {
        if (t.type !== 'timer') continue;
        const cacheKey = `${f.name}\u0001${t.name}\u0001${t.config}`;
        let schedule = this.cache.get(cacheKey);
        if (!schedule) {
          try {
            schedule = parseCron(t.config);
            this.cache.set(cacheKey, schedule);
          } catch (e) {
            if (!this.errors.some((x) => x.fn === f.name && x.trigger === t.name)) {
              this.errors.push({ fn: f.name, trigger: t.name, message: (e as Error).message });
              console.warn(`[emulator] ${f.name} 的定时触发器 ${t.name} 无法解析: ${(e as Error).message}`);
            }
            continue;
          }
        }
        out.push({ fn: f.name, trigger: t.name, schedule });
      }
    }
    return out;
  }

  async runDue(): Promise<TimerFiring[]> {
    const now = this.now();
    const due: Array<{ fn: string; trigger: string; at: number }> = [];
    for (const t of this.triggers()) {
      const key = metaKey(t.fn, t.trigger);
      const stored = this.store.getMeta(key);
      const last = stored === undefined ? now : Number(stored);
      this.store.setMeta(key, String(now));
      let at = t.schedule.next(last);
      if (at === null || at > now) continue;
      for (let i = 0; i < 1_000_000; i++) {
        const after = t.schedule.next(at);
        if (after === null || after > now) break;
        at = after;
      }
      due.push({ fn: t.fn, trigger: t.trigger, at });
    }
    return Promise.all(
      due.map(async (d) => {
        const time = timerTime(d.at);
        const outcome = await this.invoke(d.fn, { Type: 'Timer', TriggerName: d.trigger, Time: time });
        return { fn: d.fn, trigger: d.trigger, time, outcome };
      }),
    );
  }
}

const metaKey = (fn: string, trigger: string) => `timer:${fn}:${trigger}`;
