/**
 * The store's rows come back as the Convex values that were saved: bigints, bytes and special
 * floats (encoded as "$integer"/"$bytes"/"$float" objects) as well as plain JSON, including
 * strings that merely contain "$".
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Value } from "convex/values";
import { afterAll, describe, expect, it } from "vitest";
import type { DatabaseInternals } from "../src/engine.ts";
import { restorer } from "../src/store/content.ts";
import { readStore, SqliteStore } from "../src/store/sqlite-store.ts";

const dir = mkdtempSync(join(tmpdir(), "local-convex-values-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An empty database without a schema (every table accepted), as convex-test holds it. */
function emptyDatabase(): DatabaseInternals {
  return {
    _documents: {},
    _tableIds: new Map(),
    _nextDocId: 10_000,
    _lastCreationTime: 0,
    _queryResults: {},
    _schema: null,
  } as unknown as DatabaseInternals;
}

describe("store values", () => {
  it("reads back bigints, bytes, special floats and plain JSON as saved", () => {
    const file = join(dir, "values.sqlite");
    const docs: Record<string, Value>[] = [
      { _id: "10001things", _creationTime: 1, n: 5n, bytes: new Uint8Array([1, 2, 3]).buffer },
      { _id: "10002things", _creationTime: 2, inf: Number.POSITIVE_INFINITY, nan: Number.NaN },
      { _id: "10003things", _creationTime: 3, text: 'costs "$5"', list: [1, { a: null }] },
    ];
    SqliteStore.create(file, dir, { nextDocId: 10_004, lastCreationTime: 3 }, (store) =>
      store.write({
        documents: new Map(docs.map((doc) => [doc._id as string, { table: "things", doc }])),
        results: [["session:1", { value: "ok", logLines: [] }]],
        meta: { nextDocId: 10_004, lastCreationTime: 3 },
      }),
    );
    const db = emptyDatabase();
    const restore = restorer(file, db);
    const read = readStore(file, restore);
    restore.finish(read.meta.nextDocId, read.meta.lastCreationTime);
    expect(read.documents).toBe(3);
    expect(read.results).toEqual([["session:1", { value: "ok", logLines: [] }]]);
    const [first, second, third] = docs.map((doc) => db._documents[doc._id as string]);
    expect(first?.n).toBe(5n);
    expect(new Uint8Array(first?.bytes as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3]));
    expect(second?.inf).toBe(Number.POSITIVE_INFINITY);
    expect(second?.nan).toBeNaN();
    expect(third).toEqual(docs[2]);
    expect(db._nextDocId).toBe(10_004);
    expect(db._tableIds.get("things")?.size).toBe(3);
  });
});
