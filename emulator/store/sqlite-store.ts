/**
 * The emulator's database: one SQLite file (or memory), one table per collection with each document
 * kept as relaxed EJSON, a global write sequence for transaction conflict checks, and small side tables
 * for sessions, the subscribe-message outbox and meta values. better-sqlite3 is synchronous, so each
 * HTTP request runs its reads and writes without interleaving; writes of one request share one SQLite
 * transaction.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeStored, encodeStored } from '../ejson';
import { buildPrefilter, dateExpr, encodeId, PrefilterOptions, unsafeForIndex, valueExpr } from './prefilter';

export interface IndexSpecLike {
  name: string;
  keys: Record<string, 1 | -1>;
  unique?: boolean;
}
export interface CollectionSpecLike {
  name: string;
  indexes?: IndexSpecLike[];
}

/** The on-disk store's durability settings (see docs/ARCHITECTURE.md, "The emulator's own store"). */
export const DURABILITY = { journalMode: 'WAL', synchronous: 'NORMAL' } as const;

/** Every table's rows (with their rowids, which keep the natural order), for tests that rewind the store. */
export interface StoreSnapshot {
  tables: Map<string, { columns: string[]; rows: unknown[][] }>;
}

export interface StoredDoc {
  id: string;
  doc: Record<string, any>;
  seq: number;
}

const COLLECTION_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

export function isValidCollectionName(name: unknown): name is string {
  return typeof name === 'string' && COLLECTION_NAME.test(name) && !name.startsWith('_');
}

interface CollectionInfo {
  name: string;
  table: string;
  indexed: Set<string>;
  /** fields whose Date-valued index exists (made on first use) */
  dateIndexed: Set<string>;
  unsafe: Set<string>;
}

export interface OutboxMessage {
  id: number;
  to: string;
  templateId: string;
  page: string | null;
  data: unknown;
  miniprogramState: string | null;
  lang: string | null;
  at: number;
}

/** A dev-login session (the token itself is never stored: see saveSession). */
export interface Session {
  openid: string;
  personaId: string | null;
  createdAt: number;
  /** wall-clock ms after which the token no longer opens the session */
  expiresAt: number;
}

