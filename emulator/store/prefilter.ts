/**
 * Turns the simple parts of a query (equality, ranges and $in on indexed fields, and _id) into a SQL
 * WHERE clause that narrows the rows handed to mingo. It only ever narrows to a superset: mingo still
 * decides every match. A field is skipped once any stored document made it unsafe for a plain
 * expression index (an array on the path, or a date outside ISO range) — MongoDB's "multikey" flag.
 */

/** SQLite JSON path for a dotted field, every segment quoted so it matches the index expression exactly. */
export function jsonPath(field: string): string {
  return '$' + field.split('.').map((seg) => `."${seg.replace(/"/g, '')}"`).join('');
}

export function valueExpr(field: string): string {
  return `json_extract(doc, '${jsonPath(field)}')`;
}

export function dateExpr(field: string): string {
  return `json_extract(doc, '${jsonPath(field)}."$date"')`;
}

export function encodeId(id: unknown): string {
  return typeof id === 'string' ? id : `\u0000${typeof id}:${String(id)}`;
}

export interface Prefilter {
  clauses: string[];
  params: unknown[];
  /** indexed fields the clauses compare as dates (their `{ $date }` text) */
  dateFields: string[];
}

type Scalar = string | number | boolean;

const isScalar = (v: unknown): v is Scalar =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof RegExp);
const bindable = (v: Scalar): string | number => (typeof v === 'boolean' ? (v ? 1 : 0) : v);
const isIsoDate = (d: Date) => !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 1970 && d.getUTCFullYear() <= 9999;

const RANGE_SQL: Record<string, string> = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' };

export interface PrefilterOptions {
  /**
   * Also narrow on top-level fields that have no usable index (not declared, or multikey) with a clause
   * SQLite evaluates while it scans: still a table scan, but only matching rows are handed to JavaScript
   * to decode. Used for $lookup joins, where the joined collection would otherwise be decoded whole.
   */
  scan?: boolean;
}

export function buildPrefilter(
  criteria: Record<string, unknown> | undefined,
  indexed: Set<string>,
  unsafe: Set<string>,
  options: PrefilterOptions = {},
): Prefilter {
  const out: Prefilter = { clauses: [], params: [], dateFields: [] };
  if (!criteria) return out;
  collect(criteria, indexed, unsafe, out, options.scan === true);
  return out;
}

function collect(criteria: Record<string, unknown>, indexed: Set<string>, unsafe: Set<string>, out: Prefilter, scan: boolean): void {
  for (const [key, cond] of Object.entries(criteria)) {
    if (key === '$and' && Array.isArray(cond)) {
      for (const sub of cond) if (isPlainObject(sub)) collect(sub, indexed, unsafe, out, scan);
      continue;
    }
    if (key.startsWith('$')) continue;
    if (key === '_id') {
      idClause(cond, out);
      continue;
    }
    if (!indexed.has(key) || unsafe.has(key)) {
      if (scan && !key.includes('.')) scanClause(key, cond, out);
      continue;
    }
    fieldClause(key, cond, out);
  }
}

/**
 * Equality / $in on a top-level field without a usable index, as a superset that holds for arrays too:
 * json_tree yields every value under the field at any depth — the value itself, array elements, elements
 * of nested arrays (mingo's expression $eq flattens one level more than MongoDB), object members — so a
 * document mingo would match always passes; the extra ones (an object member, a boolean binding as 1)
 * are dropped by mingo, which decides every match.
 */
function scanClause(field: string, cond: unknown, out: Prefilter): void {
  let values: unknown[] | null = null;
  if (isScalar(cond)) values = [cond];
  else if (isPlainObject(cond)) {
    const ops = Object.keys(cond);
    if (ops.length === 1 && ops[0] === '$eq' && isScalar(cond.$eq)) values = [cond.$eq];
    else if (ops.length === 1 && ops[0] === '$in' && Array.isArray(cond.$in)) values = cond.$in;
  }
  if (!values || values.length === 0 || values.length > 500 || !values.every(isScalar)) return;
  out.clauses.push(`EXISTS (SELECT 1 FROM json_tree(doc, '${jsonPath(field)}') WHERE value IN (${values.map(() => '?').join(',')}))`);
  out.params.push(...(values as Scalar[]).map(bindable));
}

function idClause(cond: unknown, out: Prefilter): void {
  if (typeof cond === 'string' || typeof cond === 'number') {
    out.clauses.push('id = ?');
    out.params.push(encodeId(cond));
    return;
  }
  if (!isPlainObject(cond)) return;
  if ('$eq' in cond && (typeof cond.$eq === 'string' || typeof cond.$eq === 'number')) {
    out.clauses.push('id = ?');
    out.params.push(encodeId(cond.$eq));
  }
  const list = cond.$in;
  if (Array.isArray(list) && list.length > 0 && list.length <= 500 && list.every((v) => typeof v === 'string' || typeof v === 'number')) {
    out.clauses.push(`id IN (${list.map(() => '?').join(',')})`);
    out.params.push(...list.map(encodeId));
  }
}

function fieldClause(field: string, cond: unknown, out: Prefilter): void {
  if (isScalar(cond)) {
    out.clauses.push(`${valueExpr(field)} = ?`);
    out.params.push(bindable(cond));
    return;
  }
  if (cond instanceof Date) {
    if (!isIsoDate(cond)) return;
    out.clauses.push(`${dateExpr(field)} = ?`);
    out.dateFields.push(field);
    out.params.push(cond.toISOString());
    return;
  }
  if (!isPlainObject(cond)) return;
  const ops = Object.keys(cond);
  if (ops.length === 0 || !ops.every((op) => op.startsWith('$'))) return;
  for (const op of ops) {
    const v = cond[op];
    if (op === '$eq') {
      fieldClause(field, v, out);
    } else if (op in RANGE_SQL) {
      if (typeof v === 'number' && Number.isFinite(v)) {
        out.clauses.push(`${valueExpr(field)} ${RANGE_SQL[op]} ?`);
        out.params.push(v);
      } else if (typeof v === 'string') {
        out.clauses.push(`${valueExpr(field)} ${RANGE_SQL[op]} ?`);
        out.params.push(v);
      } else if (v instanceof Date && isIsoDate(v)) {
        out.clauses.push(`${dateExpr(field)} ${RANGE_SQL[op]} ?`);
        out.params.push(v.toISOString());
        out.dateFields.push(field);
      }
    } else if (op === '$in' && Array.isArray(v) && v.length > 0 && v.length <= 500 && v.every(isScalar)) {
      out.clauses.push(`${valueExpr(field)} IN (${v.map(() => '?').join(',')})`);
      out.params.push(...(v as Scalar[]).map(bindable));
    }
  }
}

/**
 * True when a stored document makes `field` unsafe for the plain expression index: the path crosses or
 * ends in an array, or holds a date that is not stored as an ISO string.
 */
export function unsafeForIndex(doc: Record<string, unknown>, field: string): boolean {
  let cur: unknown = doc;
  for (const seg of field.split('.')) {
    if (Array.isArray(cur)) return true;
    if (cur === null || typeof cur !== 'object' || cur instanceof Date) return false;
    cur = (cur as Record<string, unknown>)[seg];
  }
  if (Array.isArray(cur)) return true;
  if (cur instanceof Date && !isIsoDate(cur)) return true;
  return false;
}
