/**
 * The emulator clock: wall time plus an offset, so time still flows (timeouts, retries) while tests and
 * the dev page move it forward. Functions see the same offset through CUNQUN_CLOCK_OFFSET_MS.
 */
export interface Clock {
  now(): number;
  advance(ms: number): number;
  set(ms: number): number;
  offset(): number;
}

export function createClock(initialOffsetMs = 0, onChange?: (offsetMs: number) => void): Clock {
  let offsetMs = initialOffsetMs;
  const changed = () => onChange?.(offsetMs);
  return {
    now: () => Date.now() + offsetMs,
    advance(ms: number) {
      if (!Number.isFinite(ms)) throw new Error('advance(ms) 需要数字');
      offsetMs += ms;
      changed();
      return Date.now() + offsetMs;
    },
    set(ms: number) {
      if (!Number.isFinite(ms)) throw new Error('set(ms) 需要数字');
      offsetMs = ms - Date.now();
      changed();
      return ms;
    },
    offset: () => offsetMs,
  };
}
