/**
 * How deep and how big a value is, measured WITHOUT recursion: an explicit stack, stopped as soon as a
 * bound is passed. Anything recursive (JSON.stringify, zod, the request hash, postMessage) overflows the
 * stack on a 100,000-deep array, so the router measures an event with this before anything else touches it.
 */

export type Shape = 'ok' | 'too_deep' | 'too_large';

/**
 * Depth: a scalar is 0, `[]` / `{}` 1, `[[1]]` 2. Bytes: roughly its JSON length in UTF-8 (strings as
 * JSON writes them, each key and separator counted), never less than that by more than the escapes.
 */
export function measure(value: unknown, maxDepth: number, maxBytes: number): Shape {
  const stack: [unknown, number][] = [[value, 0]];
  let bytes = 0;
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v !== null && typeof v === 'object') {
      if (depth + 1 > maxDepth) return 'too_deep';
      bytes += 2;
      if (Array.isArray(v)) {
        bytes += Math.max(0, v.length - 1);
        if (bytes > maxBytes) return 'too_large';
        for (let i = 0; i < v.length; i++) stack.push([v[i], depth + 1]);
      } else {
        const keys = Object.keys(v);
        bytes += Math.max(0, keys.length - 1);
        for (const k of keys) {
          bytes += Buffer.byteLength(k, 'utf8') + 3;
          if (bytes > maxBytes) return 'too_large';
          stack.push([(v as Record<string, unknown>)[k], depth + 1]);
        }
      }
    } else if (typeof v === 'string') {
      bytes += Buffer.byteLength(v, 'utf8') + 2;
    } else {
      bytes += v === undefined ? 0 : String(v).length;
    }
    if (bytes > maxBytes) return 'too_large';
  }
  return 'ok';
}
