/**
 * Who calls what, by name, in the central code: for each short name, how many functions
 * and methods call it in their bodies (`c.ExecuteC()`, `self.wsgi_app(...)`); for each
 * function or method, how many of the project's own names it calls (its fan-out: the
 * methods that orchestrate the others are the main path through a type).
 *
 * Read by core.ts (findCore) and main-path.ts; reads the files through the SourceReader.
 */
import { readOr } from "../pipeline/source-text.ts";
import type { MapFile, OutlineItem, SourceReader } from "../types.ts";

export interface Calls {
  /** Short name -> how many distinct functions and methods call it. */
  callers: Map<string, number>;
  /** `path:line` of a function or method -> how many distinct project names it calls. */
  fanOut: Map<string, number>;
  /** `path:line` of a function, method or class -> the project names its body calls. */
  callees: Map<string, Set<string>>;
}

/** `name(`, with type arguments between (`create<T>(`, Rust's `parse::<T>(`). */
const CALL = /([A-Za-z_$][\w$]*)\s*(?:(?:::)?<[^<>()]*>)?\(/g;

export function callKey(file: MapFile, item: OutlineItem): string {
  return `${file.path}:${item.line}`;
}

/** Calls among these files' functions and methods; `declared` are the project's names. */
export async function findCalls(
  files: MapFile[],
  reader: SourceReader,
  declared: Map<string, number>,
): Promise<Calls> {
  const callers = new Map<string, number>();
  const fanOut = new Map<string, number>();
  const callees = new Map<string, Set<string>>();
  for (const file of files) {
    // Classes too, for their callees only: a method the outline missed is still in its body.
    const callables = file.outline.filter(
      (o) => o.kind === "function" || o.kind === "method" || o.kind === "class",
    );
    if (callables.length === 0) continue;
    const lines = (await readOr(reader, file.path)).split("\n");
    for (const item of callables) {
      const own = item.name.split(/\.|::|#/).pop();
      // The signature line is left out: its parameter list is not a call.
      const body = lines.slice(item.line, item.endLine ?? item.line).join("\n");
      const called = new Set<string>();
      // Only the project's own names: `if (`, `len(`, `Sprintf(` say nothing about it.
      for (const m of body.matchAll(CALL))
        if (m[1] !== own && declared.has(m[1] as string)) called.add(m[1] as string);
      callees.set(callKey(file, item), called);
      if (item.kind === "class") continue;
      fanOut.set(callKey(file, item), called.size);
      for (const name of called) callers.set(name, (callers.get(name) ?? 0) + 1);
    }
  }
  return { callers, fanOut, callees };
}
