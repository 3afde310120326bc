/**
 * Who calls what, by name, in the central code: for each short name, how many functions
 * and methods call it in their bodies (`c.ExecuteC()`, `self.wsgi_app(...)`); for each
 * function or method, how many of the project's own names it calls (its fan-out: the
 * methods that orchestrate the others are the main path through a type).
 *
 * Read by core.ts (findCore) and main-path.ts; reads the files through the SourceReader
 * when their facts are not saved.
 */
import type { MapFile, OutlineItem, SourceReader } from "../types.ts";
import { callables, callFacts, type FactsMemo } from "./facts.ts";

export interface Calls {
  /** Short name -> how many distinct functions and methods call it. */
  callers: Map<string, number>;
  /** `path:line` of a function or method -> how many distinct project names it calls. */
  fanOut: Map<string, number>;
  /** `path:line` of a function, method or class -> the project names its body calls. */
  callees: Map<string, Set<string>>;
}

export function callKey(file: MapFile, item: OutlineItem): string {
  return `${file.path}:${item.line}`;
}

/**
 * Calls among these files' functions and methods; `declared` are the project's names. What
 * each body calls is a fact of the file (facts.ts): read again only for a changed file.
 */
export async function findCalls(
  files: MapFile[],
  reader: SourceReader,
  declared: Map<string, number>,
  memo?: FactsMemo,
): Promise<Calls> {
  const callers = new Map<string, number>();
  const fanOut = new Map<string, number>();
  const callees = new Map<string, Set<string>>();
  for (const file of files) {
    const items = callables(file);
    if (items.length === 0) continue;
    const calls = await callFacts(file, memo, () => reader.read(file.path).catch(() => undefined));
    for (const [i, item] of items.entries()) {
      // Only the project's own names: `if (`, `len(`, `Sprintf(` say nothing about it.
      const called = new Set((calls[i] ?? []).filter((name) => declared.has(name)));
      callees.set(callKey(file, item), called);
      if (item.kind === "class") continue;
      fanOut.set(callKey(file, item), called.size);
      for (const name of called) callers.set(name, (callers.get(name) ?? 0) + 1);
    }
  }
  return { callers, fanOut, callees };
}
