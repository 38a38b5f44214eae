/**
 * FNV-1a, 64-bit, over the UTF-8 bytes of a string, as 16 hex digits. Written with two 32-bit halves
 * (no BigInt, no node:crypto) so the mini-program computes the same keys as the cloud function. Not a
 * cryptographic hash: it only has to make accidental collisions among one village's messages negligible.
 */

// offset basis 0xcbf29ce484222325; prime 0x100000001b3 = 2^40 + 0x1b3
const OFFSET_HI = 0xcbf29ce4;
const OFFSET_LO = 0x84222325;
const PRIME_LO = 0x1b3;

export function fnv1a64(text: string): string {
  let hi = OFFSET_HI;
  let lo = OFFSET_LO;
  // UTF-8 bytes of one code point, at most 4, written here and then folded in.
  const bytes = [0, 0, 0, 0];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    let n: number;
    if (c < 0x80) {
      bytes[0] = c;
      n = 1;
    } else if (c < 0x800) {
      bytes[0] = 0xc0 | (c >> 6);
      bytes[1] = 0x80 | (c & 0x3f);
      n = 2;
    } else {
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          i++;
        }
      }
      if (c < 0x10000) {
        bytes[0] = 0xe0 | (c >> 12);
        bytes[1] = 0x80 | ((c >> 6) & 0x3f);
        bytes[2] = 0x80 | (c & 0x3f);
        n = 3;
      } else {
        bytes[0] = 0xf0 | (c >> 18);
        bytes[1] = 0x80 | ((c >> 12) & 0x3f);
        bytes[2] = 0x80 | ((c >> 6) & 0x3f);
        bytes[3] = 0x80 | (c & 0x3f);
        n = 4;
      }
    }
    for (let k = 0; k < n; k++) {
      lo = (lo ^ bytes[k]) >>> 0;
      // (hi·2^32 + lo) · (2^40 + 0x1b3) mod 2^64. lo·0x1b3 < 2^41 is exact in a double; its part above
      // 2^32 carries into hi, as does lo·2^8 (the 2^40 term, shifted down by 32).
      const loProduct = lo * PRIME_LO;
      hi = (Math.imul(hi, PRIME_LO) + ((lo << 8) | 0) + ((loProduct / 0x100000000) >>> 0)) >>> 0;
      lo = loProduct >>> 0;
    }
  }
  return hex8(hi) + hex8(lo);
}

function hex8(n: number): string {
  return ('0000000' + n.toString(16)).slice(-8);
}
