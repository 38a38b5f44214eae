/**
 * EJSON exactly as the SDK speaks it: we load the `bson` copy that @cloudbase/database itself uses, so
 * what the SDK stringifies we parse with the same code (and vice versa).
 */
import { createRequire } from 'node:module';

const requireHere = createRequire(__filename);
const bsonPath = requireHere.resolve('bson', { paths: [requireHere.resolve('@cloudbase/database')] });
// eslint-disable-next-line @typescript-eslint/no-var-requires
const bson = requireHere(bsonPath) as { EJSON: { parse(text: string, o?: object): any; stringify(v: unknown, o?: object): string } };

export const EJSON = bson.EJSON;

/** Parses an EJSON string from the wire; throws on malformed text. */
export function parseWire(text: string): any {
  return EJSON.parse(text, { relaxed: true });
}

/** Encodes a document for the wire (the SDK parses each list item with EJSON.parse). */
export function toWire(value: unknown): string {
  return EJSON.stringify(value, { relaxed: true });
}

/** How documents are kept in SQLite: relaxed EJSON, so plain fields stay plain JSON for json_extract and dates are ISO strings under "$date". */
export const encodeStored = toWire;

class NeedsEjson extends Error {}

/** Plain JSON plus ISO dates — the common case — decoded without the (slower) EJSON parser. */
function reviveDates(value: any): any {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = reviveDates(value[i]);
    return value;
  }
  for (const key in value) {
    if (key.charCodeAt(0) === 36 /* $ */) {
      if (key === '$date' && typeof value.$date === 'string' && Object.keys(value).length === 1) return new Date(value.$date);
      throw new NeedsEjson();
    }
    value[key] = reviveDates(value[key]);
  }
  return value;
}

export function decodeStored(text: string): any {
  if (!text.includes('"$')) return JSON.parse(text);
  try {
    return reviveDates(JSON.parse(text));
  } catch (e) {
    if (e instanceof NeedsEjson) return parseWire(text);
    throw e;
  }
}

const JS_REGEX_FLAGS = new Set(['i', 'm', 's', 'u', 'g']);

/**
 * Turns the wire's special values into what the matcher understands: BSONRegExp → RegExp,
 * { $tcb_server_date: { offset } } → Date on the emulator clock, ObjectId → its hex string.
 */
export function normalise(value: any, nowMs: number): any {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date || value instanceof RegExp) return value;
  if (Array.isArray(value)) return value.map((v) => normalise(v, nowMs));
  const bsonType = (value as { _bsontype?: string })._bsontype;
  if (bsonType === 'BSONRegExp') {
    const flags = String(value.options || '').split('').filter((f) => JS_REGEX_FLAGS.has(f)).join('');
    return new RegExp(value.pattern, flags);
  }
  if (bsonType === 'ObjectId' || bsonType === 'ObjectID') return value.toHexString();
  if (bsonType === 'Long' || bsonType === 'Int32' || bsonType === 'Double' || bsonType === 'Decimal128') return Number(value.toString());
  if (bsonType) return value;
  if (Object.prototype.hasOwnProperty.call(value, '$tcb_server_date')) {
    const offset = Number(value.$tcb_server_date?.offset ?? 0) || 0;
    return new Date(nowMs + offset);
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = normalise(value[key], nowMs);
  return out;
}

/** Deep clone preserving Date and RegExp (documents are plain data otherwise). */
export function clone<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime()) as unknown as T;
  if (value instanceof RegExp) return new RegExp(value.source, value.flags) as unknown as T;
  if (Array.isArray(value)) return value.map((v) => clone(v)) as unknown as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value as object)) out[key] = clone((value as Record<string, unknown>)[key]);
  return out as T;
}
