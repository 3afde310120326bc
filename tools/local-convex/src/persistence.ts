import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { convexToJson, type JSONValue, jsonToConvex, type Value } from "convex/values";
import type { DatabaseInternals } from "./engine.ts";
import { getOrCreate } from "./maps.ts";
import type { MutationResult, MutationResults } from "./mutation-results.ts";
import { tableFromId } from "./tracking.ts";
import { PINNED_CONVEX_VERSION } from "./version.ts";

const FORMAT = "local-convex-data/1";

/**
 * The data file: every document (scheduled functions included), the id counter, and the
 * results of recent client mutations (so one re-sent after a restart is not run twice).
 */
interface DataFile {
  format: typeof FORMAT;
  convexVersion: string;
  savedAt: string;
  nextDocId: number;
  lastCreationTime: number;
  documents: JSONValue[];
  mutationResults?: [string, MutationResult][];
}

// File blobs are not kept, so their `_storage` rows are not either.
const NOT_PERSISTED = new Set(["_storage"]);

export function saveData(file: string, db: DatabaseInternals, results: MutationResults): void {
  const documents: JSONValue[] = [];
  for (const [id, doc] of Object.entries(db._documents)) {
    if (!NOT_PERSISTED.has(tableFromId(id) ?? "")) documents.push(convexToJson(doc as Value));
  }
  const data: DataFile = {
    format: FORMAT,
    convexVersion: PINNED_CONVEX_VERSION,
    savedAt: new Date().toISOString(),
    nextDocId: db._nextDocId,
    lastCreationTime: db._lastCreationTime,
    documents,
    mutationResults: results.entries(),
  };
  // Write then rename, so a crash mid-write never leaves a half-written data file.
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(data));
  renameSync(temporary, file);
}

/** Loads a data file into an empty database; returns how many documents it restored. */
export function loadData(file: string, db: DatabaseInternals, results: MutationResults): number {
  if (!existsSync(file)) return 0;
  let data: DataFile;
  try {
    data = JSON.parse(readFileSync(file, "utf8")) as DataFile;
  } catch (error) {
    throw new Error(
      `Data file ${file} is not valid JSON (${(error as Error).message}). Fix it or start with --reset.`,
    );
  }
  if (data.format !== FORMAT || !Array.isArray(data.documents)) {
    throw new Error(`${file} is not a local-convex data file. Use another --data path or --reset.`);
  }
  if (Object.keys(db._documents).length > 0) {
    throw new Error("Data can only be loaded into an empty database");
  }
  let maxCounter = db._nextDocId - 1;
  for (const json of data.documents) {
    const doc = jsonToConvex(json) as Record<string, Value>;
    const id = doc._id as string;
    const table = tableFromId(id);
    if (table === null) throw new Error(`Data file ${file} holds a document with a bad _id: ${id}`);
    db._documents[id] = doc;
    getOrCreate(db._tableIds, table, () => new Set<string>()).add(id);
    maxCounter = Math.max(maxCounter, Number.parseInt(id, 10));
  }
  db._nextDocId = Math.max(data.nextDocId ?? 0, maxCounter + 1);
  db._lastCreationTime = Math.max(db._lastCreationTime, data.lastCreationTime ?? 0);
  results.load(data.mutationResults ?? []);
  return data.documents.length;
}

export function resetData(file: string): void {
  rmSync(file, { force: true });
}
