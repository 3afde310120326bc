/**
 * The store file (`--data <file>.sqlite`): documents, the id counter and the results of
 * recent client mutations in one SQLite database (Node's built-in `node:sqlite`). Each save
 * writes only the documents that changed since the last one, in one transaction, so its cost
 * does not grow with the data. Written by store/open.ts (on every Backend.persist), read once
 * at start; a file that is not a sound store is refused, never rewritten.
 */
import { closeSync, existsSync, fsyncSync, openSync, readSync, renameSync, rmSync } from "node:fs";
import { convexToJson, type JSONValue, jsonToConvex, type Value } from "convex/values";
import type { MutationResult } from "../mutation-results.ts";
import { PINNED_CONVEX_VERSION } from "../version.ts";
import { type Restorer, refusal } from "./content.ts";
import { DatabaseSync } from "./sqlite.ts";

const FORMAT = "local-convex-store/1";
const HEADER = "SQLite format 3\0";
const RESTORE_OR_MOVE = "restore a good copy of it, or start with another --data path";

const TABLES = `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE documents (id TEXT PRIMARY KEY, tbl TEXT NOT NULL, json TEXT NOT NULL);
  CREATE TABLE mutation_results (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, json TEXT NOT NULL
  );`;

export interface StoreMeta {
  nextDocId: number;
  lastCreationTime: number;
  /** The old JSON data file this store was made from, if any (its base name). */
  importedFrom?: string;
}

/** What one save writes: changed documents (null = deleted) and new mutation results. */
export interface StoreChanges {
  documents: Map<string, { table: string; doc: Record<string, Value> | null }>;
  results: [string, MutationResult][];
  meta: StoreMeta;
}

/**
 * A stored document back as a Convex value. Only bigints, bytes and special floats are
 * encoded (as objects with a "$integer", "$bytes" or "$float" key, a key no document may
 * have otherwise): a text without `"$` parses to the value itself, which skips a copy of
 * every document at start.
 */
function fromJson(text: string): Value {
  const json = JSON.parse(text) as JSONValue;
  return text.includes('"$') ? jsonToConvex(json) : (json as Value);
}

