/**
 * The attack of issue 16, finding 7, as an outsider with a copy of the data folder would run it: read the
 * SQLite write-ahead log frame by frame (every page image every write produced, in order), pull out every
 * stored document version, and diff each document against its previous version. Where one write marks a
 * voter AND makes a readable ballot appear (receipt + choices), the voter's choice is known; where the
 * ballot appears in the very next write after a single voter's mark, likewise.
 */
import { readFileSync } from 'node:fs';

export interface StoredVersion {
  /** the write (commit) that produced this version, in log order */
  commit: number;
  id: string;
  doc: Record<string, any>;
}

const OPEN = '{"_id":"';

/** Every JSON document readable in one page image (documents that fit a page: units, boxes, small topics). */
function docsIn(page: Buffer): Record<string, any>[] {
  const out: Record<string, any>[] = [];
  const text = page.toString('latin1');
  for (let start = text.indexOf(OPEN); start >= 0; start = text.indexOf(OPEN, start + 1)) {
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i += 1) {
      const ch = text[i];
      if (inString) {
        if (ch === '\\') i += 1;
        else if (ch === '"') inString = false;
        continue;
      }
      if (ch === '"') inString = true;
      else if (ch === '{') depth += 1;
      else if (ch === '}' && --depth === 0) {
        try {
          out.push(JSON.parse(page.subarray(start, i + 1).toString('utf8')));
        } catch {
          // a cut-off cell: not a whole document
        }
        break;
      }
    }
  }
  return out;
}

/** The document versions in a WAL file, in the order they were first written. */
export function versionsFromWal(walFile: string): StoredVersion[] {
  const wal = readFileSync(walFile);
  if (wal.length < 32) return [];
  const pageSize = wal.readUInt32BE(8);
  const salt = wal.subarray(16, 24);
  // a page keeps stale bytes of moved or rewritten rows in its free space: a version seen once is not new again
  const seen = new Map<string, Set<string>>();
  const out: StoredVersion[] = [];
  let commit = 0;
  for (let off = 32; off + 24 + pageSize <= wal.length; off += 24 + pageSize) {
    if (!wal.subarray(off + 8, off + 16).equals(salt)) break; // frames of an earlier log cycle
    for (const doc of docsIn(wal.subarray(off + 24, off + 24 + pageSize))) {
      const text = JSON.stringify(doc);
      const versions = seen.get(doc._id) ?? new Set<string>();
      seen.set(doc._id, versions);
      if (versions.has(text)) continue;
      versions.add(text);
      out.push({ commit, id: doc._id, doc });
    }
    if (wal.readUInt32BE(off + 4) !== 0) commit += 1;
  }
  return out;
}

type Ballot = { r: string; c: string[] };

/** `by` values (voters) set anywhere in a document */
function votersIn(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) votersIn(v, out);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.v === true && typeof o.by === 'string') out.add(o.by);
    for (const v of Object.values(o)) votersIn(v, out);
  }
  return out;
}

/** readable ballots anywhere in a document: `{ r: <receipt>, c: [option ids] }` */
function ballotsIn(value: unknown, optionIds: readonly string[], out = new Map<string, Ballot>()): Map<string, Ballot> {
  if (Array.isArray(value)) for (const v of value) ballotsIn(v, optionIds, out);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.r === 'string' && Array.isArray(o.c) && o.c.every((x) => optionIds.includes(x as string))) out.set(o.r, { r: o.r, c: o.c as string[] });
    for (const v of Object.values(o)) ballotsIn(v, optionIds, out);
  }
  return out;
}

export interface AttackResult {
  /** voter → the ballot the history pins on them (certain: one voter, one new ballot) */
  links: Map<string, Ballot>;
  /** the smallest group of voters whose ballots appeared together (how far the attacker can narrow it down) */
  smallestCrowd: number;
  votersSeen: number;
  ballotsSeen: number;
}

/** Diff every document against its previous version, write by write, and pin ballots on voters. */
export function linkVotersToChoices(versions: StoredVersion[], optionIds: readonly string[]): AttackResult {
  const previous = new Map<string, Record<string, any>>();
  const perCommit = new Map<number, { voters: Set<string>; ballots: Map<string, Ballot> }>();
  for (const v of versions) {
    const before = previous.get(v.id);
    previous.set(v.id, v.doc);
    const votersBefore = votersIn(before);
    const ballotsBefore = ballotsIn(before, optionIds);
    const entry = perCommit.get(v.commit) ?? { voters: new Set<string>(), ballots: new Map<string, Ballot>() };
    perCommit.set(v.commit, entry);
    for (const voter of votersIn(v.doc)) if (!votersBefore.has(voter)) entry.voters.add(voter);
    for (const [r, b] of ballotsIn(v.doc, optionIds)) if (!ballotsBefore.has(r)) entry.ballots.set(r, b);
  }
  const links = new Map<string, Ballot>();
  const seenBallots = new Set<string>();
  let smallestCrowd = Infinity;
  let votersSeen = 0;
  const commits = [...perCommit.keys()].sort((a, b) => a - b);
  for (const [i, commit] of commits.entries()) {
    const { voters, ballots } = perCommit.get(commit)!;
    votersSeen += voters.size;
    for (const r of ballots.keys()) seenBallots.add(r);
    if (ballots.size > 0) smallestCrowd = Math.min(smallestCrowd, ballots.size);
    // one write marks one voter and shows one new ballot — or the ballot shows in the next write
    const next = commits[i + 1] !== undefined ? perCommit.get(commits[i + 1])! : null;
    const candidates = ballots.size > 0 ? ballots : next && next.voters.size === 0 ? next.ballots : new Map<string, Ballot>();
    if (voters.size === 1 && candidates.size === 1) links.set([...voters][0], [...candidates.values()][0]);
  }
  return { links, smallestCrowd: smallestCrowd === Infinity ? 0 : smallestCrowd, votersSeen, ballotsSeen: seenBallots.size };
}
