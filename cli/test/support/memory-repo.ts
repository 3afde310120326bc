/**
 * A small in-memory repository for pipeline tests: builds a CodeMap (paths, line counts, a
 * regex outline of exports, relative imports) and a SourceReader over a record of files.
 * The real scanner lives in cli/src/scan and cli/src/codemap; this keeps pipeline tests
 * independent of it.
 */
import type { CodeMap, MapFile, OutlineItem, SourceReader } from "../../src/types.ts";

export interface MemoryRepo {
  map: CodeMap;
  reader: SourceReader;
  /** Paths read through the reader, in order (to check what a run looked at). */
  reads: string[];
}

export function memoryRepo(name: string, files: Record<string, string>): MemoryRepo {
  const reads: string[] = [];
  const mapFiles: MapFile[] = Object.entries(files).map(([path, text]) =>
    mapFile(path, text, files),
  );
  const map: CodeMap = {
    root: `/memory/${name}`,
    name,
    files: mapFiles,
    skipped: [],
    languages: countLanguages(mapFiles),
    totals: {
      filesSeen: mapFiles.length,
      filesKept: mapFiles.length,
      bytesKept: mapFiles.reduce((n, f) => n + f.bytes, 0),
      tokensKept: mapFiles.reduce((n, f) => n + f.tokens, 0),
    },
  };
  const text = (path: string) => {
    const t = files[path];
    if (t === undefined) throw new Error(`no such file: ${path}`);
    reads.push(path);
    return t;
  };
  const reader: SourceReader = {
    read: async (path) => text(path),
    lines: async (path, start, end) =>
      text(path)
        .split("\n")
        .slice(start - 1, end),
  };
  return { map, reader, reads };
}

function mapFile(path: string, text: string, all: Record<string, string>): MapFile {
  const lines = text.split("\n");
  const outline: OutlineItem[] = [];
  lines.forEach((line, i) => {
    const m = /^export (?:async )?(function|class|interface|type|const) (\w+)/.exec(line);
    if (m)
      outline.push({
        kind: m[1] as OutlineItem["kind"],
        name: m[2] ?? "",
        exported: true,
        line: i + 1,
      });
  });
  const imports = [...text.matchAll(/from "(\.[^"]+)"/g)]
    .map((m) => resolve(path, m[1] ?? ""))
    .filter((p) => p in all);
  const language = path.endsWith(".ts") ? "typescript" : path.endsWith(".md") ? "markdown" : null;
  return {
    path,
    language,
    bytes: text.length,
    lines: lines.length,
    outline,
    imports,
    tokens: Math.ceil(text.length / 4),
  };
}

function resolve(from: string, spec: string): string {
  const parts = from.split("/").slice(0, -1);
  for (const p of spec.split("/")) {
    if (p === "..") parts.pop();
    else if (p !== ".") parts.push(p);
  }
  return parts.join("/");
}

function countLanguages(files: MapFile[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of files) if (f.language) out[f.language] = (out[f.language] ?? 0) + 1;
  return out;
}

/** A generated TypeScript project: `modules` folders of `filesPerModule` files each. */
export function syntheticProject(
  modules: number,
  filesPerModule: number,
  linesPerFile = 60,
): Record<string, string> {
  const files: Record<string, string> = {
    "README.md": "# Demo\n\nA demo project used by the pipeline tests.\n",
  };
  for (let m = 0; m < modules; m++) {
    for (let f = 0; f < filesPerModule; f++) {
      const body: string[] = [`/** Module ${m} file ${f}. */`];
      if (m > 0) body.push(`import { run${m - 1}_0 } from "../mod${m - 1}/file0.ts";`);
      if (f > 0) body.push(`import { run${m}_0 } from "./file0.ts";`);
      body.push(`export function run${m}_${f}(input: string): string {`);
      for (let l = body.length; l < linesPerFile - 1; l++)
        body.push(`  input = input.replace("a${l}", "b${l}"); // step ${l}`);
      body.push("}");
      files[`src/mod${m}/file${f}.ts`] = body.join("\n");
    }
  }
  return files;
}
