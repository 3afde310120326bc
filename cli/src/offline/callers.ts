/**
 * Who calls one declaration: the declarations of the code (tests left out) whose body uses
 * its name as a call (`name(`, `.name(`, `new Name`, `Name{`). Same-package callers count
 * (Go and Rust modules do not import their own files), so the search reads the declaring
 * file, the files that import it, those of its folder and the central files.
 *
 * Read by the trace tutorials (tutorials.ts).
 */
import { isTestPath } from "../codemap/languages.ts";
import type { CodeMap, MapFile, OutlineItem, SourceReader } from "../types.ts";
import type { Core } from "./core.ts";
import { usePattern } from "./usage.ts";

const MAX_FILES = 80;

export interface CallSite {
  file: MapFile;
  item: OutlineItem;
  /** The line of the call. */
  line: number;
}

function searched(map: CodeMap, core: Core, file: MapFile): MapFile[] {
  const dir = file.path.slice(0, file.path.lastIndexOf("/") + 1);
  const near = map.files.filter(
    (f) =>
      f === file ||
      f.imports.includes(file.path) ||
      (f.path.startsWith(dir) && !f.path.slice(dir.length).includes("/")),
  );
  return [...new Set([...near, ...core.files])]
    .filter((f) => f.language && !isTestPath(f.path))
    .slice(0, MAX_FILES);
}

/** The declarations that call `item`, nearest files first, at most `count`. */
export async function callersOf(
  map: CodeMap,
  reader: SourceReader,
  core: Core,
  file: MapFile,
  item: OutlineItem,
  count = 6,
): Promise<CallSite[]> {
  const pattern = usePattern(item.name);
  const sites: CallSite[] = [];
  for (const f of searched(map, core, file)) {
    if (sites.length >= count) break;
    let lines: string[];
    try {
      lines = (await reader.read(f.path)).split("\n");
    } catch {
      continue;
    }
    for (const o of f.outline) {
      if (sites.length >= count) break;
      if (o === item || (o.kind !== "function" && o.kind !== "method")) continue;
      const end = Math.min(o.endLine ?? o.line, lines.length);
      for (let n = o.line + 1; n <= end; n++) {
        const l = lines[n - 1] as string;
        if (!pattern.test(l) || /^\s*(\/\/|#|\*|\/\*)/.test(l)) continue;
        sites.push({ file: f, item: o, line: n });
        break;
      }
    }
  }
  return sites;
}
