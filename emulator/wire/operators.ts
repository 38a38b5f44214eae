/**
 * The database operators the emulator accepts: exactly those the cloud functions use, each with the
 * WeChat CloudBase reference page that says CloudBase supports it. docs/ARCHITECTURE.md, "Database
 * operators we rely on", is this table in prose (tests/contract/operators.test.ts keeps the two equal and
 * checks that every operator in server/ is here). Anything else — even what MongoDB or mingo would run — is
 * refused the way CloudBase refuses an operator it does not know (DATABASE_INVALID_OPERRATOR, -502002),
 * so a function cannot come to lean on something nobody checked against CloudBase. To use a new operator:
 * find its page, add it here and to the table.
 */
import { fail } from './errors';

const REF = 'https://developers.weixin.qq.com/miniprogram/dev/wxcloudservice/wxcloud/reference-sdk-api/database';
const command = (name: string) => `${REF}/command/Command.${name}.html`;
const stage = (name: string) => `${REF}/aggregate/Aggregate.${name}.html`;
const expression = (name: string) => `${REF}/command/aggregate/AggregateCommand.${name}.html`;

/** where() conditions and $match: operator → its page (the SDK's name for it is in the page name) */
export const QUERY_OPERATORS: Readonly<Record<string, string>> = {
  // (equality is a plain value: { field: value }; $eq appears only inside expressions)
  $ne: command('neq'),
  $gt: command('gt'),
  $gte: command('gte'),
  $lt: command('lt'),
  $lte: command('lte'),
  $in: command('in'),
  $nin: command('nin'),
  $exists: command('exists'),
  $and: command('and'),
  $or: command('or'),
  // an aggregation expression inside a query; inside a $lookup pipeline it may read the lookup's `let`
  $expr: command('expr'),
};

/** update(): the operators at the top of the update document, and the modifiers $push takes */
export const UPDATE_OPERATORS: Readonly<Record<string, string>> = {
  $set: command('set'),
  // _.remove()
  $unset: command('remove'),
  $inc: command('inc'),
  $push: command('push'),
  $addToSet: command('addToSet'),
  $pull: command('pull'),
};
export const PUSH_MODIFIERS: Readonly<Record<string, string>> = {
  // _.push({ each: [...] })
  $each: command('push'),
};

/** aggregate() stages */
export const PIPELINE_STAGES: Readonly<Record<string, string>> = {
  $match: stage('match'),
  $project: stage('project'),
  $addFields: stage('addFields'),
  $group: stage('group'),
  $sort: stage('sort'),
  $skip: stage('skip'),
  $limit: stage('limit'),
  $unwind: stage('unwind'),
  $count: stage('count'),
  // both forms: localField/foreignField (either side may be an array) and let + pipeline
  $lookup: stage('lookup'),
};

/** aggregation expressions and $group accumulators (db.command.aggregate.*), inside stages and $expr */
export const EXPRESSION_OPERATORS: Readonly<Record<string, string>> = {
  $eq: expression('eq'),
  $gt: expression('gt'),
  $gte: expression('gte'),
  $lt: expression('lt'),
  $and: expression('and'),
  $in: expression('in'),
  $cond: expression('cond'),
  $ifNull: expression('ifNull'),
  $subtract: expression('subtract'),
  $divide: expression('divide'),
  $floor: expression('floor'),
  $size: expression('size'),
  $filter: expression('filter'),
  $arrayElemAt: expression('arrayElemAt'),
  $concat: expression('concat'),
  $literal: expression('literal'),
  $sum: expression('sum'),
  $first: expression('first'),
  $push: expression('push'),
  $addToSet: expression('addToSet'),
};

const refuse = (kind: string, op: string): never =>
  fail('DATABASE_INVALID_OPERRATOR', `[InvalidParameter] 不支持的${kind}: ${op}（本项目只用 docs/ARCHITECTURE.md「Database operators we rely on」表中的操作符）`);

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof RegExp);

/** A where() condition or a $match: query operators; inside $expr, aggregation expressions. */
export function checkQuery(value: unknown): void {
  if (value instanceof RegExp) return refuse('查询操作符', '$regex');
  if (Array.isArray(value)) return value.forEach(checkQuery);
  if (!isPlainObject(value)) return;
  for (const [key, inner] of Object.entries(value)) {
    if (!key.startsWith('$')) {
      checkQuery(inner);
      continue;
    }
    if (!(key in QUERY_OPERATORS)) refuse('查询操作符', key);
    if (key === '$expr') checkExpression(inner);
    else checkQuery(inner);
  }
}

/** An aggregation expression (stage bodies, $expr, a $lookup's let). Field paths are strings, not keys. */
export function checkExpression(value: unknown): void {
  if (Array.isArray(value)) return value.forEach(checkExpression);
  if (!isPlainObject(value)) return;
  for (const [key, inner] of Object.entries(value)) {
    if (key.startsWith('$') && !(key in EXPRESSION_OPERATORS)) refuse('聚合操作符', key);
    // $literal's argument is data, never evaluated
    if (key !== '$literal') checkExpression(inner);
  }
}

/** One pipeline stage (and, for $lookup, its own pipeline). */
export function checkStage(name: string, body: unknown): void {
  if (!(name in PIPELINE_STAGES)) refuse('聚合阶段', name);
  if (name === '$match') return checkQuery(body);
  if (name === '$lookup' && isPlainObject(body)) {
    checkExpression(body.let);
    if (Array.isArray(body.pipeline)) {
      for (const inner of body.pipeline) {
        if (!isPlainObject(inner) || Object.keys(inner).length !== 1) return fail('INVALID_PARAM', '[InvalidParameter] lookup 的 pipeline 每一项必须是一个阶段');
        const [innerName] = Object.keys(inner);
        checkStage(innerName, inner[innerName]);
      }
    }
    return;
  }
  checkExpression(body);
}

/** The operators of an update document ({ $set: {...}, $push: { f: { $each: [...] } } }). */
export function checkUpdate(modifier: Record<string, unknown>): void {
  for (const [op, fields] of Object.entries(modifier)) {
    if (!(op in UPDATE_OPERATORS)) refuse('更新操作符', op);
    if (!isPlainObject(fields)) continue;
    for (const arg of Object.values(fields)) {
      // $pull takes a value or a query condition; $push takes its modifiers; $addToSet one value
      if (op === '$pull') checkQuery(arg);
      else if ((op === '$push' || op === '$addToSet') && isPlainObject(arg)) {
        for (const key of Object.keys(arg)) if (key.startsWith('$') && !(op === '$push' && key in PUSH_MODIFIERS)) refuse('更新操作符', `${op}.${key}`);
      }
    }
  }
}
