/**
 * What every request to the emulator must pass before a route sees it (issue 16): the Host it was sent
 * to, the page it came from, and — for JSON bodies — a bounded size and nesting depth. A web page open in
 * the developer's browser can send requests to 127.0.0.1; these checks are what keep it out.
 */
import { isIP } from 'node:net';

/** A refusal at the edge: HTTP status, a snake_case code and a Chinese message. */
export interface EdgeRefusal {
  status: number;
  code: string;
  message: string;
}

/**
 * Nesting the edge lets through. The app's deepest event (envelope → payload → list → item → field) is
 * far below; structured clone and JSON.stringify recurse and overflow in the thousands.
 */
export const MAX_JSON_DEPTH = 64;
/** What SCF accepts as a synchronous invocation's event (6 MB); the app's events are a few KB. */
export const MAX_JSON_BYTES = 6 * 1024 * 1024;

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The Host header names this emulator: a loopback name (127.0.0.1, localhost, [::1]) with its port. A
 * DNS name of someone else's that resolves to 127.0.0.1 (DNS rebinding) is refused. allowNonLoopback
 * (serving phones on the LAN) also accepts an IP literal — never a DNS name, which is what rebinding needs.
 */
export function checkHost(hostHeader: string | undefined, port: number, allowNonLoopback: boolean): EdgeRefusal | null {
  const refuse = (): EdgeRefusal => ({
    status: 403,
    code: 'host_not_allowed',
    message: `拒绝访问：请求的主机名不是本机（只接受 127.0.0.1、localhost 或 [::1]，端口 ${port}）`,
  });
  if (!hostHeader) return refuse();
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(hostHeader.trim());
  if (!m) return refuse();
  const name = m[1].toLowerCase();
  const hostPort = m[2] === undefined ? 80 : Number(m[2]);
  if (hostPort !== port) return refuse();
  if (LOOPBACK_NAMES.has(name)) return null;
  if (allowNonLoopback && isIP(name.replace(/^\[|\]$/g, '')) !== 0) return null;
  return refuse();
}

/**
 * Same origin or none: a browser names the page that sent a request in Origin (always on POST), and a
 * page of this emulator has exactly `http://<Host>`. Tools (the SDK, curl, tests) send no Origin.
 * No route answers with CORS headers, so no other page can read an answer either.
 */
export function checkOrigin(origin: string | undefined, hostHeader: string | undefined): EdgeRefusal | null {
  if (origin === undefined) return null;
  if (hostHeader && origin.trim().toLowerCase() === `http://${hostHeader.trim().toLowerCase()}`) return null;
  return { status: 403, code: 'origin_not_allowed', message: '拒绝访问：请求来自别的网页（只接受本模拟器自己的页面）' };
}

/** JSON routes take only `application/json` (a form or text/plain post from another page never qualifies). */
export function checkJsonContentType(contentType: string | undefined): EdgeRefusal | null {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json') return null;
  return { status: 415, code: 'unsupported_media_type', message: '请求体必须是 JSON（Content-Type: application/json）' };
}

/**
 * The deepest nesting of `[` and `{` in a JSON text, counted in one pass without recursion (so a hostile
 * body cannot overflow the check itself); stops counting once past `limit`. Brackets inside strings do
 * not count. Meant for text about to be parsed: for invalid JSON the figure is only a bound.
 */
export function jsonDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/** A JSON body the edge accepts: parsed, within MAX_JSON_DEPTH; or the refusal. Empty = `{}`. */
export function parseJsonBody(body: Buffer): { value: unknown } | { refusal: EdgeRefusal } {
  const text = body.toString('utf8').trim();
  if (!text) return { value: {} };
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    return { refusal: { status: 400, code: 'payload_too_deep', message: `请求内容嵌套过深（最多 ${MAX_JSON_DEPTH} 层）` } };
  }
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { refusal: { status: 400, code: 'invalid_json', message: '请求体不是合法的 JSON' } };
  }
}

/** `decodeURIComponent` that answers null for a malformed escape (`%E0%A4%A`) instead of throwing. */
export function decodePathSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