export class SqliteStore {
  readonly db: Database.Database;
  private readonly collections = new Map<string, CollectionInfo>();
  private closed = false;
  /** prepared statements by SQL text: preparing costs more than running a point query */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(dataDir: string | null) {
    if (dataDir) {
      mkdirSync(dataDir, { recursive: true });
      this.db = new Database(join(dataDir, 'cunqun.sqlite'));
      // WAL: a commit is one append to the log, readers never block the writer, and a process killed at
      // any instant (kill -9) leaves the file consistent — the next open replays or drops the log tail.
      this.db.pragma(`journal_mode = ${DURABILITY.journalMode}`);
      // NORMAL under WAL: every committed transaction survives the emulator's process dying (the log is
      // in the OS's hands once write() returns); only a power cut or OS crash may lose the last commits,
      // never corrupt the file. FULL would fsync every commit (each SDK write) for a risk a developer's
      // laptop store does not need to carry. Measured by tests/reliability/kill9.test.ts.
      this.db.pragma(`synchronous = ${DURABILITY.synchronous}`);
    } else {
      this.db = new Database(':memory:');
    }
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS _collections (name TEXT PRIMARY KEY, unsafe TEXT NOT NULL DEFAULT '[]');
      CREATE TABLE IF NOT EXISTS _meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      DROP TABLE IF EXISTS _sessions;
      CREATE TABLE IF NOT EXISTS _dev_sessions (token_sha256 TEXT PRIMARY KEY, openid TEXT NOT NULL, persona_id TEXT,
        created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS _outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, to_openid TEXT NOT NULL, template_id TEXT NOT NULL,
        page TEXT, data TEXT NOT NULL, miniprogram_state TEXT, lang TEXT, at INTEGER NOT NULL);
    `);
    for (const row of this.db.prepare('SELECT name, unsafe FROM _collections').all() as { name: string; unsafe: string }[]) {
      this.collections.set(row.name, { name: row.name, table: tableName(row.name), indexed: new Set(), dateIndexed: new Set(), unsafe: new Set(JSON.parse(row.unsafe)) });
    }
  }

  // ---- collections ---------------------------------------------------------------------------

  hasCollection(name: string): boolean {
    return this.collections.has(name);
  }

  collectionNames(): string[] {
    return [...this.collections.keys()].sort();
  }

  /** Creates the collection's table (if new) and the SQLite expression indexes its spec declares. */
  ensureCollection(name: string, indexes: IndexSpecLike[] = []): void {
    if (!isValidCollectionName(name)) throw new Error(`invalid collection name: ${name}`);
    let info = this.collections.get(name);
    if (!info) {
      info = { name, table: tableName(name), indexed: new Set(), dateIndexed: new Set(), unsafe: new Set() };
      this.db.exec(`CREATE TABLE IF NOT EXISTS ${info.table} (id TEXT PRIMARY KEY, doc TEXT NOT NULL, seq INTEGER NOT NULL)`);
      this.db.prepare('INSERT OR IGNORE INTO _collections (name) VALUES (?)').run(name);
      this.collections.set(name, info);
    }
    for (const spec of indexes) {
      const fields = Object.keys(spec.keys).filter((f) => f !== '_id');
      if (fields.length === 0) continue;
      const ixName = (suffix: string) => `"ix_${name}_${spec.name}${suffix}"`.replace(/[^A-Za-z0-9_"]/g, '_');
      const unique = spec.unique ? 'UNIQUE ' : '';
      this.db.exec(`CREATE ${unique}INDEX IF NOT EXISTS ${ixName('')} ON ${info.table} (${fields.map(valueExpr).join(', ')})`);
      // Only the declared indexes, as CloudBase keeps them: every extra expression index is one more JSON
      // extract and B-tree insert on every write. A query on a later field of a compound index scans, as it
      // would there. Single-field indexes made by earlier versions go.
      for (const field of fields) {
        info.indexed.add(field);
        this.db.exec(`DROP INDEX IF EXISTS ${fieldIndexName(name, 'ixv', field)}`);
      }
    }
    // A field declared after documents exist: check the stored documents once.
    for (const field of info.indexed) {
      if (info.unsafe.has(field)) continue;
      for (const row of this.db.prepare(`SELECT doc FROM ${info.table}`).iterate() as Iterable<{ doc: string }>) {
        if (unsafeForIndex(decodeStored(row.doc), field)) {
          this.markUnsafe(info, field);
          break;
        }
      }
    }
  }

  /**
   * A cached prepared statement. A statement still iterating (a generator not run to its end) is busy
   * and cannot run again: then a fresh one is prepared for this use.
   */
  private stmt(sql: string): Database.Statement {
    const cached = this.statements.get(sql);
    if (cached && !cached.busy) return cached;
    const fresh = this.db.prepare(sql);
    // prefilters with $in lists of every length make many texts: keep the cache bounded
    if (this.statements.size >= 1000) this.statements.clear();
    if (!cached) this.statements.set(sql, fresh);
    return fresh;
  }

  dropCollection(name: string): void {
    const info = this.collections.get(name);
    if (!info) return;
    this.statements.clear();
    this.db.exec(`DROP TABLE IF EXISTS ${info.table}`);
    this.db.prepare('DELETE FROM _collections WHERE name = ?').run(name);
    this.collections.delete(name);
  }

  private info(name: string): CollectionInfo {
    const info = this.collections.get(name);
    if (!info) throw new Error(`collection does not exist: ${name}`);
    return info;
  }

  /**
   * An indexed field compared with a Date is matched on its stored ISO text (`{ $date }`), a different
   * expression from its plain value: that index is made the first time such a query comes, so
   * collections never queried by date pay nothing for it on writes.
   */
  private ensureDateIndexes(info: CollectionInfo, fields: string[]): void {
    for (const field of fields) {
      if (info.dateIndexed.has(field)) continue;
      try {
        this.db.exec(`CREATE INDEX IF NOT EXISTS ${fieldIndexName(info.name, 'ixd', field)} ON ${info.table} (${dateExpr(field)})`);
        info.dateIndexed.add(field);
      } catch {
        // a read still iterating this table (a $lookup inside a scan) locks its schema: this query scans, a later one makes it
      }
    }
  }

  private markUnsafe(info: CollectionInfo, field: string): void {
    info.unsafe.add(field);
    this.db.prepare('UPDATE _collections SET unsafe = ? WHERE name = ?').run(JSON.stringify([...info.unsafe]), info.name);
  }

  private trackIndexSafety(info: CollectionInfo, doc: Record<string, unknown>): void {
    for (const field of info.indexed) {
      if (!info.unsafe.has(field) && unsafeForIndex(doc, field)) this.markUnsafe(info, field);
    }
  }

  // ---- documents -----------------------------------------------------------------------------

  /** The global write sequence: every write stamps its document with the next value. */
  currentSeq(): number {
    const row = this.stmt("SELECT value FROM _meta WHERE key = 'seq'").get() as { value: string } | undefined;
    return row ? Number(row.value) : 0;
  }

  private nextSeq(): number {
    const next = this.currentSeq() + 1;
    this.stmt("INSERT INTO _meta (key, value) VALUES ('seq', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(String(next));
    return next;
  }

  get(collection: string, id: unknown): StoredDoc | null {
    const info = this.info(collection);
    const row = this.stmt(`SELECT id, doc, seq FROM ${info.table} WHERE id = ?`).get(encodeId(id)) as
      | { id: string; doc: string; seq: number }
      | undefined;
    return row ? { id: row.id, doc: decodeStored(row.doc), seq: row.seq } : null;
  }

  /** Rows that may match `criteria` (normalised query), in natural (insertion) order. */
  *candidates(collection: string, criteria?: Record<string, unknown>, options?: PrefilterOptions): Generator<StoredDoc> {
    const info = this.info(collection);
    const pre = buildPrefilter(criteria, info.indexed, info.unsafe, options);
    this.ensureDateIndexes(info, pre.dateFields);
    const where = pre.clauses.length ? ` WHERE ${pre.clauses.join(' AND ')}` : '';
    const stmt = this.stmt(`SELECT id, doc, seq FROM ${info.table}${where} ORDER BY rowid`);
    for (const row of stmt.iterate(...pre.params) as Iterable<{ id: string; doc: string; seq: number }>) {
      yield { id: row.id, doc: decodeStored(row.doc), seq: row.seq };
    }
  }

  /** The SQL the prefilter produces, for tests that pin index use. */
  explain(collection: string, criteria?: Record<string, unknown>, options?: PrefilterOptions): { sql: string; plan: string[] } {
    const info = this.info(collection);
    const pre = buildPrefilter(criteria, info.indexed, info.unsafe, options);
    this.ensureDateIndexes(info, pre.dateFields);
    const where = pre.clauses.length ? ` WHERE ${pre.clauses.join(' AND ')}` : '';
    const sql = `SELECT id, doc, seq FROM ${info.table}${where} ORDER BY rowid`;
    const plan = (this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...pre.params) as { detail: string }[]).map((r) => r.detail);
    return { sql, plan };
  }

  all(collection: string): Record<string, any>[] {
    if (!this.collections.has(collection)) return [];
    return [...this.candidates(collection)].map((r) => r.doc);
  }

  count(collection: string): number {
    const info = this.info(collection);
    return (this.stmt(`SELECT COUNT(*) AS n FROM ${info.table}`).get() as { n: number }).n;
  }

  /** Inserts a new document; returns false when the _id already exists. Throws on unique-index violations. */
  insert(collection: string, doc: Record<string, any>): boolean {
    const info = this.info(collection);
    const key = encodeId(doc._id);
    if (this.stmt(`SELECT 1 FROM ${info.table} WHERE id = ?`).get(key)) return false;
    this.trackIndexSafety(info, doc);
    this.stmt(`INSERT INTO ${info.table} (id, doc, seq) VALUES (?, ?, ?)`).run(key, encodeStored(doc), this.nextSeq());
    return true;
  }

  /** Writes the whole document (insert or replace), keeping its natural position when it exists. */
  put(collection: string, doc: Record<string, any>): void {
    const info = this.info(collection);
    const key = encodeId(doc._id);
    this.trackIndexSafety(info, doc);
    const seq = this.nextSeq();
    const res = this.stmt(`UPDATE ${info.table} SET doc = ?, seq = ? WHERE id = ?`).run(encodeStored(doc), seq, key);
    if (res.changes === 0) this.stmt(`INSERT INTO ${info.table} (id, doc, seq) VALUES (?, ?, ?)`).run(key, encodeStored(doc), seq);
  }

  remove(collection: string, id: unknown): boolean {
    const info = this.info(collection);
    return this.stmt(`DELETE FROM ${info.table} WHERE id = ?`).run(encodeId(id)).changes > 0;
  }

  /** Runs `fn` inside one SQLite transaction (nested calls become savepoints). */
  atomically<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // ---- snapshots (tests: rewind to a state and run from there again) -------------------------

  private tableNames(): string[] {
    return (this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((r) => r.name);
  }

  snapshot(): StoreSnapshot {
    const tables: StoreSnapshot['tables'] = new Map();
    for (const name of this.tableNames()) {
      const columns = (this.db.prepare(`PRAGMA table_info("${name}")`).all() as { name: string }[]).map((c) => c.name);
      const rows = this.db.prepare(`SELECT rowid, ${columns.map((c) => `"${c}"`).join(', ')} FROM "${name}"`).raw().all() as unknown[][];
      tables.set(name, { columns, rows });
    }
    return { tables };
  }

  /** Puts every table back as the snapshot had it (tables made since are emptied). */
  restore(snapshot: StoreSnapshot): void {
    this.statements.clear();
    this.atomically(() => {
      for (const name of this.tableNames()) {
        this.db.prepare(`DELETE FROM "${name}"`).run();
        const saved = snapshot.tables.get(name);
        if (!saved || saved.rows.length === 0) continue;
        const columns = ['rowid', ...saved.columns.map((c) => `"${c}"`)];
        const insert = this.db.prepare(`INSERT INTO "${name}" (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
        for (const row of saved.rows) insert.run(...row);
      }
    });
  }

  // ---- meta, sessions, outbox ----------------------------------------------------------------

  getMeta(key: string): string | undefined {
    return (this.stmt('SELECT value FROM _meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string): void {
    this.stmt('INSERT INTO _meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /**
   * Keeps a dev-login session under the SHA-256 of its token: a copy of the data folder holds no token
   * that opens a session. Sessions already expired at `s.createdAt` are dropped on the way.
   */
  saveSession(token: string, s: Session): void {
    this.stmt('DELETE FROM _dev_sessions WHERE expires_at <= ?').run(s.createdAt);
    this.stmt('INSERT OR REPLACE INTO _dev_sessions (token_sha256, openid, persona_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(
      sessionKey(token),
      s.openid,
      s.personaId,
      s.createdAt,
      s.expiresAt,
    );
  }

  /** The session this token opens at wall-clock `now`, or null (unknown or expired). */
  findSession(token: string, now: number): Session | null {
    const row = this.stmt('SELECT openid, persona_id, created_at, expires_at FROM _dev_sessions WHERE token_sha256 = ?').get(sessionKey(token)) as
      | { openid: string; persona_id: string | null; created_at: number; expires_at: number }
      | undefined;
    if (!row || row.expires_at <= now) return null;
    return { openid: row.openid, personaId: row.persona_id, createdAt: row.created_at, expiresAt: row.expires_at };
  }

  addOutbox(m: Omit<OutboxMessage, 'id'>): number {
    const res = this
      .stmt('INSERT INTO _outbox (to_openid, template_id, page, data, miniprogram_state, lang, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(m.to, m.templateId, m.page, JSON.stringify(m.data ?? null), m.miniprogramState, m.lang, m.at);
    return Number(res.lastInsertRowid);
  }

  outbox(): OutboxMessage[] {
    return (this.stmt('SELECT * FROM _outbox ORDER BY id').all() as any[]).map((r) => ({
      id: r.id,
      to: r.to_openid,
      templateId: r.template_id,
      page: r.page,
      data: JSON.parse(r.data),
      miniprogramState: r.miniprogram_state,
      lang: r.lang,
      at: r.at,
    }));
  }

  clearOutbox(): void {
    this.db.exec('DELETE FROM _outbox');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

function tableName(collection: string): string {
  return `"c_${collection}"`;
}

function fieldIndexName(collection: string, kind: 'ixv' | 'ixd', field: string): string {
  return `"${kind}_${collection.replace(/[^A-Za-z0-9_]/g, '_')}_${field.replace(/[^A-Za-z0-9_]/g, '_')}"`;
}

/** A session token's stored form. The token is 192 random bits, so a plain hash cannot be reversed by guessing. */
function sessionKey(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
