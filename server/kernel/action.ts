/**
 * One action, one definition. A command file exports what its action is — input schema, output type, the
 * error codes it may answer, who may call it — next to the code that runs it; the job's `actions.ts` lists
 * the definitions (one line each) and everything else is derived from them: the router's table, the
 * client's typed calls (client/src/services/api.ts), the fuzzer's inputs, the error lists.
 *
 *   export const acceptTicket = defineAction({
 *     input: ticketRef,
 *     output: returns<TransitionOutput>(),
 *     who: ['grid_worker', 'committee'],
 *     errors: ['already_accepted', 'transition_not_allowed', 'ticket_changed'],
 *     run: (ctx, input) => runTransition(ctx, input, 'accept', …),
 *   });
 *
 * `output` is a type, written once: `run` must return exactly it (NoInfer keeps TypeScript from widening
 * the declared type to whatever `run` happens to return), so a command that drifts fails the type check.
 */
import type { z } from 'zod';
import type { Ctx } from './context';
import type { ErrorCode, KernelErrorCode } from './errors';
import { ROLES, type Role } from './roles';

/**
 * Who may call an action. The command checks it against the caller's register entry (grid scope and
 * ticket state refine it further); the fuzzer (tests/reliability) calls every action as every persona and
 * reports an ok answer to a caller whose roles are outside `who`.
 * - 'anyone': any WeChat user, member or not (`me`, applying to join)
 * - 'timer': only a timer trigger
 * - a list of roles: an active member holding one of them
 */
export type Who = 'anyone' | 'timer' | readonly Role[];

/** every role: any active member of the village */
export const ANY_MEMBER = Object.keys(ROLES) as readonly Role[];

/** A type carried as a value so a definition can state its output once (nothing exists at run time). */
export interface Returns<O> {
  readonly __returns?: O;
}
export const returns = <O>(): Returns<O> => ({});

export interface ActionDef<S extends z.ZodType = z.ZodType, O = unknown, E extends ErrorCode = ErrorCode, W extends Who = Who> {
  input: S;
  output: Returns<O>;
  who: W;
  /** the job's codes this action may answer; every action may also answer the kernel's (errors.ts) */
  errors: readonly E[];
  /**
   * A rare action a resident or grid worker may still take (a redemption, a year-end settlement): it may
   * spend up to 8 DB round trips (a transaction makes its guarantee immediate). Every other action they take
   * is everyday and stays within 3 (bench: db_round_trips_max_everyday).
   */
  rare?: true;
  run: (ctx: Ctx, input: z.output<S>) => Promise<O>;
}

export function defineAction<S extends z.ZodType, O, const E extends ErrorCode = never, const W extends Who = Who>(def: {
  input: S;
  output: Returns<O>;
  who: W;
  errors?: readonly E[];
  rare?: true;
  run: (ctx: Ctx, input: z.output<S>) => Promise<NoInfer<O>>;
}): ActionDef<S, O, E, W> {
  return { ...def, errors: def.errors ?? [] };
}

// ─── what the client and the tests derive ───────────────────────────────────────────────────────────

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDef = ActionDef<any, any, any, any>;

/** What the caller sends (defaults still optional): the schema's input side. */
export type InputOf<D> = D extends ActionDef<infer S, any, any, any> ? z.input<S> : never; // eslint-disable-line @typescript-eslint/no-explicit-any
/** What the command receives after parsing (defaults filled in). */
export type ParsedOf<D> = D extends ActionDef<infer S, any, any, any> ? z.output<S> : never; // eslint-disable-line @typescript-eslint/no-explicit-any
export type OutputOf<D> = D extends ActionDef<any, infer O, any, any> ? O : never; // eslint-disable-line @typescript-eslint/no-explicit-any
/** Every code an action may answer: its own and the kernel's. */
export type ErrorOf<D> = (D extends ActionDef<any, any, infer E, any> ? E : never) | KernelErrorCode; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A job's table: the module namespace of its actions.ts (`import * as gridActions from './actions'`). */
export type ActionTable = Record<string, AnyDef>;
/** The actions a client may call (timers answer only their trigger). */
export type ClientActions<T> = { [K in keyof T as T[K] extends { who: 'timer' } ? never : K]: T[K] };

/** Whether a resident or grid worker takes this action in the course of a day (≤ 3 round trips). */
export function isEveryday(def: Pick<ActionDef, 'who' | 'rare'>): boolean {
  if (def.rare || def.who === 'timer') return false;
  return def.who === 'anyone' || def.who.includes('resident') || def.who.includes('grid_worker');
}
