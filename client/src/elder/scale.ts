/**
 * 长辈模式 as data: what the screen should look like given WeChat's font setting and the user's own
 * switch. Pure, so tests pin the rule.
 *
 * - The type scale always follows WeChat's font setting (fontSizeScaleFactor; 1 = standard).
 * - 长辈模式 adds a floor of 1.3×, bigger touch targets, heavier contrast and fewer choices per screen.
 * - Until the user flips the switch, 长辈模式 is on when WeChat's own font is set large
 *   (≥ 1.25×, i.e. iOS "+3" and up, which includes WeChat's 关怀模式); once flipped, the choice sticks.
 */
export const ELDER_MIN_SCALE = 1.3;
export const ELDER_AUTO_FROM = 1.25;

export interface ElderInputs {
  /** WeChat's fontSizeScaleFactor; 1 in the browser build. */
  wechatScale: number;
  /** The user's own switch: null until they touch it. */
  manual: boolean | null;
}

export interface ElderView {
  elder: boolean;
  /** Multiplier for every font size and touch target. */
  scale: number;
  /** Where the current choice came from, for the 我的 page's explanation. */
  source: 'manual' | 'wechat';
  wechatScale: number;
}

export function resolveElder({ wechatScale, manual }: ElderInputs): ElderView {
  const followed = Number.isFinite(wechatScale) && wechatScale > 0 ? Math.min(Math.max(wechatScale, 0.85), 2) : 1;
  const elder = manual ?? followed >= ELDER_AUTO_FROM;
  const scale = Math.round((elder ? Math.max(followed, ELDER_MIN_SCALE) : followed) * 100) / 100;
  return { elder, scale, source: manual === null ? 'wechat' : 'manual', wechatScale: followed };
}
