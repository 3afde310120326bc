/**
 * `<store>.checked`, written by store/open.ts when a server closes its store cleanly: the
 * file's identity then (size, times, inode) and a fingerprint of the schema its documents
 * were written under. Every document got into the store through convex-test, which checks
 * each insert and patch against that schema; so while the stamp still matches — nobody
 * touched the file since, and the schema is the same — the next start need not check every
 * document's fields again (a third of the load time at 100 courses). Any other start (a
 * crash left a journal, the file was edited or copied, the schema changed, no stamp) checks
 * them all. Deleted as soon as a server opens the store for writing.
 */
import { createHash } from "node:crypto";
import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import type { DatabaseInternals } from "../engine.ts";

interface SchemaHolder {
  _schema: { schemaValidation: boolean; tables: Map<string, { documentType?: unknown }> } | null;
}

/** What the app's schema says documents look like, as a short hash. */
export function schemaFingerprint(db: DatabaseInternals): string {
  const schema = (db as unknown as SchemaHolder)._schema;
  const tables = schema
    ? [...schema.tables].map(([name, table]) => [name, table.documentType ?? null])
    : null;
  return createHash("sha256")
    .update(JSON.stringify({ validation: schema?.schemaValidation ?? false, tables }))
    .digest("hex");
}

function identity(file: string): string {
  const stat = statSync(file, { bigint: true });
  return [stat.size, stat.mtimeNs, stat.ctimeNs, stat.ino].join(":");
}

const stampOf = (file: string) => `${file}.checked`;

export function writeStamp(file: string, fingerprint: string): void {
  writeFileSync(stampOf(file), JSON.stringify({ file: identity(file), schema: fingerprint }));
}

/** Whether the store is as a clean close left it, under the same schema. */
export function stampHolds(file: string, fingerprint: string): boolean {
  try {
    statSync(`${file}-wal`);
    return false; // a journal: written after the stamp (or a crash)
  } catch {
    // no journal, as after a clean close
  }
  try {
    const stamp = JSON.parse(readFileSync(stampOf(file), "utf8")) as Record<string, unknown>;
    return stamp.schema === fingerprint && stamp.file === identity(file);
  } catch {
    return false;
  }
}

export function dropStamp(file: string): void {
  rmSync(stampOf(file), { force: true });
}
