/**
 * Error answers as CloudBase gives them: HTTP 200 with `{ code, message, requestId }`. The SDK maps `code`
 * through its TCB_ERR_CODE table (e.g. DATABASE_REQUEST_FAILED → -502001) and rejects the call.
 */
export type WireErrorCode =
  /** a parameter is missing or has the wrong shape → -501007 */
  | 'INVALID_PARAM'
  /** the common envelope (action, env) is wrong → -501006 */
  | 'INVALID_COMMON_PARAM'
  /** the env in the URL/body is not this emulator's → -501001 (SDK has no entry) */
  | 'INVALID_ENV'
  /** generic database failure, incl. duplicate _id (E11000) and refused operations → -502001 */
  | 'DATABASE_REQUEST_FAILED'
  /** an operator the database does not accept → -502002 */
  | 'DATABASE_INVALID_OPERRATOR'
  /** the collection was never created → -502005 */
  | 'DATABASE_COLLECTION_NOT_EXIST'
  /** createCollection on an existing collection → -501001 */
  | 'DATABASE_COLLECTION_ALREADY_EXIST'
  /** write conflict found at commit; runTransaction retries exactly on this code */
  | 'DATABASE_TRANSACTION_CONFLICT'
  /** transaction id unknown, already committed/aborted, or expired → -501001 */
  | 'DATABASE_TRANSACTION_FAIL'
  /** storage failure → -503001 */
  | 'STORAGE_REQUEST_FAIL'
  /** a write the storage rule refuses (someone else created the file) → -503002 */
  | 'STORAGE_EXCEED_AUTHORITY'
  /** fileID does not exist → -503003 */
  | 'STORAGE_FILE_NONEXIST'
  /** the invoked function threw, crashed or timed out → -504002 */
  | 'FUNCTIONS_EXECUTE_FAIL'
  /** no such function → -501001 */
  | 'ResourceNotFound.Function'
  /** action not known to this endpoint → -501001 */
  | 'INVALID_ACTION'
  /** anything else → -501001 */
  | 'SYS_ERR';

export class WireError extends Error {
  constructor(public readonly code: WireErrorCode, message: string) {
    super(message);
  }
}

export const fail = (code: WireErrorCode, message: string): never => {
  throw new WireError(code, message);
};
