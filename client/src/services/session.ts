import Taro from '@tarojs/taro';

/**
 * The H5 build's session token (from the emulator's dev login). Inside WeChat there is no token:
 * the caller's identity reaches the function through WeChat itself (getWXContext).
 */
const TOKEN_KEY = 'cunqun.session.token';
const PERSONA_KEY = 'cunqun.session.persona';

export function getToken(): string | null {
  try {
    return Taro.getStorageSync(TOKEN_KEY) || null;
  } catch {
    return null;
  }
}

export function setSession(token: string, personaName: string): void {
  Taro.setStorageSync(TOKEN_KEY, token);
  Taro.setStorageSync(PERSONA_KEY, personaName);
}

export function sessionPersonaName(): string | null {
  try {
    return Taro.getStorageSync(PERSONA_KEY) || null;
  } catch {
    return null;
  }
}

export function clearSession(): void {
  Taro.removeStorageSync(TOKEN_KEY);
  Taro.removeStorageSync(PERSONA_KEY);
}

/** True when this build needs a dev-login token to talk to the server (the browser build). */
export const needsDevLogin = process.env.TARO_ENV === 'h5';

/** Whose answers the phone keeps: the browser build's session token, or '' in WeChat (one person per phone). */
export const keptOwner = (): string => (needsDevLogin ? getToken() ?? '' : '');
