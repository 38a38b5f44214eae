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
  const step = (byte: number): void => {
    lo = (lo ^ byte) >>> 0;
    // (hi·2^32 + lo) · (2^40 + 0x1b3) mod 2^64; every partial product stays below 2^53, so it is exact.
    const loProduct = lo * PRIME_LO;
    const carry = Math.floor(loProduct / 0x100000000);
    const hiProduct = hi * PRIME_LO + (lo & 0xffffff) * 0x100 + carry;
    lo = loProduct >>> 0;
    hi = hiProduct >>> 0;
  };
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) step(c);
    else if (c < 0x800) {
      step(0xc0 | (c >> 6));
      step(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
      step(0xe0 | (c >> 12));
      step(0x80 | ((c >> 6) & 0x3f));
      step(0x80 | (c & 0x3f));
    } else {
      step(0xf0 | (c >> 18));
      step(0x80 | ((c >> 12) & 0x3f));
      step(0x80 | ((c >> 6) & 0x3f));
      step(0x80 | (c & 0x3f));
    }
  }
  return hex8(hi) + hex8(lo);
}

function hex8(n: number): string {
  return ('0000000' + n.toString(16)).slice(-8);
}