/** The first bytes say whether this is an SQLite database at all (read before SQLite opens it). */
function checkHeader(file: string): void {
  const fd = openSync(file, "r");
  const bytes = Buffer.alloc(100);
  let read: number;
  try {
    read = readSync(fd, bytes, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (read === 0)
    throw refusal(file, "is empty (0 bytes), not a local-convex store", RESTORE_OR_MOVE);
  if (bytes.toString("latin1", 0, HEADER.length) !== HEADER) {
    const looksJson = bytes.toString("utf8", 0, read).trimStart().startsWith("{");
    throw refusal(
      file,
      looksJson
        ? "is a JSON file, not a local-convex store (an old data file is imported from <name>.json beside <name>.sqlite)"
        : "is not a local-convex store (not an SQLite database)",
      RESTORE_OR_MOVE,
    );
  }
  if (read < 100)
    throw refusal(file, "is truncated (shorter than an SQLite header)", RESTORE_OR_MOVE);
}

/**
 * Reads a whole store on a read-only connection (which never writes the file, not even to
 * fold its journal back in): checks it, then hands each document to `restore`.
 */
export function readStore(
  file: string,
  restore: Restorer,
): { meta: StoreMeta; results: [string, MutationResult][]; documents: number } {
  checkHeader(file);
  let sql: DatabaseSync;
  try {
    sql = new DatabaseSync(file, { readOnly: true });
  } catch (error) {
    throw refusal(file, `cannot be opened (${(error as Error).message})`, RESTORE_OR_MOVE);
  }
  try {
    let problems: string[];
    try {
      problems = sql
        .prepare("PRAGMA quick_check(5)")
        .all()
        .map((row) => String(row.quick_check).replace(/\s+/g, " ").trim());
    } catch (error) {
      problems = [(error as Error).message.replace(/\s+/g, " ")];
    }
    if (problems.length !== 1 || problems[0] !== "ok") {
      throw refusal(file, `is damaged (SQLite: ${problems.join("; ")})`, RESTORE_OR_MOVE);
    }
    let metaRows: Record<string, unknown>[];
    try {
      metaRows = sql.prepare("SELECT key, value FROM meta").all();
    } catch {
      throw refusal(file, "is an SQLite database but not a local-convex store", RESTORE_OR_MOVE);
    }
    const meta = new Map(metaRows.map((row) => [String(row.key), JSON.parse(String(row.value))]));
    if (meta.get("format") !== FORMAT) {
      throw refusal(
        file,
        `has format ${JSON.stringify(meta.get("format"))}, not ${FORMAT}`,
        "start it with the local-convex that wrote it, or start with another --data path",
      );
    }
    let documents = 0;
    for (const row of sql.prepare("SELECT tbl, json FROM documents").iterate()) {
      restore.add(fromJson(String(row.json)), String(row.tbl));
      documents++;
    }
    const results: [string, MutationResult][] = [];
    for (const row of sql
      .prepare("SELECT key, json FROM mutation_results ORDER BY seq")
      .iterate()) {
      results.push([String(row.key), JSON.parse(String(row.json)) as MutationResult]);
    }
    return {
      meta: {
        nextDocId: Number(meta.get("nextDocId") ?? 0),
        lastCreationTime: Number(meta.get("lastCreationTime") ?? 0),
        ...(meta.has("importedFrom") ? { importedFrom: String(meta.get("importedFrom")) } : {}),
      },
      results,
      documents,
    };
  } finally {
    sql.close();
  }
}

/** Durably renames `from` to `to` (and flushes the folder entry, so the rename survives too). */
export function renameDurably(from: string, to: string, folder: string): void {
  renameSync(from, to);
  const fd = openSync(folder, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** An open store, for writes. */
export class SqliteStore {
  readonly file: string;
  readonly #sql: DatabaseSync;
  readonly #resultLimit: number;
  readonly #upsert;
  readonly #delete;
  readonly #setMeta;
  readonly #addResult;
  readonly #trimResults;

  private constructor(file: string, sql: DatabaseSync, resultLimit: number) {
    this.file = file;
    this.#sql = sql;
    this.#resultLimit = resultLimit;
    this.#upsert = sql.prepare(
      "INSERT INTO documents (id, tbl, json) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET json = excluded.json",
    );
    this.#delete = sql.prepare("DELETE FROM documents WHERE id = ?");
    this.#setMeta = sql.prepare(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    );
    this.#addResult = sql.prepare(
      "INSERT OR REPLACE INTO mutation_results (key, json) VALUES (?, ?)",
    );
    this.#trimResults = sql.prepare(
      "DELETE FROM mutation_results WHERE seq <= (SELECT MAX(seq) FROM mutation_results) - ?",
    );
  }

  /** Opens an existing store (checked by readStore first) for writes. */
  static open(file: string, resultLimit: number): SqliteStore {
    const sql = new DatabaseSync(file);
    // WAL: a commit appends to the journal instead of rewriting pages in place, and readers
    // are never blocked. synchronous=FULL: every commit is fsynced before persist() returns,
    // so an acknowledged write survives a power loss, not only a kill -9 of this process
    // (WAL with NORMAL would survive the kill but may lose the last commits on power loss).
    // It costs one fsync per save: about 0.3 ms on this repository's development machines.
    sql.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
    return new SqliteStore(file, sql, resultLimit);
  }

  /**
   * Makes a new store at `file`: built under a temporary name, then renamed into place, so a
   * crash never leaves a half-made store behind. `fill` may write documents (an import).
   */
  static create(
    file: string,
    folder: string,
    meta: StoreMeta,
    fill?: (store: SqliteStore) => void,
  ): void {
    const temporary = `${file}.new-${process.pid}`;
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${temporary}${suffix}`, { force: true });
    const sql = new DatabaseSync(temporary);
    try {
      sql.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; ${TABLES}`);
      const store = new SqliteStore(temporary, sql, Number.POSITIVE_INFINITY);
      store.#setMeta.run("format", JSON.stringify(FORMAT));
      store.#setMeta.run("convexVersion", JSON.stringify(PINNED_CONVEX_VERSION));
      store.write({ documents: new Map(), results: [], meta });
      fill?.(store);
    } finally {
      sql.close(); // folds the journal into the file and removes it
    }
    if (existsSync(file)) {
      rmSync(temporary, { force: true });
      throw new Error(`${file} appeared while it was being created`);
    }
    renameDurably(temporary, file, folder);
  }

  /** Writes one save's changes in one transaction (durable when this returns). */
  write(changes: StoreChanges): void {
    this.#sql.exec("BEGIN IMMEDIATE");
    try {
      for (const [id, { table, doc }] of changes.documents) {
        if (doc === null) this.#delete.run(id);
        else this.#upsert.run(id, table, JSON.stringify(convexToJson(doc as Value)));
      }
      for (const [key, result] of changes.results) {
        this.#addResult.run(key, JSON.stringify(result));
      }
      if (changes.results.length > 0 && Number.isFinite(this.#resultLimit)) {
        this.#trimResults.run(this.#resultLimit);
      }
      const { meta } = changes;
      this.#setMeta.run("nextDocId", JSON.stringify(meta.nextDocId));
      this.#setMeta.run("lastCreationTime", JSON.stringify(meta.lastCreationTime));
      if (meta.importedFrom !== undefined) {
        this.#setMeta.run("importedFrom", JSON.stringify(meta.importedFrom));
      }
      this.#sql.exec("COMMIT");
    } catch (error) {
      this.#sql.exec("ROLLBACK");
      throw error;
    }
  }

  get isOpen(): boolean {
    return this.#sql.isOpen;
  }

  close(): void {
    if (this.#sql.isOpen) this.#sql.close();
  }
}
