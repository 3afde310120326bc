/**
 * Puts stored documents back into convex-test's in-memory database, refusing any that would
 * not have been written through the app's functions: a bad `_id`, a table the schema does not
 * know, a duplicate id, or a document its table's validator rejects (convex-test's own
 * validator, the one every insert and patch goes through). Used by the SQLite store's load
 * and by the one-time import of an old JSON data file.
 */
import type { Value } from "convex/values";
import type { DatabaseInternals } from "../engine.ts";
import { getOrCreate } from "../maps.ts";
import { tableFromId } from "../tracking.ts";

type Doc = Record<string, Value>;

/** Refusing to start on this store; the message names the file and what to do. */
export class StoreRefusedError extends Error {}

/** The parts of convex-test's database that check documents against the schema. */
interface ValidatingDatabase extends DatabaseInternals {
  _schema: { schemaValidation: boolean; tables: Map<string, unknown> } | null;
  _validate(table: string, fields: Doc): void;
}

// System tables convex-test writes itself; `_storage` rows are never stored (no blobs).
const SYSTEM_TABLES = new Set(["_scheduled_functions", "_storage"]);

export const KEEP_OUT = new Set(["_storage"]);

export interface Restorer {
  /** Checks one document and adds it; `table` is the table the store filed it under. */
  add(doc: Value, table?: string): void;
  /** Sets the id counter and creation clock (never below what the documents need). */
  finish(nextDocId: number, lastCreationTime: number): number;
}

export function refusal(file: string, what: string, cure: string): StoreRefusedError {
  return new StoreRefusedError(
    `${file} ${what}. local-convex did not start and left the file as it is: ${cure}.`,
  );
}

/**
 * Restores documents into an empty database, checking each; throws a StoreRefusedError.
 * `checkFields: false` skips the validator for a store known to be as this server's schema
 * left it (store/stamp.ts); ids, tables and duplicates are still checked.
 */
export function restorer(
  file: string,
  database: DatabaseInternals,
  options: { checkFields?: boolean } = {},
): Restorer {
  const db = database as ValidatingDatabase;
  if (Object.keys(db._documents).length > 0) {
    throw new Error("Documents can only be restored into an empty database");
  }
  const schemaTables = db._schema?.tables ?? null;
  const validates = db._schema?.schemaValidation === true && options.checkFields !== false;
  let maxCounter = db._nextDocId - 1;
  let maxCreation = 0;
  let count = 0;
  const broken = (id: string, table: string, why: string) =>
    refusal(
      file,
      `holds a document that breaks the schema (table "${table}", id "${id}": ${why})`,
      "restore a good copy, fix the schema (convex/schema.ts) if it is the one that changed, or start with another --data path",
    );
  return {
    add(value, filedUnder) {
      const doc = value as Doc;
      const id = typeof doc === "object" && doc !== null ? doc._id : undefined;
      if (typeof id !== "string") {
        throw broken(String(id), filedUnder ?? "?", "no string _id");
      }
      const table = tableFromId(id);
      if (table === null) throw broken(id, filedUnder ?? "?", "bad _id (no table name)");
      if (filedUnder !== undefined && filedUnder !== table) {
        throw broken(id, filedUnder, `its _id names table "${table}"`);
      }
      if (db._documents[id] !== undefined) throw broken(id, table, "duplicate id");
      if (typeof doc._creationTime !== "number") {
        throw broken(id, table, "field `_creationTime` is not a number");
      }
      if (table.startsWith("_")) {
        if (!SYSTEM_TABLES.has(table)) throw broken(id, table, "unknown system table");
      } else if (schemaTables !== null) {
        if (!schemaTables.has(table)) throw broken(id, table, "unknown table");
        if (validates) {
          const { _id, _creationTime, ...fields } = doc;
          // A union is checked by trying each member and catching its error: without stack
          // traces those errors cost a third as much, and a store loads in a third the time.
          const stackTraceLimit = Error.stackTraceLimit;
          Error.stackTraceLimit = 0;
          try {
            db._validate(table, fields);
          } catch (error) {
            throw broken(id, table, (error as Error).message);
          } finally {
            Error.stackTraceLimit = stackTraceLimit;
          }
        }
      }
      db._documents[id] = doc;
      getOrCreate(db._tableIds, table, () => new Set<string>()).add(id);
      maxCounter = Math.max(maxCounter, Number.parseInt(id, 10));
      maxCreation = Math.max(maxCreation, doc._creationTime);
      count++;
    },
    finish(nextDocId, lastCreationTime) {
      db._nextDocId = Math.max(nextDocId || 0, maxCounter + 1, db._nextDocId);
      db._lastCreationTime = Math.max(db._lastCreationTime, lastCreationTime || 0, maxCreation);
      return count;
    },
  };
}
