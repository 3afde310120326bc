/**
 * The store's life in a server (called by server.ts): take the lock, import an old JSON data
 * file once, read and check the store into convex-test's memory, then save every committed
 * change (from the commit feed) when Backend.persist asks — before any client hears of it.
 */
import { existsSync, mkdirSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { jsonToConvex, type Value } from "convex/values";
import type { Backend } from "../backend.ts";
import type { DocumentChange } from "../commits.ts";
import { serverLog } from "../log.ts";
import { tableFromId } from "../tracking.ts";
import { KEEP_OUT, refusal, restorer, StoreRefusedError } from "./content.ts";
import { readLegacyJson } from "./legacy-json.ts";
import { StoreLock } from "./lock.ts";
import { readStore, renameDurably, SqliteStore, type StoreChanges } from "./sqlite-store.ts";
import { dropStamp, schemaFingerprint, stampHolds, writeStamp } from "./stamp.ts";

export interface OpenStore {
  file: string;
  /** Writes what changed since the last call (cheap when nothing did). */
  persist(): void;
  /** Records the server's URL in the lock, for a second server's refusal message. */
  announce(url: string): void;
  /** Last save, then closes the store and releases the lock. */
  close(): void;
  /** Releases the lock without saving (a start that failed). */
  abandon(): void;
}

/** `<name>.sqlite` → `<name>.json`: where the old data file of the same name lived. */
export function legacyFileOf(file: string): string {
  return join(dirname(file), `${basename(file, extname(file))}.json`);
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, "-");
}

/** Renames a file aside (never deletes); returns the new name, or null if there was none. */
function moveAside(file: string, why: string): string | null {
  if (!existsSync(file)) return null;
  const aside = `${file}.${why}-${stamp()}`;
  renameDurably(file, aside, dirname(file));
  return aside;
}

export function openStore(file: string, backend: Backend, options: { reset?: boolean } = {}) {
  if (extname(file) === ".json") {
    const store = join(dirname(file), `${basename(file, ".json")}.sqlite`);
    throw new StoreRefusedError(
      `--data ${file} names a JSON file, but the store is now an SQLite file: pass --data ${store} (an old data file ${file} is imported into it on the first start and kept).`,
    );
  }
  const folder = dirname(file);
  mkdirSync(folder, { recursive: true });
  const lock = StoreLock.acquire(file);
  try {
    return open(file, folder, backend, lock, options.reset === true);
  } catch (error) {
    lock.release();
    throw error;
  }
}

