import type { Value } from "convex/values";
import type { DatabaseInternals } from "./engine.ts";
import { tableFromId } from "./tracking.ts";

/**
 * `_scheduled_functions` documents with the fields
 * https://docs.convex.dev/scheduling/scheduled-functions documents: `name` is the canonical
 * path ("messages.js:destruct"), and a finished job (success, failed, canceled) has its
 * `completedTime`. convex-test writes "messages:destruct" and no completedTime on success.
 * Installed by the engine over convex-test's database writes; its scheduler runs jobs from
 * the function reference it captured, not from `name`.
 */

const FINISHED = new Set(["success", "failed", "canceled"]);

interface WritableDatabase extends DatabaseInternals {
  _addWrite(id: string, document: Record<string, Value> | null): void;
}

/** "messages:destruct" → "messages.js:destruct"; canonical paths stay as they are. */
export function canonicalName(name: string): string {
  const [module = "", fn = "default"] = name.split(":");
  return /\.js$/.test(module) ? `${module}:${fn}` : `${module}.js:${fn}`;
}

export function installScheduledFunctionFields(database: DatabaseInternals): void {
  const db = database as WritableDatabase;
  const addWrite = db._addWrite.bind(db);
  db._addWrite = (id, document) => {
    if (document !== null && tableFromId(id) === "_scheduled_functions") {
      const state = document.state as { kind?: string } | undefined;
      const fixed: Record<string, Value> = { ...document };
      if (typeof fixed.name === "string") fixed.name = canonicalName(fixed.name);
      if (state?.kind && FINISHED.has(state.kind) && fixed.completedTime === undefined) {
        fixed.completedTime = Date.now();
      }
      addWrite(id, fixed);
      return;
    }
    addWrite(id, document);
  };
}
