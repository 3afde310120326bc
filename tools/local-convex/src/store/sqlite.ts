/**
 * Node's built-in SQLite (`node:sqlite`), loaded without its "experimental" warning on every
 * start: the store (sqlite-store.ts) and the tests use it; no native dependency to build.
 */
import { createRequire } from "node:module";
import type * as Sqlite from "node:sqlite";

const emitWarning = process.emitWarning;
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  if (String(warning).includes("SQLite")) return;
  return (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
}) as typeof process.emitWarning;
const sqlite = createRequire(import.meta.url)("node:sqlite") as typeof Sqlite;
process.emitWarning = emitWarning;

export const { DatabaseSync } = sqlite;
export type DatabaseSync = Sqlite.DatabaseSync;