function open(
  file: string,
  folder: string,
  backend: Backend,
  lock: StoreLock,
  reset: boolean,
): OpenStore {
  const { engine, mutationResults: results } = backend;
  const { db } = engine;
  const legacy = legacyFileOf(file);
  const fingerprint = schemaFingerprint(db);
  if (reset) {
    const kept = moveAside(file, "reset");
    moveAside(`${file}-wal`, "reset");
    moveAside(`${file}-shm`, "reset");
    const keptLegacy = moveAside(legacy, "reset");
    for (const aside of [kept, keptLegacy]) {
      if (aside) serverLog(`--reset: starting empty; the old data is kept as ${aside}`);
    }
  }
  if (!existsSync(file) && existsSync(`${file}-wal`)) {
    // SQLite would replay that journal onto a new, empty store: the data is in the journal.
    throw refusal(
      `${file}-wal`,
      `is the journal of a store that is missing (${file})`,
      "put the store back beside it, or move the journal away to start without it",
    );
  }
  if (!existsSync(file)) {
    if (existsSync(legacy)) importLegacy(legacy, file, folder, backend);
    else SqliteStore.create(file, folder, metaOf(backend));
  } else {
    const unchanged = stampHolds(file, fingerprint);
    const restore = restorer(file, db, { checkFields: !unchanged });
    const stored = readStore(file, restore);
    restore.finish(stored.meta.nextDocId, stored.meta.lastCreationTime);
    results.load(stored.results);
    if (stored.documents > 0) {
      const how = unchanged
        ? "unchanged since its last clean stop"
        : "each checked against the schema";
      serverLog(`restored ${stored.documents} documents from ${file} (${how})`);
    }
    if (existsSync(legacy)) {
      if (stored.meta.importedFrom === basename(legacy)) {
        // Imported, but stopped before the old file was renamed: finish that now.
        const kept = moveAside(legacy, "imported");
        serverLog(`${legacy} was already imported into ${file}; kept as ${kept}`);
      } else {
        serverLog(`${legacy} is not read: ${file} exists (move the JSON file away to hush this)`);
      }
    }
  }
  engine.indexCache.clear();

  dropStamp(file); // written again at a clean close
  const store = SqliteStore.open(file, results.limit);
  let pending: StoreChanges["documents"] = new Map();
  let scheduled = false;
  let closed = false;
  const persist = () => {
    if (closed) return; // a late commit after stop (a scheduled function finishing)
    const fresh = results.takeUnsaved();
    if (pending.size === 0 && fresh.length === 0) return;
    const documents = pending;
    pending = new Map();
    try {
      store.write({ documents, results: fresh, meta: metaOf(backend) });
    } catch (error) {
      // Not saved: keep it for the next try (newer changes to the same ids win).
      for (const [id, change] of documents) if (!pending.has(id)) pending.set(id, change);
      results.returnUnsaved(fresh);
      throw error;
    }
  };
  engine.commits.listen((changes: DocumentChange[]) => {
    for (const { id, table, after } of changes) {
      if (!KEEP_OUT.has(table)) pending.set(id, { table, doc: after });
    }
    // Commits no request persists (the scheduler's own state changes) are saved soon too.
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (!store.isOpen) return;
      try {
        persist();
      } catch (error) {
        serverLog(`saving ${file} failed`, error);
      }
    });
  });
  return {
    file,
    persist,
    announce: (url) => lock.announce(url),
    close() {
      if (closed) return;
      try {
        persist();
        closed = true;
        store.close(); // folds the journal into the file
        writeStamp(file, fingerprint);
      } finally {
        closed = true;
        store.close();
        lock.release();
      }
    },
    abandon() {
      closed = true;
      store.close();
      lock.release();
    },
  };
}

function metaOf(backend: Backend) {
  const { db } = backend.engine;
  return { nextDocId: db._nextDocId, lastCreationTime: db._lastCreationTime };
}

/** Makes the store from an old JSON data file, then renames that file (never deletes it). */
function importLegacy(legacy: string, file: string, folder: string, backend: Backend): void {
  const { db } = backend.engine;
  const data = readLegacyJson(legacy);
  const restore = restorer(legacy, db);
  try {
    for (const json of data.documents) {
      const doc = jsonToConvex(json) as Record<string, Value>;
      if (!KEEP_OUT.has(tableFromId(String(doc._id)) ?? "")) restore.add(doc);
    }
  } catch (error) {
    if (error instanceof StoreRefusedError) throw error;
    throw refusal(
      legacy,
      `is not a valid data file (${(error as Error).message})`,
      "restore a good copy of it, or move it away to start without it",
    );
  }
  const count = restore.finish(data.nextDocId, data.lastCreationTime);
  backend.mutationResults.load(data.mutationResults);
  const importedFrom = basename(legacy);
  SqliteStore.create(file, folder, { ...metaOf(backend), importedFrom }, (store) => {
    const documents: StoreChanges["documents"] = new Map();
    for (const [id, doc] of Object.entries(db._documents)) {
      documents.set(id, { table: tableFromId(id) ?? "", doc });
    }
    store.write({
      documents,
      results: backend.mutationResults.entries(),
      meta: { ...metaOf(backend), importedFrom },
    });
  });
  const kept = moveAside(legacy, "imported");
  serverLog(
    `imported ${count} documents from ${legacy} into ${file}; the old file is kept as ${kept}`,
  );
}
