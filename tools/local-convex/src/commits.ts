import type { Value } from "convex/values";
import type { DatabaseInternals } from "./engine.ts";
import { tableFromId } from "./tracking.ts";

type Doc = Record<string, Value>;

/** One document a top-level commit changed: `before`/`after` are null for an insert/delete. */
export interface DocumentChange {
  id: string;
  table: string;
  before: Doc | null;
  after: Doc | null;
}

export type CommitListener = (changes: DocumentChange[]) => void;

interface CommittingDatabase extends DatabaseInternals {
  _writes: Record<string, Doc | null>[];
  commit(commitTs?: bigint | null): void;
}

/**
 * Every change to convex-test's committed documents goes through `db.commit` at the top
 * level (functions, the scheduler's own state changes, crons), so this is the one place
 * that sees each write once, with the document before and after. Listeners (the index
 * cache, the store, live-query read sets) are called in the order they were added, right
 * after the documents changed and before anything else runs.
 */
export class CommitFeed {
  readonly #listeners: CommitListener[] = [];

  constructor(database: DatabaseInternals) {
    const db = database as CommittingDatabase;
    const commit = db.commit.bind(db);
    db.commit = (commitTs?: bigint | null) => {
      const layer = db._writes.length === 1 ? db._writes[0] : undefined;
      const ids = layer ? Object.keys(layer) : [];
      const before = ids.map((id) => db._documents[id] ?? null);
      commit(commitTs);
      if (ids.length === 0) return;
      const changes = ids.map((id, i) => ({
        id,
        table: tableFromId(id) ?? "",
        before: before[i] ?? null,
        after: db._documents[id] ?? null,
      }));
      for (const listener of this.#listeners) listener(changes);
    };
  }

  listen(listener: CommitListener): void {
    this.#listeners.push(listener);
  }
}
